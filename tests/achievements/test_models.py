from datetime import date

import pytest
from django.core.exceptions import ValidationError

from profrost.achievements.models import (
    Competition,
    CompetitionParticipation,
    ExpertActivity,
    Level,
    Publication,
)
from profrost.core.roles import Perm
from tests import factories

from .factories import CompetitionFactory, ExpertActivityFactory, ParticipationFactory, StageFactory


def ids(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_competition_visible_to_everyone_in_its_region(ach, org_admin_a):
    visible = Competition.objects.visible_to(ach["teacher_a"], Perm.VIEW_NETWORK)

    assert ids(visible) == sorted([ach["competition"].pk, ach["municipal_b"].pk])
    assert ids(Competition.objects.visible_to(org_admin_a, Perm.VIEW_NETWORK)) == ids(visible)


def test_competition_of_another_region_hidden(ach, org_admin_a):
    foreign = CompetitionFactory(region=factories.RegionFactory(name="Соседняя область"))

    visible = Competition.objects.visible_to(org_admin_a, Perm.VIEW_NETWORK)

    assert foreign.pk not in ids(visible)


def test_competition_of_another_region_visible_through_its_participant(ach, org_admin_a):
    foreign = CompetitionFactory(region=factories.RegionFactory(name="Соседняя область"))
    ParticipationFactory(competition=foreign, person=ach["person_a"])

    assert foreign.pk in ids(Competition.objects.visible_to(org_admin_a, Perm.VIEW_NETWORK))


def test_competition_changed_only_by_its_holder(ach, org_admin_a, regional_admin):
    def changeable(user):
        return ids(Competition.objects.changeable_by(user, Perm.MANAGE_ACHIEVEMENTS))

    assert changeable(org_admin_a) == []
    assert changeable(ach["methodist_a"]) == []
    assert changeable(regional_admin) == sorted([ach["competition"].pk, ach["municipal_b"].pk])
    methodist_b = factories.user_with_role("municipal_methodist", ach["mun_b"])
    assert changeable(methodist_b) == [ach["municipal_b"].pk]


def test_participations_in_scope_as_their_person(ach, org_admin_a):
    def visible(user):
        return ids(CompetitionParticipation.objects.visible_to(user, Perm.VIEW_NETWORK))

    assert visible(org_admin_a) == [ach["part_a"].pk]
    assert visible(ach["teacher_a"]) == [ach["part_a"].pk]
    assert visible(ach["admin_b"]) == [ach["part_b"].pk]


def test_teacher_changes_own_publication_but_not_own_expert_activity(ach):
    teacher = ach["teacher_a"]

    assert ids(Publication.objects.changeable_by(teacher, Perm.ADD_OWN_ACHIEVEMENTS)) == [
        ach["pub_a"].pk
    ]
    assert ids(ExpertActivity.objects.changeable_by(teacher, Perm.MANAGE_ACHIEVEMENTS)) == []


def test_competition_school_level_without_organization_invalid(region):
    competition = Competition(title="Лучший урок", level=Level.SCHOOL, year=2025, region=region)

    with pytest.raises(ValidationError) as error:
        competition.full_clean()

    assert error.value.message_dict["organization"] == [
        "Для конкурса уровня организации укажите организацию."
    ]


def test_competition_year_out_of_range_invalid(region):
    competition = Competition(title="Учитель года", level=Level.REGIONAL, year=1990, region=region)

    with pytest.raises(ValidationError) as error:
        competition.full_clean()

    assert error.value.message_dict["year"][0].startswith("Год должен быть от 2000 до ")


def test_competition_duplicate_of_same_year_invalid(ach, region):
    copy = Competition(title="учитель года", level=Level.REGIONAL, year=2025, region=region)

    with pytest.raises(ValidationError) as error:
        copy.full_clean()

    assert error.value.message_dict["title"] == ["Такой конкурс этого года уже есть в системе."]


def test_participation_stage_of_another_competition_invalid(ach):
    other_stage = StageFactory(competition=ach["municipal_b"], title="Очный этап")
    participation = ach["part_a"]
    participation.stage = other_stage

    with pytest.raises(ValidationError) as error:
        participation.full_clean()

    assert error.value.message_dict["stage"] == ["Этап относится к другому конкурсу."]


def test_participation_twice_in_one_competition_invalid(ach):
    again = CompetitionParticipation(competition=ach["competition"], person=ach["person_a"])

    with pytest.raises(ValidationError) as error:
        again.full_clean()

    assert error.value.message_dict["person"] == [
        "Участие этого работника в этом конкурсе уже внесено."
    ]


def test_expert_activity_ending_before_start_invalid(two_orgs):
    activity = ExpertActivityFactory.build(
        person=two_orgs["person_a"], started_on=date(2024, 9, 1), ended_on=date(2024, 1, 1)
    )

    with pytest.raises(ValidationError) as error:
        activity.full_clean()

    assert error.value.message_dict["ended_on"] == ["Дата окончания раньше даты начала."]
