"""The home page: «Мои задачи» — what is waiting for the user in every app (core/todo.py) — and
below it what the user's scope holds. It lives at the project level because it joins several
apps, which core (no domain knowledge) must not."""

from django.shortcuts import render
from django.utils import timezone

from profrost.consents import selectors as consents
from profrost.datarequests import selectors as datarequests
from profrost.diagnostics.selectors import campaigns
from profrost.diagnostics.selectors import sensitive as diagnostics_sensitive
from profrost.monitoring import selectors as monitoring
from profrost.practices import selectors as practices
from profrost.programs import selectors as programs
from profrost.registry import selectors as registry_selectors
from profrost.routes import selectors as routes

HOME_ATTEMPTS = 5

# Each provider takes (user, today) and returns a TaskGroup, or None when the user holds no
# role the group is for; the page shows the groups that have tasks, in this order.
TASK_PROVIDERS = (
    consents.own_consent_task,
    routes.own_checkpoint_tasks,
    routes.own_item_tasks,
    routes.tutor_tasks,
    diagnostics_sensitive.attention_tasks,
    monitoring.recommendation_tasks,
    datarequests.answer_tasks,
    registry_selectors.attestation_tasks,
    consents.consent_tasks,
    routes.agreement_tasks,
    programs.enrollment_tasks,
    practices.review_tasks,
    monitoring.period_tasks,
    monitoring.red_indicator_tasks,
)


def task_groups(user, today=None):
    today = today or timezone.localdate()
    groups = (provider(user, today) for provider in TASK_PROVIDERS)
    return [group for group in groups if group is not None and group.total]


def home(request):
    user = request.user
    context = {
        "summary": registry_selectors.scope_summary(user),
        "roles": user.roles.select_related("region", "municipality", "organization"),
        "task_groups": task_groups(user),
    }
    if user.person_id:
        context["assigned_rows"] = campaigns.attempt_rows(
            campaigns.pending_attempts_of_person(user.person_id)[:HOME_ATTEMPTS]
        )
    return render(request, "home.html", context)
