from datetime import date, timedelta
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from profrost.achievements.models import (
    Competition,
    CompetitionParticipation,
    ExpertActivity,
    Level,
    Publication,
    Result,
)
from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from tests import factories

from .factories import (
    CompetitionFactory,
    ExpertActivityFactory,
    ParticipationFactory,
    PublicationFactory,
)


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def sheet_rows(response):
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def staff_of(organization, count, **person):
    return [
        factories.EmploymentFactory(
            organization=organization, person__last_name=f"Сотрудник{n}", **person
        ).person
        for n in range(count)
    ]


# Competitions -----------------------------------------------------------------------------------


def test_competition_list_shows_competitions_of_the_region(ach, org_admin_a, client):
    CompetitionFactory(title="Конкурс соседей", region=factories.RegionFactory(name="Соседняя"))
    client.force_login(org_admin_a)

    content = page(client, "/achievements/competitions/")

    assert "Учитель года" in content
    assert "Педагогический дебют" in content
    assert "Конкурс соседей" not in content


def test_competition_list_filters_by_level_and_search(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    by_level = page(client, "/achievements/competitions/", level=Level.MUNICIPAL)
    by_text = page(client, "/achievements/competitions/", q="УЧИТЕЛЬ")

    assert ("Педагогический дебют" in by_level, "Учитель года" in by_level) == (True, False)
    assert ("Педагогический дебют" in by_text, "Учитель года" in by_text) == (False, True)


def test_competition_list_query_count_does_not_grow(ach, regional_admin, client):
    client.force_login(regional_admin)

    def count():
        with CaptureQueriesContext(connection) as queries:
            page(client, "/achievements/competitions/")
        return len(queries)

    few = count()
    for _ in range(5):
        competition = CompetitionFactory(region=ach["competition"].region)
        ParticipationFactory(competition=competition, person=ach["person_a"])
    assert count() == few


def test_competition_detail_shows_only_participants_in_scope(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    content = page(client, f"/achievements/competitions/{ach['competition'].pk}/")

    assert "Альфина" in content
    assert "Бетова" not in content
    assert "вам видны 1 из 2" in content
    assert "Итоги: 2 участника" in content


def test_competition_detail_of_another_region_not_found(ach, org_admin_a, client):
    foreign = CompetitionFactory(region=factories.RegionFactory(name="Соседняя область"))
    client.force_login(org_admin_a)

    assert client.get(f"/achievements/competitions/{foreign.pk}/").status_code == 404


def test_competition_edit_by_holder_in_scope_non_holder_and_outsider(ach, regional_admin, client):
    url = f"/achievements/competitions/{ach['competition'].pk}/edit/"
    outsider = factories.user_with_role(
        Role.REGIONAL_ADMIN, factories.RegionFactory(name="Соседняя область")
    )
    statuses = []
    for user in (regional_admin, ach["methodist_a"], outsider):
        client.force_login(user)
        statuses.append(client.get(url).status_code)

    assert statuses == [200, 403, 404]


def competition_form(**overrides):
    data = {
        "title": "Учитель года города",
        "level": Level.MUNICIPAL,
        "year": "2025",
        "organizer": "Управление образования",
        "description": "",
        "stages-TOTAL_FORMS": "3",
        "stages-INITIAL_FORMS": "0",
        "stages-MIN_NUM_FORMS": "0",
        "stages-MAX_NUM_FORMS": "50",
        "stages-0-title": "Заочный этап",
        "stages-0-starts_on": "01.02.2025",
        "stages-0-ends_on": "28.02.2025",
        "stages-1-title": "Очный этап",
        "stages-2-title": "",
    }
    return {**data, **overrides}


def test_competition_create_by_municipal_methodist_with_stages(ach, client):
    client.force_login(ach["methodist_a"])

    response = client.post(
        "/achievements/competitions/new/", competition_form(municipality=ach["mun_a"].pk)
    )

    competition = Competition.objects.get(title="Учитель года города")
    assert response.status_code == 302
    assert response["Location"] == f"/achievements/competitions/{competition.pk}/"
    assert (competition.region, competition.municipality) == (ach["mun_a"].region, ach["mun_a"])
    assert [(s.title, s.starts_on) for s in competition.stages.all()] == [
        ("Заочный этап", date(2025, 2, 1)),
        ("Очный этап", None),
    ]


def test_competition_create_with_bad_stage_dates_shows_russian_errors(ach, client):
    client.force_login(ach["methodist_a"])
    data = competition_form(
        municipality=ach["mun_a"].pk, **{"stages-0-ends_on": "01.01.2025", "year": "1990"}
    )

    content = client.post("/achievements/competitions/new/", data).content.decode()

    assert "Окончание этапа раньше его начала." in content
    assert "Год должен быть от 2000 до" in content
    assert not Competition.objects.filter(title="Учитель года города").exists()


def test_competition_create_municipal_by_organization_admin_explains(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    content = client.post(
        "/achievements/competitions/new/", competition_form(organization="")
    ).content.decode()

    assert "Укажите регион, муниципалитет или организацию, которые проводят конкурс." in content


def test_competition_create_by_teacher_forbidden(ach, client):
    client.force_login(ach["teacher_a"])

    assert client.get("/achievements/competitions/new/").status_code == 403


def test_competition_with_participants_not_deleted(ach, regional_admin, client):
    client.force_login(regional_admin)
    url = f"/achievements/competitions/{ach['competition'].pk}/delete/"

    response = client.post(url, follow=True)

    assert "Конкурс нельзя удалить: в нём 2 участника." in response.content.decode()
    assert Competition.objects.filter(pk=ach["competition"].pk).exists()


def test_competition_participants_export_has_only_those_in_scope(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    rows = sheet_rows(
        client.get(f"/achievements/competitions/{ach['competition'].pk}/", {"export": "xlsx"})
    )

    assert rows[1][:5] == [ach["person_a"].full_name, "Школа А", "Город А", "Финал", "Победитель"]
    assert len(rows) == 2


def test_teacher_adds_own_participation_from_competition_page(ach, client):
    teacher = ach["teacher_a"]
    client.force_login(teacher)
    competition = ach["municipal_b"]
    content = page(client, f"/achievements/competitions/{competition.pk}/")
    assert "Я участвую" in content

    response = client.post(
        f"/achievements/participations/new/?competition={competition.pk}",
        {"competition": competition.pk, "person": ach["person_b"].pk, "result": Result.LAUREATE},
    )

    assert response.status_code == 302
    participation = CompetitionParticipation.objects.get(competition=competition)
    assert (participation.person, participation.result) == (ach["person_a"], Result.LAUREATE)


# Participations ---------------------------------------------------------------------------------


def test_participation_list_shows_only_people_in_scope(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    content = page(client, "/achievements/participations/")

    assert ("Альфина" in content, "Бетова" in content) == (True, False)


def test_participation_list_filters_young_and_result(ach, regional_admin, client):
    young = factories.EmploymentFactory(
        organization=ach["org_a"],
        person__last_name="Юнова",
        person__birth_date=date(2000, 1, 1),
        person__career_start=timezone.localdate() - timedelta(days=365),
    ).person
    ParticipationFactory(competition=ach["municipal_b"], person=young, result=Result.PRIZE)
    client.force_login(regional_admin)

    young_only = page(client, "/achievements/participations/", young="true")
    winners = page(client, "/achievements/participations/", result=Result.WINNER)
    awarded = page(client, "/achievements/participations/", awarded="true")

    assert ("Юнова" in young_only, "Альфина" in young_only) == (True, False)
    assert ("Альфина" in winners, "Юнова" in winners, "Бетова" in winners) == (True, False, False)
    assert ("Альфина" in awarded, "Юнова" in awarded, "Бетова" in awarded) == (True, True, False)


def test_participation_list_query_count_does_not_grow(ach, regional_admin, client):
    client.force_login(regional_admin)

    def count():
        with CaptureQueriesContext(connection) as queries:
            page(client, "/achievements/participations/")
        return len(queries)

    few = count()
    for person in staff_of(ach["org_a"], 5):
        ParticipationFactory(
            competition=ach["competition"], person=person, organization=ach["org_a"]
        )
    assert count() == few


def test_participation_create_for_person_out_of_scope_refused(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    response = client.post(
        "/achievements/participations/new/",
        {"competition": ach["municipal_b"].pk, "person": ach["person_b"].pk, "result": "winner"},
    )

    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not CompetitionParticipation.objects.filter(competition=ach["municipal_b"]).exists()


def test_participation_edit_by_owner_manager_and_outsider(ach, org_admin_a, client):
    url = f"/achievements/participations/{ach['part_a'].pk}/edit/"
    statuses = []
    for user in (ach["teacher_a"], org_admin_a, ach["admin_b"], ach["teacher_b"]):
        client.force_login(user)
        statuses.append(client.get(url).status_code)

    assert statuses == [200, 200, 404, 404]


def test_participation_edit_by_owner_saves_and_returns(ach, client):
    client.force_login(ach["teacher_a"])
    participation = ach["part_a"]

    response = client.post(
        f"/achievements/participations/{participation.pk}/edit/",
        {
            "competition": participation.competition_id,
            "stage": ach["final"].pk,
            "result": Result.PRIZE,
            "nomination": "Лучший урок",
            "result_date": "02.04.2025",
        },
    )

    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.result, participation.result_date) == (Result.PRIZE, date(2025, 4, 2))
    assert AuditEntry.objects.filter(action="achievements.participation.updated").count() == 1


def test_participation_delete_by_manager(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    response = client.post(f"/achievements/participations/{ach['part_a'].pk}/delete/")

    assert response["Location"] == f"/achievements/competitions/{ach['competition'].pk}/"
    assert not CompetitionParticipation.objects.filter(pk=ach["part_a"].pk).exists()


# Publications -----------------------------------------------------------------------------------


def test_publication_list_shows_only_people_in_scope_and_filters(ach, org_admin_a, client):
    PublicationFactory(person=ach["person_a"], title="Федеральная статья", level="federal")
    client.force_login(org_admin_a)

    everything = page(client, "/achievements/publications/")
    federal = page(client, "/achievements/publications/", level="federal")

    assert ("Смысловое чтение" in everything, "Публикация Бетовой" in everything) == (True, False)
    assert ("Федеральная статья" in federal, "Смысловое чтение" in federal) == (True, False)


def test_publication_list_query_count_does_not_grow(ach, regional_admin, client):
    client.force_login(regional_admin)

    def count():
        with CaptureQueriesContext(connection) as queries:
            page(client, "/achievements/publications/")
        return len(queries)

    few = count()
    for person in staff_of(ach["org_a"], 5):
        PublicationFactory(person=person, organization=ach["org_a"])
    assert count() == few


def test_publication_list_export(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    rows = sheet_rows(client.get("/achievements/publications/", {"export": "xlsx"}))

    assert rows[0][:4] == ["Название", "Автор", "Организация", "Муниципалитет"]
    assert rows[1][:8] == [
        "Смысловое чтение",
        ach["person_a"].full_name,
        "Школа А",
        "Город А",
        "Статья",
        "Методический вестник",
        "Муниципальный",
        2024,
    ]
    assert len(rows) == 2


def test_teacher_creates_own_publication_whatever_person_is_posted(ach, client):
    client.force_login(ach["teacher_a"])

    response = client.post(
        "/achievements/publications/new/",
        {
            "person": ach["person_b"].pk,
            "title": "Мой  опыт   наставничества",
            "kind": "article",
            "edition": "Педагогический поиск",
            "level": "regional",
            "year": "2025",
            "url": "https://example.ru/opyt",
        },
    )

    publication = Publication.objects.get(title="Мой опыт наставничества")
    assert response["Location"] == f"/achievements/publications/{publication.pk}/"
    assert (publication.person, publication.organization) == (ach["person_a"], ach["org_a"])


def test_publication_create_with_bad_link_and_year_shows_russian_errors(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    content = client.post(
        "/achievements/publications/new/",
        {
            "person": ach["person_a"].pk,
            "title": "Статья",
            "kind": "article",
            "edition": "Вестник",
            "level": "regional",
            "year": "2100",
            "url": "не ссылка",
        },
    ).content.decode()

    assert "Введите ссылку полностью, например https://example.ru/statya." in content
    assert "Год должен быть от 2000 до" in content


def test_publication_pages_by_owner_manager_and_outsider(ach, org_admin_a, client):
    detail = f"/achievements/publications/{ach['pub_a'].pk}/"
    statuses = []
    for user in (ach["teacher_a"], org_admin_a, ach["admin_b"]):
        client.force_login(user)
        statuses.append((client.get(detail).status_code, client.get(detail + "edit/").status_code))

    assert statuses == [(200, 200), (200, 200), (404, 404)]


# Experts ----------------------------------------------------------------------------------------


def test_expert_list_shows_people_in_scope_with_directions(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    content = page(client, "/achievements/experts/")

    assert ("Альфина" in content, "Бетова" in content) == (True, False)
    assert "Математика" in content
    assert f'href="/achievements/people/{ach["person_a"].pk}/portfolio/"' in content


def test_expert_list_conditions_hold_for_one_activity(ach, regional_admin, client):
    ExpertActivityFactory(person=ach["person_a"], kind="commission", direction="Физика")
    client.force_login(regional_admin)

    jury_physics = page(client, "/achievements/experts/", direction="Физика", kind="jury")
    attestation_physics = page(
        client, "/achievements/experts/", direction="Физика", kind="attestation"
    )

    assert ("Альфина" in jury_physics, "Бетова" in jury_physics) == (False, False)
    assert ("Альфина" in attestation_physics, "Бетова" in attestation_physics) == (False, True)


def test_expert_list_query_count_does_not_grow(ach, regional_admin, client):
    client.force_login(regional_admin)

    def count():
        with CaptureQueriesContext(connection) as queries:
            page(client, "/achievements/experts/")
        return len(queries)

    few = count()
    for person in staff_of(ach["org_a"], 5):
        ExpertActivityFactory(person=person, direction="История")
        ExpertActivityFactory(person=person, direction="Обществознание", kind="commission")
    assert count() == few


def test_expert_list_export_lists_each_person_once(ach, regional_admin, client):
    ExpertActivityFactory(person=ach["person_a"], direction="Информатика", kind="programs")
    client.force_login(regional_admin)

    rows = sheet_rows(client.get("/achievements/experts/", {"export": "xlsx", "sort": "last_name"}))

    assert [row[:3] for row in rows[1:]] == [
        [ach["person_a"].full_name, "Школа А", "Математика, Информатика"],
        [ach["person_b"].full_name, "Школа Б", "Физика"],
    ]
    assert rows[1][6] == 2


def test_expert_activity_form_suggests_existing_directions(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    content = page(client, "/achievements/expert-activities/new/", person=ach["person_a"].pk)

    assert '<option value="Математика">' in content
    assert '<option value="Физика">' not in content


def test_expert_activity_seen_but_not_changed_by_its_teacher(ach, client):
    client.force_login(ach["teacher_a"])
    activity = ach["expert_a"]

    assert client.get(f"/achievements/expert-activities/{activity.pk}/").status_code == 200
    assert client.get(f"/achievements/expert-activities/{activity.pk}/edit/").status_code == 403
    assert client.post(f"/achievements/expert-activities/{activity.pk}/delete/").status_code == 403
    assert ExpertActivity.objects.filter(pk=activity.pk).exists()


def test_expert_activity_create_by_manager(ach, org_admin_a, client):
    client.force_login(org_admin_a)

    response = client.post(
        f"/achievements/expert-activities/new/?person={ach['person_a'].pk}",
        {
            "person": ach["person_a"].pk,
            "kind": "attestation",
            "direction": "  Начальные   классы ",
            "body": "Аттестационная комиссия министерства образования",
            "level": "regional",
            "started_on": "01.09.2024",
            "ended_on": "31.08.2024",
        },
    )

    assert response.status_code == 200
    assert "Дата окончания раньше даты начала." in response.content.decode()
