"""The status flow of a route, the person's progress and evidence, checkpoints, and the
re-diagnosis offered on completion."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from profrost.diagnostics.models import Attempt, Campaign, Deficit
from profrost.routes import services
from profrost.routes.models import ItemStatus, Route, RouteStatus
from tests import factories
from tests.methodists.factories import AssignmentFactory, MethodistFactory
from tests.routes.factories import (
    CheckpointFactory,
    RouteFactory,
    RouteItemFactory,
    days,
    today,
)


@pytest.fixture
def route(people):
    """A draft of teacher A tutored by Тьюторова: one item for each open deficit."""
    route = RouteFactory(person=people["person"], tutor=people["tutor"], title="ИОМ Альфиной")
    RouteItemFactory(route=route, covers=[people["deficit_met"]], title="Курс по уроку")
    RouteItemFactory(route=route, covers=[people["deficit_psy"]], title="Работа в ШМО")
    return route


def status_of(route):
    return Route.objects.get(pk=route.pk).status


def running(route, people):
    services.agree_route(route, by=people["methodist"])
    return services.start_route(route, by=people["methodist"])


# The table of moves -----------------------------------------------------------------------------

ILLEGAL = [
    ("draft", "start", "Начать выполнение можно только согласованного маршрута"),
    ("draft", "complete", "Завершить можно только выполняемый маршрут"),
    ("agreed", "agree", "Согласовать можно только черновик маршрута"),
    ("agreed", "complete", "Завершить можно только выполняемый маршрут"),
    ("in_progress", "agree", "Согласовать можно только черновик маршрута"),
    ("in_progress", "start", "Начать выполнение можно только согласованного маршрута"),
    ("completed", "cancel", "Завершённый или отменённый маршрут отменить нельзя"),
    ("completed", "start", "Начать выполнение можно только согласованного маршрута"),
    ("cancelled", "agree", "Согласовать можно только черновик маршрута"),
    ("cancelled", "cancel", "Завершённый или отменённый маршрут отменить нельзя"),
]
SERVICE = {
    "agree": lambda route, by: services.agree_route(route, by=by),
    "start": lambda route, by: services.start_route(route, by=by),
    "complete": lambda route, by: services.complete_route(route, by=by),
    "cancel": lambda route, by: services.cancel_route(route, by=by, reason="Уволилась"),
}


@pytest.mark.parametrize(("status", "move", "message"), ILLEGAL)
def test_route_refuses_an_illegal_move_with_a_russian_message(people, route, status, move, message):
    Route.objects.filter(pk=route.pk).update(status=status)
    label = RouteStatus(status).label

    with pytest.raises(ValidationError) as error:
        SERVICE[move](route, people["methodist"])

    assert error.value.messages == [f"{message}; маршрут сейчас: «{label}»."]
    assert status_of(route) == status


def test_route_moves_draft_agreed_in_progress_completed(people, route):
    agreed = services.agree_route(route, by=people["methodist"])
    assert (agreed.status, agreed.agreed_on, agreed.agreed_by) == (
        "agreed",
        today(),
        people["methodist"],
    )
    services.start_route(route, by=people["methodist"])
    for item in route.items.all():
        services.set_item_status(item, ItemStatus.DONE, by=people["teacher"])

    completed = services.complete_route(route, by=people["methodist"])

    assert (completed.status, completed.completed_on) == ("completed", today())


def test_allowed_moves_follow_the_table(route):
    assert services.allowed_moves(route) == ["agree", "cancel"]
    route.status = RouteStatus.COMPLETED
    assert services.allowed_moves(route) == []


# Conditions of each move ------------------------------------------------------------------------


def test_agree_without_items_is_refused(people):
    empty = RouteFactory(person=people["person"])

    with pytest.raises(ValidationError, match="нет ни одного пункта"):
        services.agree_route(empty, by=people["methodist"])


def test_agree_with_an_unaddressed_deficit_is_refused_until_it_is_explained(people):
    route = RouteFactory(person=people["person"])
    RouteItemFactory(route=route, covers=[people["deficit_met"]])

    with pytest.raises(ValidationError) as error:
        services.agree_route(route, by=people["methodist"])
    assert "Учёт возрастных особенностей" in error.value.messages[0]

    services.set_deficit_note(
        route, people["deficit_psy"], "Устраняется в наставнической паре", by=people["methodist"]
    )
    assert services.agree_route(route, by=people["methodist"]).status == "agreed"


def test_complete_with_unmarked_items_is_refused(people, route):
    running(route, people)
    first = route.items.first()
    services.set_item_status(first, ItemStatus.DONE, by=people["teacher"])

    with pytest.raises(ValidationError) as error:
        services.complete_route(route, by=people["methodist"])

    assert error.value.messages == [
        "Не отмечено выполнение: 1 пункт. Отметьте каждый пункт «выполнено» или «не выполнено»."
    ]


def test_complete_notes_on_each_deficit_what_addressed_it(people, route):
    running(route, people)
    for item, status in zip(route.items.order_by("order"), ["done", "not_done"], strict=True):
        services.set_item_status(item, status, by=people["methodist"])

    services.complete_route(route, by=people["methodist"])

    note = Deficit.objects.get(pk=people["deficit_met"].pk).addressed_note
    assert note == f"ИОМ «ИОМ Альфиной», завершён {today():%d.%m.%Y}: Курс по уроку (Выполнено)."
    psy = Deficit.objects.get(pk=people["deficit_psy"].pk).addressed_note
    assert psy.endswith("Работа в ШМО (Не выполнено).")


def test_cancel_needs_a_reason(people, route):
    with pytest.raises(ValidationError) as error:
        services.cancel_route(route, by=people["methodist"], reason="  ")

    assert error.value.message_dict == {"reason": ["Укажите причину отмены маршрута."]}
    services.cancel_route(route, by=people["methodist"], reason="Уволилась")
    assert status_of(route) == "cancelled"


# Who moves it: the person, the tutor, the methodist, outsiders ----------------------------------


@pytest.mark.parametrize("user_key", ["teacher", "tutor_user", "admin_b", "teacher_b"])
def test_only_who_manages_the_route_moves_its_status(people, route, user_key):
    with pytest.raises(PermissionDenied):
        services.agree_route(route, by=people[user_key])
    with pytest.raises(PermissionDenied):
        services.cancel_route(route, by=people[user_key], reason="Так")

    assert status_of(route) == "draft"


def test_organization_admin_of_the_person_manages_the_route(people, route):
    assert services.agree_route(route, by=people["admin_a"]).status == "agreed"


# The person's progress ----------------------------------------------------------------------------


def test_person_marks_an_item_on_an_agreed_route_and_so_starts_it(people, route):
    services.agree_route(route, by=people["methodist"])
    item = route.items.first()

    services.set_item_status(item, ItemStatus.IN_PROGRESS, by=people["teacher"])

    assert status_of(route) == "in_progress"
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_person_cannot_mark_items_of_a_draft(people, route):
    with pytest.raises(ValidationError, match="только в согласованном или выполняемом"):
        services.set_item_status(route.items.first(), ItemStatus.DONE, by=people["teacher"])


def test_person_cannot_mark_an_item_not_done(people, route):
    running(route, people)

    with pytest.raises(PermissionDenied, match="ставит тьютор или методист"):
        services.set_item_status(route.items.first(), ItemStatus.NOT_DONE, by=people["teacher"])


@pytest.mark.parametrize("user_key", ["tutor_user", "admin_b", "teacher_b"])
def test_others_cannot_mark_the_persons_items(people, route, user_key):
    running(route, people)

    with pytest.raises(PermissionDenied):
        services.set_item_status(route.items.first(), ItemStatus.DONE, by=people[user_key])


# Evidence -----------------------------------------------------------------------------------------


def upload(name, size=100):
    return SimpleUploadedFile(name, b"x" * size, content_type="application/octet-stream")


def test_evidence_takes_a_text_a_link_and_a_file(people, route, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    running(route, people)
    item = route.items.first()

    services.save_evidence(
        item,
        by=people["teacher"],
        text="Удостоверение получено",
        url="https://example.org/udostoverenie",
        upload=upload("udostoverenie.pdf"),
    )

    item.refresh_from_db()
    assert item.evidence_text == "Удостоверение получено"
    assert item.evidence_url == "https://example.org/udostoverenie"
    assert item.evidence_file.name.endswith(".pdf")
    assert item.evidence_file.size == 100


def test_evidence_file_over_10_mb_is_refused(people, route, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    running(route, people)

    with pytest.raises(ValidationError) as error:
        services.save_evidence(
            route.items.first(),
            by=people["teacher"],
            upload=upload("big.pdf", 10 * 1024 * 1024 + 1),
        )

    assert error.value.message_dict == {
        "evidence_file": ["Файл больше 10 МБ: загрузите файл поменьше."]
    }


def test_evidence_file_of_exactly_10_mb_is_accepted(people, route, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    running(route, people)
    item = route.items.first()

    services.save_evidence(item, by=people["teacher"], upload=upload("scan.jpg", 10 * 1024 * 1024))

    item.refresh_from_db()
    assert item.evidence_file.size == 10 * 1024 * 1024


@pytest.mark.parametrize("name", ["virus.exe", "script.js", "noextension"])
def test_evidence_file_of_another_type_is_refused(people, route, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    running(route, people)

    with pytest.raises(ValidationError) as error:
        services.save_evidence(route.items.first(), by=people["teacher"], upload=upload(name))

    assert error.value.message_dict["evidence_file"][0].startswith("Файлы «.")


def test_evidence_link_without_http_is_refused(people, route):
    running(route, people)

    with pytest.raises(ValidationError) as error:
        services.save_evidence(route.items.first(), by=people["teacher"], url="ftp://x.org/a")

    assert error.value.message_dict == {
        "evidence_url": ["Введите ссылку, начинающуюся с http:// или https://."]
    }


# Checkpoints ------------------------------------------------------------------------------------


@pytest.mark.parametrize("user_key", ["teacher", "tutor_user", "methodist"])
def test_checkpoint_is_marked_by_the_person_the_tutor_or_the_methodist(people, route, user_key):
    running(route, people)
    checkpoint = CheckpointFactory(item=route.items.first(), due_on=days(-3))

    services.mark_checkpoint(checkpoint, by=people[user_key])

    checkpoint.refresh_from_db()
    assert checkpoint.done_on == today()


@pytest.mark.parametrize("user_key", ["admin_b", "teacher_b"])
def test_checkpoint_is_not_marked_by_outsiders(people, route, user_key):
    running(route, people)
    checkpoint = CheckpointFactory(item=route.items.first())

    with pytest.raises(PermissionDenied):
        services.mark_checkpoint(checkpoint, by=people[user_key])


def test_checkpoint_added_while_in_progress_and_not_deleted_once_done(people, route):
    running(route, people)
    checkpoint = services.add_checkpoint(
        route.items.first(),
        by=people["methodist"],
        data={"title": "Открытый урок", "due_on": days(5)},
    )
    services.mark_checkpoint(checkpoint, by=people["teacher"])

    with pytest.raises(ValidationError, match="Выполненная контрольная точка не удаляется"):
        services.delete_checkpoint(checkpoint, by=people["methodist"])


# Re-diagnosis -------------------------------------------------------------------------------------


@pytest.fixture
def instrument(people):
    instrument = factories.InstrumentFactory(title="Тест по уроку")
    factories.choice_item(instrument, [people["met"]])
    factories.choice_item(instrument, [people["met"], people["psy"]])
    return instrument


def completed(route, people):
    running(route, people)
    for item in route.items.all():
        services.set_item_status(item, ItemStatus.DONE, by=people["teacher"])
    return services.complete_route(route, by=people["methodist"])


def test_complete_offers_a_rediagnosis_campaign_with_an_attempt(people, route, instrument):
    done = completed(route, people)

    attempt = done.rediagnosis_attempt
    campaign = attempt.campaign
    assert (attempt.person, attempt.organization, attempt.status) == (
        people["person"],
        people["org_a"],
        "assigned",
    )
    assert (campaign.instrument, campaign.level, campaign.organization) == (
        instrument,
        "organization",
        people["org_a"],
    )
    assert (campaign.starts_on, campaign.ends_on) == (today(), today() + timedelta(days=30))
    assert Route.objects.get(pk=route.pk).rediagnosis_attempt == attempt


def test_rediagnosis_reuses_an_open_campaign_of_the_organization(people, route, instrument):
    open_campaign = factories.CampaignFactory(
        instrument=instrument,
        level="organization",
        region=people["org_a"].municipality.region,
        municipality=people["org_a"].municipality,
        organization=people["org_a"],
    )

    done = completed(route, people)

    assert done.rediagnosis_attempt.campaign == open_campaign
    assert Campaign.objects.count() == 1


def test_complete_without_a_measuring_instrument_offers_nothing(people, route):
    done = completed(route, people)

    assert done.rediagnosis_attempt is None
    assert Attempt.objects.count() == 0
    with pytest.raises(ValidationError, match="Нет опубликованного инструмента"):
        services.offer_rediagnosis(done, by=people["methodist"])


def test_rediagnosis_is_offered_only_after_completion(people, route, instrument):
    with pytest.raises(ValidationError, match="после завершения маршрута"):
        services.offer_rediagnosis(route, by=people["methodist"])


def test_checkpoint_is_marked_by_the_methodist_the_person_is_assigned_to(people, route):
    running(route, people)
    methodist_person = factories.EmploymentFactory(organization=people["org_a"]).person
    methodist = MethodistFactory(person=methodist_person, municipality=people["mun_a"])
    AssignmentFactory(methodist=methodist, person=people["person"])
    checkpoint = CheckpointFactory(item=route.items.first(), due_on=days(-1))

    services.mark_checkpoint(checkpoint, by=factories.teacher_user(methodist_person))

    checkpoint.refresh_from_db()
    assert checkpoint.done_on == today()
