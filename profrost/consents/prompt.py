"""Consent asked at login: a person with an account and no consent yet, whose region has a text,
is shown the text after logging in (by password or through the region's provider), on the first
page they open, once per login and at every login until they accept, and may accept it or go
on. A withdrawn consent is the person's decision: they are not asked again. The home page keeps
the task until the consent is given (`selectors.own_consent_task`)."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from profrost.registry.models import ConsentState, Person

from . import selectors

SESSION_KEY = "consents_prompt"
# Pages the prompt never interrupts: the account's own (login, second factor), the consent
# pages, files, the API and the service's health.
PASS_PREFIXES = ("/accounts/", "/consents/", "/static/", "/media/", "/api/", "/admin/", "/healthz")


def ask_on_login(sender, request, user, **kwargs):
    """`user_logged_in`: remember to show the text when it is there and not yet answered."""
    if request is None or not getattr(user, "person_id", None):
        return
    asked = Person.objects.filter(pk=user.person_id, consent_state=ConsentState.MISSING)
    if not asked.exists():
        return
    if selectors.current_text(selectors.region_of(user.person_id)) is not None:
        request.session[SESSION_KEY] = True


class ConsentPromptMiddleware:
    """Sends the first page view after such a login to the consent page, once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and request.user.is_authenticated
            and not request.headers.get("HX-Request")
            and not request.path.startswith(PASS_PREFIXES)
            and request.session.pop(SESSION_KEY, False)
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('consents:my')}?{query}")
        return self.get_response(request)


def next_url(request):
    """Where the consent page leads on: the page the person was going to, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    local = target.startswith("/") and not target.startswith("//")
    if local and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return ""
