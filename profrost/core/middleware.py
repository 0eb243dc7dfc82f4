from django.conf import settings
from django.contrib.auth.views import redirect_to_login

PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/static/",
    "/api/",
    "/admin/",
    "/healthz",
    "/practices/public/",
)


class LoginRequiredMiddleware:
    """Every page but the login page, static files, the API (own auth) and admin needs a login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
