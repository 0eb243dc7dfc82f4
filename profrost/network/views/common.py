from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from profrost.core.roles import Perm
from profrost.core.search import search
from profrost.core.views import get_scoped_or_404

from .. import services

SEARCH_LIMIT = 30


def error_text(error):
    return " ".join(error.messages)


def people_found(people, text):
    """The people whose name matches the search text, at most SEARCH_LIMIT of them."""
    if not text:
        return []
    found = search(people, text, ("last_name", "first_name", "middle_name"))
    return found.order_by("last_name", "first_name", "middle_name", "pk")[:SEARCH_LIMIT]


class ObjectActionView(View):
    """An action on one object: outside the view scope 404, outside the change scope 403 (both
    before anything else, GET included). GET shows a confirmation, POST acts."""

    model = None
    perm = Perm.VIEW_NETWORK
    change_perm = None
    template_name = "network/confirm.html"
    question = ""
    button = ""
    button_class = "btn-primary"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_scoped_or_404(self.model, request.user, kwargs["pk"], self.perm)
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self):
        if self.change_perm and not services.may_change(
            self.object, self.request.user, self.change_perm
        ):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self.get_context_data())

    def get_context_data(self, **kwargs):
        return {
            "object": self.object,
            "title": self.question,
            "question": self.question,
            "button": self.button,
            "button_class": self.button_class,
            "back_url": self.get_success_url(),
            **kwargs,
        }

    def post(self, request, *args, **kwargs):
        try:
            message = self.act()
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if message:
                messages.success(request, message)
        return redirect(self.next_url() or self.get_success_url())

    def next_url(self):
        """Where the form asked to return (a page listing several objects), if it is ours."""
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return ""

    def act(self):
        raise NotImplementedError

    def get_success_url(self):
        return self.object.get_absolute_url()
