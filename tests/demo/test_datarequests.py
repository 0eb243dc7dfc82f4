import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from profrost.datarequests import values
from profrost.datarequests.models import (
    DataRequest,
    RecipientStatus,
    RequestAnswer,
    RequestRecipient,
    RequestStatus,
)
from profrost.demo.context import DemoContext
from profrost.demo.datarequests import build_demo_datarequests
from profrost.demo.registry.build import build_demo_registry
from profrost.registry.models import OrganizationKind

TEACHERS = 150


def build(seed=1):
    context = DemoContext(rng=random.Random(seed), today=timezone.localdate(), teachers=TEACHERS)
    build_demo_registry(context)
    build_demo_datarequests(context)
    return context


class Rollback(Exception):
    pass


def fingerprint_of_build(seed):
    try:
        with transaction.atomic():
            build(seed)
            rows = sorted(
                (
                    answer.recipient.request.title,
                    answer.recipient.organization.inn,
                    answer.recipient.status,
                    answer.field.label,
                    str(answer.value),
                )
                for answer in RequestAnswer.objects.select_related(
                    "recipient__request", "recipient__organization", "field"
                )
            )
            raise Rollback
    except Rollback:
        return rows


def test_demo_three_requests_of_the_methodists_municipality_to_all_its_organizations(db):
    context = build()

    municipality = context.users["municipal"].roles.get().municipality
    educational = {
        OrganizationKind.SCHOOL,
        OrganizationKind.KINDERGARTEN,
        OrganizationKind.ADDITIONAL,
    }
    schools = {
        org.pk
        for org in context.organizations
        if org.municipality_id == municipality.pk and org.kind in educational
    }
    requests = list(DataRequest.objects.order_by("sent_at"))
    assert [r.status for r in requests] == [
        RequestStatus.CLOSED,
        RequestStatus.SENT,
        RequestStatus.SENT,
    ]
    for data_request in requests:
        assert data_request.municipality == municipality
        assert 3 <= data_request.fields.count() <= 6
        assert set(data_request.recipients.values_list("organization_id", flat=True)) == schools


def test_demo_most_answered_some_drafts_one_returned(db):
    build()

    courses = RequestRecipient.objects.filter(
        request__title="Потребность в курсах повышения квалификации на 2027 год"
    )
    statuses = list(courses.values_list("status", flat=True))
    closed = list(
        RequestRecipient.objects.filter(request__status=RequestStatus.CLOSED).values_list(
            "status", flat=True
        )
    )
    assert closed.count(RecipientStatus.SUBMITTED) > len(closed) / 2
    assert RecipientStatus.NOT_STARTED in closed
    assert statuses.count(RecipientStatus.RETURNED) == 1
    assert RecipientStatus.DRAFT in statuses
    assert courses.get(status=RecipientStatus.RETURNED).return_comment


def test_demo_school_has_one_unanswered_request(db):
    context = build()

    school = context.users["school"].roles.get().organization
    own = RequestRecipient.objects.filter(organization=school, request__status=RequestStatus.SENT)
    assert own.filter(status=RecipientStatus.NOT_STARTED).count() == 1
    assert own.filter(status=RecipientStatus.SUBMITTED).count() == 1


def test_demo_answers_pass_the_answer_form_rules(db):
    build()

    submitted = RequestRecipient.objects.filter(status=RecipientStatus.SUBMITTED)
    for recipient in submitted.prefetch_related("request__fields", "answers__field"):
        given = {answer.field_id: answer.value for answer in recipient.answers.all()}
        _parsed, errors = values.parse_all(recipient.request.fields.all(), given, require=True)
        assert errors == {}
    for data_request in DataRequest.objects.all():
        data_request.full_clean()


def test_demo_same_seed_same_rows(db):
    first, again, other = fingerprint_of_build(1), fingerprint_of_build(1), fingerprint_of_build(2)

    assert first == again
    assert first != other


def test_demo_without_registry_does_nothing(db):
    context = DemoContext(rng=random.Random(1), today=timezone.localdate(), teachers=TEACHERS)

    build_demo_datarequests(context)

    assert DataRequest.objects.count() == 0


@pytest.mark.parametrize("seed", [3])
def test_seed_demo_runs_the_datarequests_builder(db, settings, seed):
    settings.DEMO_BUILDERS = [
        "profrost.demo.registry.build.build_demo_registry",
        "profrost.demo.datarequests.build_demo_datarequests",
    ]
    out = StringIO()

    call_command("seed_demo", teachers=TEACHERS, seed=seed, stdout=out)

    lines = out.getvalue().splitlines()
    line = next(line for line in lines if line.strip().startswith("Запросы данных"))
    assert int(line.split()[-1]) == DataRequest.objects.count() == 3
