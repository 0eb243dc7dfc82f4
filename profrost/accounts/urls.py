from django.urls import path

from . import views, views_roles

app_name = "accounts"

urlpatterns = [
    path("invite/", views.invite_selected, name="invite_selected"),
    path("<int:person_pk>/invite/", views.invite_person, name="invite"),
    path("<int:person_pk>/resend/", views.resend_invitation, name="resend"),
    path("<int:person_pk>/deactivate/", views.deactivate_account, name="deactivate"),
    path("<int:person_pk>/activate/", views.activate_account, name="activate"),
    path("<int:person_pk>/roles/grant/", views_roles.grant_role, name="grant_role"),
    path(
        "<int:person_pk>/roles/<int:assignment_pk>/revoke/",
        views_roles.revoke_role,
        name="revoke_role",
    ),
]
