"""Campaign pages: the list, creating within the scope, editing, deleting, progress, assigning."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.diagnostics.models import Attempt, Campaign
from profrost.registry.models import ConsentState, Person
from tests import factories

from .conftest import first_option

LIST = "/diagnostics/campaigns/"
NEW = "/diagnostics/campaigns/new/"


def detail_url(campaign, suffix=""):
    return f"/diagnostics/campaigns/{campaign.pk}/{suffix}"


def campaign_form(diag, **overrides):
    data = {
        "title": "Диагностика методистов",
        "instrument": diag["instrument"].pk,
        "level": "organization",
        "organization": diag["org_a"].pk,
        "starts_on": date.today().strftime("%d.%m.%Y"),
        "ends_on": (date.today() + timedelta(days=30)).strftime("%d.%m.%Y"),
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def outsider(diag):
    """A regional methodist of another region."""
    return factories.user_with_role(
        Role.REGIONAL_METHODIST, factories.RegionFactory(name="Другая область")
    )


@pytest.fixture
def municipal_a(diag):
    return factories.user_with_role(Role.MUNICIPAL_METHODIST, diag["mun_a"])


def answer_first_item(client, diag):
    item = diag["items"][0]
    client.force_login(diag["teacher_a"])
    client.post(
        f"/diagnostics/attempts/{diag['attempt_a'].pk}/items/{item.pk}/answer/",
        {"options": first_option(item).pk},
    )


# List ------------------------------------------------------------------------------------------


def test_campaign_list_counts_only_the_attempts_the_user_sees(client, diag, org_admin_a, outsider):
    client.force_login(diag["methodist"])
    response = client.get(LIST)
    assert [
        (c.title, c.assigned_count, c.submitted_count) for c in response.context["object_list"]
    ] == [("Региональная диагностика", 2, 0)]
    client.force_login(org_admin_a)  # the regional campaign covers A's staff: A sees its share
    response = client.get(LIST)
    assert [(c.title, c.assigned_count) for c in response.context["object_list"]] == [
        ("Региональная диагностика", 1)
    ]
    client.force_login(outsider)
    assert list(client.get(LIST).context["object_list"]) == []


def test_campaign_list_filters_by_status_on_dates(client, diag):
    today = date.today()
    factories.CampaignFactory(
        title="Будущая",
        region=diag["campaign"].region,
        starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=10),
    )
    factories.CampaignFactory(
        title="Прошедшая",
        region=diag["campaign"].region,
        starts_on=today - timedelta(days=10),
        ends_on=today - timedelta(days=5),
    )
    client.force_login(diag["methodist"])

    def titles(query):
        return [c.title for c in client.get(LIST + query).context["object_list"]]

    assert titles("?status=planned") == ["Будущая"]
    assert titles("?status=open") == ["Региональная диагностика"]
    assert titles("?status=closed") == ["Прошедшая"]
    assert titles("?q=будущ") == ["Будущая"]
    assert titles(f"?instrument={diag['instrument'].pk}") == ["Региональная диагностика"]
    content = client.get(LIST + "?status=closed").content.decode()
    assert "Завершена" in content


def test_campaign_list_query_count_does_not_grow_with_rows(
    client, diag, django_assert_max_num_queries
):
    client.force_login(diag["methodist"])
    client.get(LIST)  # warm the session and the scope
    with django_assert_max_num_queries(30) as one:
        client.get(LIST)
    for number in range(3):
        campaign = factories.CampaignFactory(
            title=f"Ещё {number}",
            region=diag["campaign"].region,
            level="organization",
            municipality=diag["mun_a"],
            organization=diag["org_a"],
        )
        factories.AttemptFactory(campaign=campaign, person=diag["person_a"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(LIST)


def test_campaign_list_exports_xlsx(client, diag):
    client.force_login(diag["methodist"])
    response = client.get(LIST + "?export=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Кампания", "Инструмент", "Уровень")
    assert rows[1][0] == "Региональная диагностика"
    assert rows[1][3] == "Тестовая область"
    assert rows[1][-2:] == (2, 0)


# Create ----------------------------------------------------------------------------------------


def test_campaign_create_by_org_admin_assigns_own_staff(client, diag, org_admin_a):
    colleague = factories.EmploymentFactory(organization=diag["org_a"]).person
    client.force_login(org_admin_a)
    response = client.post(NEW, campaign_form(diag), follow=True)
    campaign = Campaign.objects.get(title="Диагностика методистов")
    assert response.redirect_chain[-1][0] == detail_url(campaign)
    assert "Назначено 2 работникам." in response.content.decode()
    assert (campaign.level, campaign.organization, campaign.municipality, campaign.region) == (
        "organization",
        diag["org_a"],
        diag["mun_a"],
        diag["org_a"].municipality.region,
    )
    assert set(campaign.attempts.values_list("person", flat=True)) == {
        diag["person_a"].pk,
        colleague.pk,
    }
    assert campaign.created_by == org_admin_a
    assert AuditEntry.objects.filter(action="diagnostics.campaign.created").count() == 1


def test_campaign_create_one_person_reads_in_singular(client, diag, org_admin_a):
    client.force_login(org_admin_a)
    response = client.post(NEW, campaign_form(diag), follow=True)
    assert "Назначено 1 работнику." in response.content.decode()


def test_campaign_create_outside_scope_is_refused(client, diag, org_admin_a):
    client.force_login(org_admin_a)
    other_org = client.post(NEW, campaign_form(diag, organization=diag["org_b"].pk))
    assert "Выберите корректный вариант" in other_org.content.decode()
    regional = client.post(NEW, campaign_form(diag, level="region"))
    assert "Выберите корректный вариант" in regional.content.decode()
    assert not Campaign.objects.filter(title="Диагностика методистов").exists()


def test_campaign_create_municipal_methodist_within_own_municipality_only(
    client, diag, municipal_a
):
    client.force_login(municipal_a)
    refused = client.post(
        NEW, campaign_form(diag, level="municipality", municipality=diag["mun_b"].pk)
    )
    assert refused.status_code == 200
    assert not Campaign.objects.filter(title="Диагностика методистов").exists()
    response = client.post(
        NEW, campaign_form(diag, level="municipality", municipality=diag["mun_a"].pk)
    )
    campaign = Campaign.objects.get(title="Диагностика методистов")
    assert response.status_code == 302
    assert (campaign.municipality, campaign.organization) == (diag["mun_a"], None)
    assert list(campaign.attempts.values_list("person", flat=True)) == [diag["person_a"].pk]


def test_campaign_create_regional_covers_the_region(client, diag, region):
    client.force_login(diag["methodist"])
    response = client.post(
        NEW, campaign_form(diag, level="region", region=region.pk, organization=""), follow=True
    )
    campaign = Campaign.objects.get(title="Диагностика методистов")
    assert "Назначено 2 работникам." in response.content.decode()
    assert (campaign.region, campaign.municipality, campaign.organization) == (region, None, None)


def test_campaign_create_with_end_before_start_shows_russian_error(client, diag, org_admin_a):
    client.force_login(org_admin_a)
    data = campaign_form(diag, starts_on="10.09.2026", ends_on="01.09.2026")
    content = client.post(NEW, data).content.decode()
    assert "Дата окончания не может быть раньше даты начала." in content
    bad = client.post(NEW, campaign_form(diag, starts_on="31.02.2026")).content.decode()
    assert "Введите дату в формате дд.мм.гггг." in bad
    assert not Campaign.objects.filter(title="Диагностика методистов").exists()


def test_campaign_create_offers_published_instruments_only(client, diag, org_admin_a):
    draft = factories.InstrumentFactory(title="Черновик теста", status="draft")
    client.force_login(org_admin_a)
    form = client.get(NEW).context["form"]
    choices = set(form.fields["instrument"].queryset.values_list("pk", flat=True))
    assert diag["instrument"].pk in choices
    assert draft.pk not in choices
    assert list(form.fields["level"].choices) == [
        ("", "—"),
        ("organization", "Уровень организации"),
    ]


def test_campaign_create_by_a_teacher_is_forbidden(client, diag):
    client.force_login(diag["teacher_a"])
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, campaign_form(diag)).status_code == 403


# Edit and delete -------------------------------------------------------------------------------


def test_campaign_update_before_answers_changes_target_and_reassigns(client, diag):
    campaign = diag["campaign"]
    client.force_login(diag["methodist"])
    data = campaign_form(diag, title="Только школа Б", organization=diag["org_b"].pk)
    response = client.post(detail_url(campaign, "edit/"), data, follow=True)
    assert "Участники назначены заново. Назначено 1 работнику." in response.content.decode()
    campaign.refresh_from_db()
    assert (campaign.title, campaign.organization) == ("Только школа Б", diag["org_b"])
    assert list(campaign.attempts.values_list("person", flat=True)) == [diag["person_b"].pk]


def test_campaign_update_after_answers_keeps_instrument_and_target(client, diag):
    campaign = diag["campaign"]
    answer_first_item(client, diag)
    other = factories.InstrumentFactory(title="Другой тест")
    client.force_login(diag["methodist"])
    data = campaign_form(
        diag,
        title="Новое название",
        instrument=other.pk,
        organization=diag["org_b"].pk,
        ends_on=(date.today() + timedelta(days=60)).strftime("%d.%m.%Y"),
    )
    response = client.post(detail_url(campaign, "edit/"), data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.title, campaign.instrument, campaign.level, campaign.organization) == (
        "Новое название",
        diag["instrument"],
        "region",
        None,
    )
    assert campaign.ends_on == date.today() + timedelta(days=60)
    assert campaign.attempts.count() == 2


def test_campaign_update_by_org_admin_of_a_regional_campaign_is_forbidden(
    client, diag, org_admin_a, outsider
):
    client.force_login(org_admin_a)
    assert client.get(detail_url(diag["campaign"], "edit/")).status_code == 403
    client.force_login(outsider)
    assert client.get(detail_url(diag["campaign"], "edit/")).status_code == 404


def test_campaign_delete_without_answers_removes_it(client, diag):
    client.force_login(diag["methodist"])
    response = client.post(detail_url(diag["campaign"], "delete/"), follow=True)
    assert "Кампания «Региональная диагностика» удалена." in response.content.decode()
    assert not Campaign.objects.exists()
    assert not Attempt.objects.exists()


def test_campaign_delete_with_answers_is_refused_with_a_message(client, diag):
    answer_first_item(client, diag)
    client.force_login(diag["methodist"])
    page = client.get(detail_url(diag["campaign"], "delete/")).content.decode()
    assert "удалить нельзя" in page
    response = client.post(detail_url(diag["campaign"], "delete/"), follow=True)
    assert (
        "Кампанию «Региональная диагностика» нельзя удалить: участники уже отвечали, "
        "их ответы и результаты сохраняются." in response.content.decode()
    )
    assert Campaign.objects.count() == 1


# Detail, progress, participants ----------------------------------------------------------------


def test_campaign_detail_progress_by_organization(client, diag):
    answer_first_item(client, diag)
    client.force_login(diag["teacher_b"])
    client.post(f"/diagnostics/attempts/{diag['attempt_b'].pk}/submit/")
    client.force_login(diag["methodist"])
    response = client.get(detail_url(diag["campaign"]))
    assert response.context["total"] == {"assigned": 2, "started": 2, "submitted": 1, "percent": 50}
    rows = [
        (r["organization__short_name"], r["assigned"], r["started"], r["submitted"])
        for r in response.context["by_organization"]
    ]
    assert rows == [("Школа А", 1, 1, 0), ("Школа Б", 1, 1, 1)]


def test_campaign_detail_org_admin_sees_only_own_staff(client, diag, org_admin_a, outsider):
    client.force_login(org_admin_a)
    response = client.get(detail_url(diag["campaign"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Альфина" in content
    assert "Бетова" not in content
    assert "Школа Б" not in content
    assert response.context["total"]["assigned"] == 1
    client.force_login(outsider)
    assert client.get(detail_url(diag["campaign"])).status_code == 404


def test_campaign_detail_exports_the_attempts(client, diag, org_admin_a):
    client.force_login(org_admin_a)
    response = client.get(detail_url(diag["campaign"]) + "?export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("ФИО", "Организация", "Статус")
    assert [row[:3] for row in rows[1:]] == [(diag["person_a"].full_name, "Школа А", "Назначена")]


def test_campaign_assign_adds_newcomers(client, diag, org_admin_a, outsider):
    newcomer = factories.EmploymentFactory(organization=diag["org_b"]).person
    url = detail_url(diag["campaign"], "assign/")
    client.force_login(diag["methodist"])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Назначено 1 работнику." in response.content.decode()
    assert diag["campaign"].attempts.filter(person=newcomer).count() == 1
    again = client.post(url, follow=True)
    assert "Новых участников нет" in again.content.decode()
    client.force_login(org_admin_a)
    assert client.post(url).status_code == 403
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    assert diag["campaign"].attempts.count() == 3


def test_campaign_leaves_out_who_withdrew_consent(client, diag, org_admin_a):
    withdrawn = factories.EmploymentFactory(organization=diag["org_a"]).person
    Person.objects.filter(pk=withdrawn.pk).update(consent_state=ConsentState.WITHDRAWN)
    client.force_login(org_admin_a)
    client.post(NEW, campaign_form(diag), follow=True)
    campaign = Campaign.objects.get(title="Диагностика методистов")
    assert set(campaign.attempts.values_list("person", flat=True)) == {diag["person_a"].pk}
