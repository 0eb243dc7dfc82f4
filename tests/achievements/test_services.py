from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from profrost.achievements import services
from profrost.achievements.models import (
    Competition,
    CompetitionParticipation,
    CompetitionStage,
    ExpertActivity,
    Level,
    Publication,
    PublicationLevel,
    Result,
)
from profrost.core.models import AuditEntry
from tests import factories


def actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def new_publication(person, **overrides):
    data = {
        "person": person,
        "title": "Функциональная грамотность на уроках",
        "edition": "Методический вестник",
        "level": PublicationLevel.REGIONAL,
        "year": 2024,
    }
    return Publication(**{**data, **overrides})


# Competitions


def test_save_competition_by_municipal_methodist_fills_region_and_audits(ach):
    competition = Competition(
        title="Учитель года города", level=Level.MUNICIPAL, year=2025, municipality=ach["mun_a"]
    )

    services.save_competition(
        competition,
        by=ach["methodist_a"],
        stages=[{"title": "Заочный этап"}, {"title": " Очный  этап ", "order": 5}],
    )

    competition.refresh_from_db()
    assert (competition.region, competition.created_by) == (ach["mun_a"].region, ach["methodist_a"])
    assert list(competition.stages.values_list("order", "title")) == [
        (1, "Заочный этап"),
        (5, "Очный этап"),
    ]
    assert actions() == ["achievements.competition.created"]


def test_save_competition_outside_holders_scope_refused(ach):
    competition = Competition(
        title="Учитель года района", level=Level.MUNICIPAL, year=2025, municipality=ach["mun_b"]
    )

    with pytest.raises(PermissionDenied):
        services.save_competition(competition, by=ach["methodist_a"])

    assert not Competition.objects.filter(title="Учитель года района").exists()


def test_save_competition_of_region_by_organization_admin_refused(ach, org_admin_a):
    competition = ach["competition"]
    competition.description = "Правка"

    with pytest.raises(PermissionDenied):
        services.save_competition(competition, by=org_admin_a)


def test_sync_stages_keeps_renames_and_removes(ach, regional_admin):
    competition, first, final = ach["competition"], ach["first"], ach["final"]

    services.save_competition(
        competition,
        by=regional_admin,
        stages=[
            {"id": first.pk, "title": "Заочный тур (эссе)", "order": 1},
            {"title": "Очный тур", "order": 2},
        ],
    )

    assert list(competition.stages.values_list("title", flat=True)) == [
        "Заочный тур (эссе)",
        "Очный тур",
    ]
    assert not CompetitionStage.objects.filter(pk=final.pk).exists()
    ach["part_a"].refresh_from_db()
    assert ach["part_a"].stage is None


def test_sync_stages_repeated_title_refused(ach, regional_admin):
    with pytest.raises(ValidationError) as error:
        services.save_competition(
            ach["competition"],
            by=regional_admin,
            stages=[{"title": "Финал"}, {"title": "финал"}],
        )

    assert error.value.messages == ["Этапы конкурса не должны повторяться: «Финал»."]


def test_sync_stages_of_another_competition_refused(ach, regional_admin):
    other = CompetitionStage.objects.create(competition=ach["municipal_b"], title="Очный этап")

    with pytest.raises(ValidationError) as error:
        services.save_competition(
            ach["competition"], by=regional_admin, stages=[{"id": other.pk, "title": "Финал"}]
        )

    assert error.value.messages == ["Этап относится к другому конкурсу."]


def test_delete_competition_with_participants_refused(ach, regional_admin):
    with pytest.raises(ValidationError) as error:
        services.delete_competition(ach["competition"], by=regional_admin)

    assert error.value.messages == [
        "Конкурс нельзя удалить: в нём 2 участника. Сначала удалите записи об участии."
    ]


def test_delete_competition_without_participants(ach, regional_admin):
    services.delete_competition(ach["municipal_b"], by=regional_admin)

    assert not Competition.objects.filter(pk=ach["municipal_b"].pk).exists()
    assert actions() == ["achievements.competition.deleted"]


# Participations, publications, expert activity


def test_teacher_records_own_participation_with_organization_snapshot(ach):
    participation = CompetitionParticipation(
        competition=ach["municipal_b"], person=ach["person_a"], result=Result.PRIZE
    )

    services.save_participation(participation, by=ach["teacher_a"])

    participation.refresh_from_db()
    assert (participation.organization, participation.created_by) == (
        ach["org_a"],
        ach["teacher_a"],
    )
    assert actions() == ["achievements.participation.created"]


def test_teacher_records_participation_of_colleague_refused(ach):
    participation = CompetitionParticipation(competition=ach["municipal_b"], person=ach["person_b"])

    with pytest.raises(PermissionDenied):
        services.save_participation(participation, by=ach["teacher_a"])

    assert actions() == []


def test_participation_in_competition_out_of_sight_refused(ach):
    foreign = Competition.objects.create(
        title="Чужой конкурс",
        level=Level.REGIONAL,
        year=2025,
        region=factories.RegionFactory(name="Соседняя область"),
    )
    participation = CompetitionParticipation(competition=foreign, person=ach["person_a"])

    with pytest.raises(PermissionDenied):
        services.save_participation(participation, by=ach["teacher_a"])


def test_publication_snapshot_follows_employment_in_its_year(ach, org_admin_a):
    person = ach["person_a"]
    job = person.employments.get()
    job.start_date = date(2022, 9, 1)
    job.save()
    earlier = factories.EmploymentFactory(
        person=person,
        organization=ach["org_b"],
        start_date=date(2015, 9, 1),
        end_date=date(2022, 8, 31),
    )

    old = services.save_publication(new_publication(person, year=2020), by=org_admin_a)
    new = services.save_publication(
        new_publication(person, title="Новая", year=2024), by=org_admin_a
    )

    assert (old.organization, new.organization) == (earlier.organization, ach["org_a"])


def test_moving_publication_to_a_person_out_of_scope_refused(ach, org_admin_a):
    publication = ach["pub_a"]
    publication.person = ach["person_b"]

    with pytest.raises(PermissionDenied):
        services.save_publication(publication, by=org_admin_a)

    publication.refresh_from_db()
    assert publication.person == ach["person_a"]


def test_teacher_cannot_record_expert_activity(ach):
    activity = ExpertActivity(
        person=ach["person_a"],
        kind="jury",
        direction="Математика",
        body="Жюри",
        level=Level.SCHOOL,
        started_on=date(2024, 1, 1),
    )

    with pytest.raises(PermissionDenied):
        services.save_expert_activity(activity, by=ach["teacher_a"])


def test_manager_records_expert_activity(ach, org_admin_a):
    activity = ExpertActivity(
        person=ach["person_a"],
        kind="commission",
        direction="Начальные классы",
        body="Экспертная комиссия по аттестации",
        level=Level.REGIONAL,
        started_on=date(2024, 1, 1),
    )

    services.save_expert_activity(activity, by=org_admin_a)

    assert activity.organization == ach["org_a"]
    assert actions() == ["achievements.expert_activity.created"]


def test_delete_own_publication_by_teacher(ach):
    services.delete_publication(ach["pub_a"], by=ach["teacher_a"])

    assert not Publication.objects.filter(pk=ach["pub_a"].pk).exists()
    assert actions() == ["achievements.publication.deleted"]


def test_delete_colleagues_publication_by_teacher_refused(ach):
    with pytest.raises(PermissionDenied):
        services.delete_publication(ach["pub_b"], by=ach["teacher_a"])

    assert Publication.objects.filter(pk=ach["pub_b"].pk).exists()
