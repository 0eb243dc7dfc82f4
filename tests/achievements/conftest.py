from datetime import date

import pytest

from profrost.achievements.models import ExpertKind, Level, Result
from profrost.core.roles import Role
from tests import factories

from .factories import (
    CompetitionFactory,
    ExpertActivityFactory,
    ParticipationFactory,
    PublicationFactory,
    StageFactory,
)


@pytest.fixture
def ach(two_orgs, region):
    return achievements_world(two_orgs, region)


def achievements_world(two_orgs, region):
    """A regional competition with two stages, a municipal one of «Район Б», and for each of the
    two teachers a participation, a publication and an expert activity; logins for the teachers,
    a municipal methodist of «Город А» and the administrator of organization B."""
    competition = CompetitionFactory(title="Учитель года", year=2025, region=region)
    first = StageFactory(competition=competition, order=1, title="Заочный тур")
    final = StageFactory(competition=competition, order=2, title="Финал")
    municipal_b = CompetitionFactory(
        title="Педагогический дебют",
        level=Level.MUNICIPAL,
        region=region,
        municipality=two_orgs["mun_b"],
    )
    person_a, person_b = two_orgs["person_a"], two_orgs["person_b"]
    return {
        **two_orgs,
        "competition": competition,
        "first": first,
        "final": final,
        "municipal_b": municipal_b,
        "part_a": ParticipationFactory(
            competition=competition,
            person=person_a,
            organization=two_orgs["org_a"],
            stage=final,
            result=Result.WINNER,
            result_date=date(2025, 4, 1),
        ),
        "part_b": ParticipationFactory(
            competition=competition,
            person=person_b,
            organization=two_orgs["org_b"],
            stage=first,
        ),
        "pub_a": PublicationFactory(
            person=person_a, organization=two_orgs["org_a"], title="Смысловое чтение"
        ),
        "pub_b": PublicationFactory(
            person=person_b, organization=two_orgs["org_b"], title="Публикация Бетовой"
        ),
        "expert_a": ExpertActivityFactory(
            person=person_a, organization=two_orgs["org_a"], direction="Математика"
        ),
        "expert_b": ExpertActivityFactory(
            person=person_b,
            organization=two_orgs["org_b"],
            kind=ExpertKind.ATTESTATION,
            direction="Физика",
        ),
        "teacher_a": factories.teacher_user(person_a),
        "teacher_b": factories.teacher_user(person_b),
        "methodist_a": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]),
        "admin_b": factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"]),
    }
