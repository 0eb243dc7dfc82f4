"""The psychologist's side of a sensitive screening: the notice when a submitted screening
leaves a deficit open, the list «Результаты чувствительных методик» and the home page task."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from profrost.core.models import AuditEntry, User
from profrost.core.roles import Role
from profrost.diagnostics import services
from profrost.diagnostics.selectors import attention_tasks
from profrost.notifications.models import Notification, NotificationKind
from tests import factories

from .conftest import first_option, second_option

ATTENTION = NotificationKind.SENSITIVE_ATTENTION


@pytest.fixture
def screening(diag, region):
    """The test of `diag` made sensitive, with the psychologists and the managers around."""
    diag = {**diag, "region": region}
    diag["instrument"].sensitive = True
    diag["instrument"].save(update_fields=["sensitive"])
    foreign = factories.RegionFactory(name="Чужая область")
    return {
        **diag,
        "psychologist": factories.user_with_role(
            Role.PSYCHOLOGIST, diag["region"], email="psy@example.org"
        ),
        "foreign_psychologist": factories.user_with_role(Role.PSYCHOLOGIST, foreign),
        "off_psychologist": factories.user_with_role(
            Role.PSYCHOLOGIST, diag["region"], is_active=False
        ),
        "regional_admin": factories.user_with_role(Role.REGIONAL_ADMIN, diag["region"]),
        "org_admin_a": factories.user_with_role(Role.ORGANIZATION_ADMIN, diag["org_a"]),
    }


def submit(world, picks, capture):
    attempt, user = world["attempt_a"], world["teacher_a"]
    for item, pick in zip(world["items"], picks, strict=True):
        services.save_answer(attempt, item, by=user, options=[pick(item).pk])
    with capture(execute=True):
        services.submit_attempt(attempt, by=user)
    return attempt


LOW = [second_option, second_option, second_option, second_option]
HIGH = [first_option, first_option, first_option, first_option]


def test_a_screening_with_a_deficit_is_told_to_the_psychologist_of_the_region_only(
    screening, django_capture_on_commit_callbacks, mailoutbox
):
    attempt = submit(screening, LOW, django_capture_on_commit_callbacks)

    told = Notification.objects.filter(kind=ATTENTION)
    assert list(told.values_list("recipient", flat=True)) == [screening["psychologist"].pk]
    notice = told.get()
    assert notice.url == f"/diagnostics/attempts/{attempt.pk}/"
    assert notice.title == "Скрининг: результат требует внимания — Альфина Иван Иванович"
    assert notice.text == "Школа А. Диагностика «Региональная диагностика»."
    assert [letter.to for letter in mailoutbox] == [["psy@example.org"]]


def test_the_notice_carries_no_score(screening, django_capture_on_commit_callbacks, mailoutbox):
    submit(screening, LOW, django_capture_on_commit_callbacks)

    notice = Notification.objects.get(kind=ATTENTION)
    for text in (notice.title, notice.text, mailoutbox[0].body, mailoutbox[0].subject):
        assert "0 %" not in text
        assert "Дефицит" not in text
        assert "балл" not in text.lower()


def test_a_screening_without_a_deficit_tells_nobody(screening, django_capture_on_commit_callbacks):
    submit(screening, HIGH, django_capture_on_commit_callbacks)

    assert not Notification.objects.filter(kind=ATTENTION).exists()


def test_a_deficit_of_an_instrument_that_is_not_sensitive_tells_nobody(
    diag, region, django_capture_on_commit_callbacks
):
    factories.user_with_role(Role.PSYCHOLOGIST, region)

    submit(diag, LOW, django_capture_on_commit_callbacks)

    assert not Notification.objects.filter(kind=ATTENTION).exists()


def test_the_psychologist_is_told_of_an_attempt_once(screening):
    from profrost.diagnostics.services.notices import attention_message
    from profrost.notifications.services import deliver

    attempt = screening["attempt_a"]
    message = attention_message(attempt)
    user_ids = [screening["psychologist"].pk]
    deliver(user_ids, {"kind": ATTENTION, **message})
    deliver(user_ids, {"kind": ATTENTION, **message})

    assert Notification.objects.filter(kind=ATTENTION).count() == 1
    assert message["key"] == f"attempt:{attempt.pk}"


# The list page --------------------------------------------------------------------------------


@pytest.fixture
def screened(screening, django_capture_on_commit_callbacks):
    submit(screening, LOW, django_capture_on_commit_callbacks)
    return screening


def test_the_list_shows_the_people_needing_attention_to_the_psychologist(client, screened):
    client.force_login(screened["psychologist"])

    response = client.get("/diagnostics/sensitive/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Альфина Иван Иванович" in content
    assert f'href="/diagnostics/attempts/{screened["attempt_a"].pk}/"' in content
    entry = AuditEntry.objects.get(action="diagnostics.deficit.listed")
    assert entry.actor == screened["psychologist"]
    assert len(entry.data["ids"]) == 2  # both competences are below the level


def test_the_list_is_forbidden_without_the_sensitive_permission(client, screened):
    for user in (screened["regional_admin"], screened["org_admin_a"], screened["teacher_a"]):
        client.force_login(user)
        assert client.get("/diagnostics/sensitive/").status_code == 403


def test_the_list_of_a_psychologist_of_another_region_is_empty(client, screened):
    client.force_login(screened["foreign_psychologist"])

    content = client.get("/diagnostics/sensitive/").content.decode()

    assert "Альфина" not in content
    assert "Результатов, требующих внимания, нет" in content


def test_a_proficient_later_screening_takes_the_person_off_the_list(client, screened):
    attempt = factories.AttemptFactory(
        campaign=factories.CampaignFactory(
            instrument=screened["instrument"], region=screened["region"]
        ),
        person=screened["person_a"],
        organization=screened["org_a"],
    )
    for item in screened["items"]:
        services.save_answer(
            attempt, item, by=screened["teacher_a"], options=[first_option(item).pk]
        )
    services.submit_attempt(attempt, by=screened["teacher_a"], now=timezone.now())
    client.force_login(screened["psychologist"])

    assert "Альфина" not in client.get("/diagnostics/sensitive/").content.decode()


def test_the_list_search_finds_by_name(client, screened):
    client.force_login(screened["psychologist"])

    assert "Альфина" in client.get("/diagnostics/sensitive/?q=альф").content.decode()
    assert "Альфина" not in client.get("/diagnostics/sensitive/?q=бетова").content.decode()


def test_the_export_is_audited_and_named(client, screened):
    client.force_login(screened["psychologist"])

    response = client.get("/diagnostics/sensitive/?export=xlsx")

    assert response.status_code == 200
    assert "sensitive_results" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action="diagnostics.deficit.exported")
    assert (entry.actor, entry.data["rows"]) == (screened["psychologist"], 2)


def sensitive_deficit(world, person, organization):
    campaign = factories.CampaignFactory(instrument=world["instrument"], region=world["region"])
    attempt = factories.AttemptFactory(
        campaign=campaign, person=person, organization=organization, status="submitted"
    )
    services.record_result(
        person=person,
        organization=organization,
        competence_id=world["psy"].pk,
        measured_on=date(2026, 11, 20),
        score=0,
        max_score=2,
        level="deficit",
        source="campaign",
        source_title="Скрининг",
        attempt=attempt,
    )


def test_the_list_and_the_tasks_cost_the_same_queries_for_one_and_for_three_people(
    client, screening
):
    user = screening["psychologist"]
    client.force_login(user)
    sensitive_deficit(screening, screening["person_b"], screening["org_b"])
    client.get("/diagnostics/sensitive/")  # warm the session and the content types

    def cost():
        with CaptureQueriesContext(connection) as page:
            client.get("/diagnostics/sensitive/")
        fresh = User.objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as tasks:
            attention_tasks(fresh, date(2026, 12, 1))
        return len(page), len(tasks)

    before = cost()
    for _number in range(2):
        person = factories.EmploymentFactory(organization=screening["org_a"]).person
        sensitive_deficit(screening, person, screening["org_a"])
    assert cost() == before
    assert before[1] == 2  # the scope's roles, then the group in one query


# «Мои задачи» ---------------------------------------------------------------------------------


def test_the_task_group_lists_each_person_once_linking_to_the_attempt(screened):
    group = attention_tasks(screened["psychologist"], timezone.localdate())

    assert group.title == "Скрининг: результаты, требующие внимания"
    assert group.total == 1
    task = group.tasks[0]
    assert task.title == "Альфина Иван Иванович"
    assert task.url == f"/diagnostics/attempts/{screened['attempt_a'].pk}/"
    assert task.detail.startswith("Школа А · выявлено ")
    assert group.more_url == "/diagnostics/sensitive/"


def test_the_task_group_is_for_the_psychologist_only(screened):
    today = timezone.localdate()

    assert attention_tasks(screened["foreign_psychologist"], today).total == 0
    for user in ("regional_admin", "org_admin_a", "teacher_a"):
        assert attention_tasks(screened[user], today) is None
    assert attention_tasks(factories.UserFactory(is_superuser=True), today) is None


def test_the_home_page_shows_the_group(client, screened):
    client.force_login(screened["psychologist"])

    content = client.get("/").content.decode()

    assert "Скрининг: результаты, требующие внимания" in content
    assert "Результаты чувствительных методик" in content  # the menu


def test_every_menu_link_of_the_psychologist_opens(client, screened, rf):
    from profrost.core.context_processors import navigation

    user = screened["psychologist"]
    request = rf.get("/")
    request.user = user
    links = [
        url for _label, _icon, entries in navigation(request)["nav_menus"] for _t, url in entries
    ]
    client.force_login(user)

    # Reading only: no page of routes, programs or monitoring (but the methodical asset).
    assert "/diagnostics/sensitive/" in links
    assert [url for url in links if url.startswith(("/routes/", "/programs/", "/monitoring/"))] == [
        "/routes/methodists/"
    ]
    for url in links:
        assert client.get(url).status_code == 200, url
