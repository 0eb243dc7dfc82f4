"""Single sign-on: allauth's openid_connect views under /accounts/oidc/, mounted before
allauth's own URLs so that these guarded ones answer (the names stay allauth's, and the
patterns are allauth's regular expressions)."""

from allauth.socialaccount.providers.openid_connect import views
from django.urls import re_path

from .social import guarded

urlpatterns = [
    re_path(r"^oidc/(?P<provider_id>[^/]+)/login/$", guarded(views.login)),
    re_path(r"^oidc/(?P<provider_id>[^/]+)/login/callback/$", guarded(views.callback)),
]
