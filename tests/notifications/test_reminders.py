"""The daily reminders: each finder tells the right people of what is due, nobody outside, and
a second run of the day tells nobody again. The clock is fixed (as tests/core/test_clock.py
does) at a Friday near a month's end, so the windows cross into March."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from profrost.notifications.models import Notification, NotificationKind
from profrost.notifications.tasks import send_reminders
from profrost.registry.models import Attestation
from profrost.routes import services as routes
from tests import factories
from tests.datarequests.factories import RecipientFactory, sent
from tests.network.factories import EventFactory, ParticipationFactory
from tests.programs.factories import CohortFactory, EnrollmentFactory
from tests.routes.factories import CheckpointFactory, RouteFactory, RouteItemFactory, route_people

TODAY = date(2027, 2, 26)
K = NotificationKind


def day(offset):
    return TODAY + timedelta(days=offset)


@pytest.fixture(autouse=True)
def clock():
    moment = timezone.make_aware(datetime.combine(TODAY, time(6, 30)))
    with time_machine.travel(moment, tick=False):
        assert timezone.localdate() == TODAY
        yield


@pytest.fixture
def people(two_orgs):
    return route_people(two_orgs)


@pytest.fixture
def run(deliver):
    def run():
        with deliver():
            return send_reminders()

    return run


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_diagnostic_deadline_tells_who_has_not_submitted(people, region, run):
    ending = factories.CampaignFactory(region=region, title="ИКТ", ends_on=day(3))
    factories.AttemptFactory(campaign=ending, person=people["person_a"])
    factories.AttemptFactory(campaign=ending, person=people["person_b"], status="submitted")
    later = factories.CampaignFactory(region=region, ends_on=day(4))
    factories.AttemptFactory(campaign=later, person=people["person_b"])

    run()

    assert told(K.DIAGNOSTIC_DEADLINE) == {people["teacher"].pk}
    notification = Notification.objects.get()
    assert notification.title == "Диагностика «ИКТ»: срок — 01.03.2027"
    assert notification.url == "/diagnostics/my/"


@pytest.fixture
def running_route(people):
    route = RouteFactory(person=people["person"], tutor=people["tutor"], starts_on=day(-30))
    item = RouteItemFactory(route=route, covers=[people["deficit_met"]])
    RouteItemFactory(route=route, covers=[people["deficit_psy"]])
    routes.agree_route(route, by=people["methodist"])
    routes.start_route(route, by=people["methodist"])
    Notification.objects.all().delete()
    return item


def test_checkpoints_due_soon_and_overdue_tell_the_routes_person(people, running_route, run):
    item = running_route
    item.checkpoints.all().delete()
    soon = CheckpointFactory(item=item, title="Открытый урок", due_on=day(3))
    late = CheckpointFactory(item=item, title="Самоанализ", due_on=day(-2))
    CheckpointFactory(item=item, due_on=day(4))
    CheckpointFactory(item=item, due_on=day(-1), done_on=day(-1))

    run()

    due = Notification.objects.get(kind=K.CHECKPOINT_DUE)
    overdue = Notification.objects.get(kind=K.CHECKPOINT_OVERDUE)
    assert (due.recipient, overdue.recipient) == (people["teacher"], people["teacher"])
    assert due.title == "Контрольная точка «Открытый урок»: срок — 01.03.2027"
    assert overdue.title == "Контрольная точка «Самоанализ» просрочена (срок — 24.02.2027)"
    assert due.url == soon.get_absolute_url()
    assert overdue.url == late.get_absolute_url()
    assert Notification.objects.count() == 2


def test_course_starting_tells_approved_enrolments_only(people, region, run):
    cohort = CohortFactory(program__title="Финансовая грамотность", starts_on=day(7))
    EnrollmentFactory(cohort=cohort, person=people["person_a"], status="approved")
    EnrollmentFactory(cohort=cohort, person=people["person_b"], status="applied")
    later = CohortFactory(starts_on=day(8))
    EnrollmentFactory(cohort=later, person=people["person_b"], status="approved")

    run()

    assert told(K.COURSE_STARTING) == {people["teacher"].pk}
    assert Notification.objects.get().title == (
        "Обучение «Финансовая грамотность» начинается 05.03.2027"
    )


def test_data_request_deadline_tells_recipients_not_submitted(people, two_orgs, run):
    data_request = sent(RecipientFactory(organization=two_orgs["org_a"]).request)
    type(data_request).objects.filter(pk=data_request.pk).update(deadline=day(3))
    RecipientFactory(request=data_request, organization=two_orgs["org_b"], status="submitted")
    draft = RecipientFactory(organization=two_orgs["org_b"], request__deadline=day(1)).request

    run()

    assert told(K.DATA_REQUEST_DEADLINE) == {people["admin_a"].pk}
    assert draft.status == "draft"
    recipient = data_request.recipients.get(organization=two_orgs["org_a"])
    assert Notification.objects.get().url == f"/requests/answers/{recipient.pk}/"


def test_event_tomorrow_tells_the_registered(people, run):
    moment = timezone.make_aware(datetime.combine(day(1), time(15)))
    tomorrow = EventFactory(title="Педсовет", starts_at=moment, ends_at=moment)
    ParticipationFactory(event=tomorrow, person=people["person_a"])
    after = EventFactory(starts_at=moment + timedelta(days=1), ends_at=moment + timedelta(days=1))
    ParticipationFactory(event=after, person=people["person_b"])

    run()

    assert told(K.EVENT_TOMORROW) == {people["teacher"].pk}
    assert Notification.objects.get().title == "Завтра в 15:00 — мероприятие «Педсовет»"


def test_attestation_due_tells_the_person_and_their_schools_administrators(people, run):
    Attestation.objects.filter(person=people["person_a"]).update(valid_until=day(60))
    Attestation.objects.filter(person=people["person_b"]).update(valid_until=day(120))
    former = factories.EmploymentFactory(
        organization=people["org_b"], person=people["person_a"], end_date=day(-10)
    )
    assert former.start_date <= TODAY

    run()

    assert told(K.ATTESTATION_DUE) == {people["teacher"].pk, people["admin_a"].pk}
    assert (
        Notification.objects.filter(recipient=people["teacher"])
        .get()
        .title.endswith("срок до 27.04.2027")
    )


def test_a_second_run_tells_nobody_and_the_queries_do_not_grow(
    people, region, running_route, run, django_assert_max_num_queries
):
    campaign = factories.CampaignFactory(region=region, ends_on=day(2))
    for _ in range(10):
        person = factories.EmploymentFactory(organization=people["org_a"]).person
        factories.teacher_user(person)
        factories.AttemptFactory(campaign=campaign, person=person)
    CheckpointFactory(item=running_route, due_on=day(1))
    Attestation.objects.filter(person=people["person_a"]).update(valid_until=day(30))

    with django_assert_max_num_queries(40):
        assert run() == 3
    first = Notification.objects.count()
    with django_assert_max_num_queries(40):
        run()

    assert first == 10 + 1 + 2
    assert Notification.objects.count() == first


def test_reminders_are_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["notification-reminders"]
    assert entry["task"] == "profrost.notifications.tasks.send_reminders"
