"""Sensitive instruments (the burnout screening): a named result is read by the person and the
ЦНППМ psychologist of their region only, through the one door (`visible_to` with
`private_filter`); managers see aggregates of at least five people."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import get_resolver

from profrost.core.roles import Role
from profrost.diagnostics.models import CompetenceResult, Deficit
from profrost.diagnostics.selectors.summary import deficit_summary
from profrost.diagnostics.services.results import record_result
from tests import factories
from tests.core.test_url_walk import NO_LIST_CHECK, walk

# The score only the sensitive result has: a page that shows it shows the result.
SECRET = Decimal("97.13")
MARKERS = ("97,13", "97.13")


@pytest.fixture
def screening(region, two_orgs):
    instrument = factories.InstrumentFactory(title="Скрининг выгорания", sensitive=True)
    competence = factories.CompetenceFactory(name="Эмоциональная устойчивость")
    factories.choice_item(instrument, [competence])
    campaign = factories.CampaignFactory(instrument=instrument, region=region)
    return {"instrument": instrument, "competence": competence, "campaign": campaign}


def screened(person, screening, score=SECRET, organization=None):
    attempt = factories.AttemptFactory(
        person=person, campaign=screening["campaign"], status="submitted"
    )
    return record_result(
        person=person,
        organization=organization or person.employments.first().organization,
        competence_id=screening["competence"].pk,
        measured_on=date(2026, 11, 20),
        score=score,
        max_score=Decimal("120"),
        level="deficit",
        source="campaign",
        source_title="Скрининг выгорания",
        attempt=attempt,
    )


@pytest.fixture
def result(two_orgs, screening):
    return screened(two_orgs["person_a"], screening)


@pytest.fixture
def psychologist(region):
    return factories.user_with_role(Role.PSYCHOLOGIST, region)


@pytest.fixture
def foreign_psychologist(db):
    return factories.user_with_role(Role.PSYCHOLOGIST, factories.RegionFactory(name="Чужая"))


def test_the_door_lets_the_person_and_the_psychologist_read_the_result_by_name(
    two_orgs, result, org_admin_a, regional_admin, psychologist
):
    teacher = factories.teacher_user(two_orgs["person_a"])

    def reads(user):
        return (
            CompetenceResult.objects.visible_to(user, "diagnostics.view")
            .filter(pk=result.pk)
            .exists(),
            Deficit.objects.visible_to(user, "diagnostics.view").filter(found_by=result).exists(),
        )

    assert reads(teacher) == (True, True)
    assert reads(psychologist) == (True, True)
    assert reads(factories.UserFactory(is_superuser=True)) == (True, True)
    assert reads(org_admin_a) == (False, False)
    assert reads(regional_admin) == (False, False)


def test_a_psychologist_of_another_region_reads_nothing_of_the_region(result, foreign_psychologist):
    for model in (CompetenceResult, Deficit):
        rows = model.objects.visible_to(foreign_psychologist, "diagnostics.view")
        assert not rows.exists()
    assert not CompetenceResult.objects.visible_to(
        foreign_psychologist, "diagnostics.view_sensitive"
    ).exists()


def sensitive_pages(person, attempt):
    return [
        f"/diagnostics/attempts/{attempt.pk}/",
        f"/diagnostics/people/{person.pk}/map/",
        "/diagnostics/results/",
        "/diagnostics/deficits/",
        "/diagnostics/sensitive/",
        "/api/results/",
        "/api/deficits/",
    ]


def test_the_psychologist_reads_the_named_result_on_every_page_and_in_the_api(
    client, two_orgs, result, psychologist
):
    person = two_orgs["person_a"]
    client.force_login(psychologist)

    for path in sensitive_pages(person, result.attempt):
        response = client.get(path)
        assert response.status_code == 200, path
        content = response.content.decode()
        assert any(marker in content for marker in MARKERS) or "Альфина" in content, path
    attempt_page = client.get(f"/diagnostics/attempts/{result.attempt_id}/").content.decode()
    assert "97,13" in attempt_page
    # The map shows percents: 97,13 of 120.
    assert "80,9" in client.get(f"/diagnostics/people/{person.pk}/map/").content.decode()
    assert client.get(f"/api/results/{result.pk}/").json()["score"] in ("97.13", 97.13)


def test_a_psychologist_of_another_region_reaches_no_page_of_the_result(
    client, two_orgs, result, foreign_psychologist
):
    person = two_orgs["person_a"]
    client.force_login(foreign_psychologist)

    assert client.get(f"/diagnostics/attempts/{result.attempt_id}/").status_code == 404
    assert client.get(f"/diagnostics/people/{person.pk}/map/").status_code == 404
    assert client.get(f"/api/results/{result.pk}/").status_code == 404
    for path in sensitive_pages(person, result.attempt)[2:]:
        response = client.get(path)
        content = response.content.decode()
        assert response.status_code == 200, path
        assert "Альфина" not in content, path
        assert not any(marker in content for marker in MARKERS), path


def test_the_school_still_gets_aggregates_only(client, two_orgs, result, org_admin_a):
    client.force_login(org_admin_a)

    assert client.get("/diagnostics/sensitive/").status_code == 403
    page = client.get(f"/diagnostics/attempts/{result.attempt_id}/").content.decode()
    assert "97,13" not in page
    assert "педагог-психолог ЦНППМ" in page


def test_pages_and_api_never_show_a_named_sensitive_result_to_the_school(
    client, two_orgs, result, org_admin_a
):
    person = two_orgs["person_a"]
    attempt = result.attempt
    client.force_login(org_admin_a)
    pages = [f"/diagnostics/attempts/{attempt.pk}/", f"/diagnostics/people/{person.pk}/map/"]
    for name, route, entry in walk(get_resolver().url_patterns):
        if not entry.pattern.converters and name not in NO_LIST_CHECK:
            pages.append("/" + route.lstrip("^").rstrip("$"))
    pages += [
        "/api/results/",
        "/api/deficits/",
        f"/diagnostics/people/{person.pk}/map/?export=xlsx",
    ]
    opened = 0
    for path in pages:
        response = client.get(path)
        if response.status_code != 200:
            continue
        opened += 1
        content = response.content.decode(errors="ignore")
        for marker in MARKERS:
            assert marker not in content, path
    assert opened > 30
    attempt_page = client.get(f"/diagnostics/attempts/{attempt.pk}/").content.decode()
    assert "Методика чувствительная" in attempt_page


def test_the_person_sees_her_own_result(client, two_orgs, result):
    client.force_login(factories.teacher_user(two_orgs["person_a"]))

    page = client.get(f"/diagnostics/attempts/{result.attempt_id}/").content.decode()

    assert "97,13" in page


def test_summary_shows_a_sensitive_competence_for_five_people_or_more_only(
    two_orgs, screening, regional_admin, psychologist
):
    org_a = two_orgs["org_a"]
    screened(two_orgs["person_a"], screening)
    competence = screening["competence"].pk

    def column(user):
        summary = deficit_summary(user, date_from=date(2026, 9, 1), date_to=date(2026, 12, 31))
        return next(c for c in summary.columns if c.competence_id == competence), summary

    small, summary = column(regional_admin)
    assert small.hidden
    cell = next(
        c for row in summary.rows for c in row.cells if c.competence_id == competence and c.hidden
    )
    assert cell.count is None
    assert not column(psychologist)[0].hidden

    for _number in range(4):
        person = factories.EmploymentFactory(organization=org_a).person
        screened(person, screening)
    large, summary = column(regional_admin)
    assert not large.hidden
    assert large.count == 5


def test_a_route_is_not_built_from_a_sensitive_finding(two_orgs, result):
    from profrost.routes import building

    person = two_orgs["person_a"]
    assert Deficit.objects.filter(person=person, found_by=result).exists()

    assert list(building.open_deficits(person)) == []
