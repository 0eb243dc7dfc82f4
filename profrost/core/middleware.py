from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.cache import patch_cache_control

from . import audit

PUBLIC_PREFIXES = (
    # Login, password reset, the second factor and single sign-on; the pages of an account
    # (password change, second factor set-up) ask for a login themselves.
    "/accounts/",
    "/static/",
    "/api/",
    "/admin/",
    "/healthz",
    "/practices/public/",
)


class LoginRequiredMiddleware:
    """Every page but the account pages, static files, the API (own auth) and admin needs a
    login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing answered to a logged-in user is kept by the browser or a proxy: the pages, exports
    and API answers carry personal data, and a shared school computer's back button or cache
    must not show them to the next person. Static files are served before this (WhiteNoise);
    anonymous pages keep what their views set (the login page is `never_cache` already)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # After the view: DRF sets `request.user` when a token authenticates.
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class ForbiddenAuditMiddleware:
    """Every 403 a page raises (PermissionDenied) is audited with its path: refusals are what a
    probe for other people's data leaves behind. The API audits its own (api/base.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied) and request.user.is_authenticated:
            audit.forbidden(request.user, request.path)
