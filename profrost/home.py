"""The home page: what the user's scope holds and the diagnostics waiting for them. It lives at
the project level because it joins several apps, which core (no domain knowledge) must not."""

from django.shortcuts import render

from profrost.diagnostics.selectors import campaigns
from profrost.registry import selectors as registry_selectors

HOME_ATTEMPTS = 5


def home(request):
    context = {
        "summary": registry_selectors.scope_summary(request.user),
        "roles": request.user.roles.select_related("region", "municipality", "organization"),
    }
    if request.user.person_id:
        context["assigned_rows"] = campaigns.attempt_rows(
            campaigns.pending_attempts_of_person(request.user.person_id)[:HOME_ATTEMPTS]
        )
    return render(request, "home.html", context)
