from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("invite/", views.invite_selected, name="invite_selected"),
    path("<int:person_pk>/invite/", views.invite_person, name="invite"),
    path("<int:person_pk>/resend/", views.resend_invitation, name="resend"),
    path("<int:person_pk>/deactivate/", views.deactivate_account, name="deactivate"),
    path("<int:person_pk>/activate/", views.activate_account, name="activate"),
]
