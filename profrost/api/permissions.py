"""Write access of the API.

Reads need nothing here: every queryset is `visible_to(user)`, so an object outside the user's
scope is never found (404). Creating needs the endpoint's change permission somewhere; changing or
deleting needs it over the object itself, checked only after the object was found, so an object
outside the scope stays a 404 and one that is visible but not changeable is a 403.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class ScopedChangePermission(BasePermission):
    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or view.detail:
            return True
        return view.may_create()

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return view.get_changeable_queryset().filter(pk=obj.pk).exists()
