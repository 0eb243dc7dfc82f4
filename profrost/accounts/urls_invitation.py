"""The invitation letter's link, under /accounts/ where no login is asked (core/middleware.py).
A regular expression like allauth's password-reset link: the key is not an object id."""

from django.urls import re_path

from . import views

app_name = "invitation"

urlpatterns = [
    re_path(
        r"^invitation/(?P<uidb36>[0-9A-Za-z]+)/(?P<key>[0-9A-Za-z]+-[0-9A-Za-z]+)/$",
        views.AcceptInvitationView.as_view(),
        name="accept",
    ),
]
