from django.conf import settings
from django.contrib.auth.views import redirect_to_login

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
