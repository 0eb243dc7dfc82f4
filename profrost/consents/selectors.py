"""Reading consents: the text in force, a person's consent, the people without one."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.roles import Perm
from profrost.core.scoping import Scope, resolve_scope
from profrost.core.todo import Task, task_group
from profrost.registry.models import ConsentState, Employment, Person, Region

from .models import Consent, ConsentText


def current_text(region):
    if region is None:
        return None
    return ConsentText.objects.filter(region=region).order_by("-version").first()


def region_of(person, on=None):
    """The region of the person's current job (the main one first), else of their last job."""
    jobs = Employment.objects.filter(person=person).order_by("-is_main", "-start_date", "-pk")
    job = jobs.active(on).first() or jobs.first()
    if job is None:
        return None
    return Region.objects.filter(municipalities__organizations=job.organization_id).first()


def texts_of(people, on=None):
    """person id → the text each person signs now (their region's current version, the region
    chosen as `region_of` does), for many people in two queries; people without one left out."""
    on = on or timezone.localdate()
    jobs = (
        Employment.objects.filter(person__in=[person.pk for person in people])
        .order_by("person", "-is_main", "-start_date", "-pk")
        .values_list("person_id", "organization__municipality__region_id", "start_date", "end_date")
    )
    region_of_person, active = {}, set()
    for person_id, region_id, start, end in jobs:
        current = start <= on and (end is None or end >= on)
        if person_id not in region_of_person or (current and person_id not in active):
            region_of_person[person_id] = region_id
        if current:
            active.add(person_id)
    texts = {}
    for text in ConsentText.objects.filter(region__in=set(region_of_person.values())).order_by(
        "region", "-version"
    ):
        texts.setdefault(text.region_id, text)
    return {
        person_id: texts[region_id]
        for person_id, region_id in region_of_person.items()
        if region_id in texts
    }


def in_force(person):
    return Consent.objects.filter(person=person, withdrawn_on=None).first()


def history(person):
    return Consent.objects.filter(person=person).select_related(
        "text", "recorded_by", "withdrawn_by"
    )


def missing(user, scope=None, on=None):
    """People now working in the user's reach (where they keep the staff) with no consent in
    force, by name."""
    scope = scope or resolve_scope(user, Perm.MANAGE_STAFF)
    working = Employment.objects.active(on).within(scope, Employment.scope_filter)
    people = Person.objects.filter(pk__in=working.values("person_id"))
    return people.exclude(consent_state=ConsentState.GIVEN).order_by(
        "last_name", "first_name", "pk"
    )


def consent_tasks(user, today):
    """The school's people without consent: for the organizations the user keeps the staff of
    at the organization level, as the attestation tasks."""
    organization_ids = resolve_scope(user, Perm.MANAGE_STAFF).organization_ids
    if not organization_ids:
        return None
    people = missing(user, Scope(organization_ids=organization_ids), today)

    def to_task(person):
        return Task(
            person.full_name,
            reverse("consents:person", args=[person.pk]),
            None,
            _("Нет согласия на обработку персональных данных"),
        )

    return task_group(
        "consent-missing",
        _("Нет согласия на обработку персональных данных"),
        people,
        to_task,
        more_url=reverse("consents:missing"),
    )


def own_consent_task(user, today):
    """The person's own consent, while not given and their region has a text."""
    if not user.person_id:
        return None
    people = Person.objects.filter(pk=user.person_id).exclude(consent_state=ConsentState.GIVEN)
    if current_text(region_of(user.person_id, today)) is None:
        people = people.none()

    def to_task(person):
        return Task(
            _("Дайте согласие на обработку персональных данных"),
            reverse("consents:my"),
            None,
            _("Прочитайте текст согласия и примите его или откажитесь."),
        )

    return task_group("my-consent", _("Согласие на обработку данных"), people, to_task)
