"""«Подбор пар» of horizontal learning, computed by hand: who holds a competence by the latest
result, who needs it by an open deficit, how the learners are spread over the holders."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from profrost.diagnostics import services as diagnostics
from profrost.diagnostics.models import ResultSource
from profrost.network import matching, services
from profrost.network.models import HorizontalGroup
from tests import factories
from tests.network.factories import MembershipFactory


def record(person, competence, score, measured_on=date(2025, 3, 1)):
    level = "proficient" if score >= 7.5 else "partial" if score >= 5 else "deficit"
    return diagnostics.record_result(
        person=person,
        competence_id=competence.pk,
        measured_on=measured_on,
        score=score,
        max_score=10,
        level=level,
        source=ResultSource.IMPORT,
        source_title="Федеральная диагностика",
    )


@pytest.fixture
def rmo_people(net):
    """Members of the РМО and their results in «T.MET» (X) and «T.PSY» (Y):

    Альфина (head) X 90 %; Аверина X 30 % (deficit), Y 90 %; Васина X 80 %; Галкина X 20 %;
    Дронова X 40 %; Ежова X 20 % in 2024, then 85 % (the deficit closed); Жукова X 10 % but
    she left the РМО; Зуева X 10 %, not a member. Nobody has a deficit in Y."""
    x = factories.CompetenceFactory(code="T.MET", name="Проектирование урока")
    y = factories.CompetenceFactory(code="T.PSY", name="Учёт возрастных особенностей")
    rmo = net["rmo"]

    def teacher(last_name):
        return factories.EmploymentFactory(
            organization=net["org_a"], person__last_name=last_name
        ).person

    people = {
        "Альфина": net["person_a"],
        "Аверина": net["person_a2"],
        **{name: teacher(name) for name in ("Васина", "Галкина", "Дронова", "Ежова")},
    }
    for name, person in people.items():
        if name != "Альфина":
            MembershipFactory(association=rmo, person=person)
    gone = teacher("Жукова")
    MembershipFactory(association=rmo, person=gone, left_on=date(2025, 1, 10))
    outsider = teacher("Зуева")
    for name, score in (
        ("Альфина", 9),
        ("Аверина", 3),
        ("Васина", 8),
        ("Галкина", 2),
        ("Дронова", 4),
    ):
        record(people[name], x, score)
    record(people["Ежова"], x, 2, date(2024, 3, 1))
    record(people["Ежова"], x, 8.5, date(2025, 4, 1))
    record(people["Аверина"], y, 9)
    record(gone, x, 1)
    record(outsider, x, 1)
    return {"rmo": rmo, "x": x, "y": y, **people}


def names(people):
    return [person.last_name for person in people]


def test_match_holders_by_latest_result_learners_by_open_deficit(rmo_people):
    proposals = matching.proposals(rmo_people["rmo"])

    assert len(proposals) == 1
    proposal = proposals[0]
    assert proposal.competence == rmo_people["x"]
    assert [(p.last_name, float(percent)) for p, percent in proposal.holders] == [
        ("Альфина", 90.0),
        ("Ежова", 85.0),
        ("Васина", 80.0),
    ]
    assert names(proposal.learners) == ["Аверина", "Галкина", "Дронова"]
    assert [(g.holder.last_name, names(g.learners)) for g in proposal.groups] == [
        ("Альфина", ["Аверина"]),
        ("Ежова", ["Галкина"]),
        ("Васина", ["Дронова"]),
    ]


def test_match_learners_go_to_the_holders_in_turn(db):
    competence = factories.CompetenceFactory(code="T.ONE")
    strong, second, *learners = [
        factories.PersonFactory(last_name=name)
        for name in ("Орлова", "Петрова", "Белова", "Волкова", "Гусева")
    ]
    cid = competence.pk
    learner_rows = [(cid, person.pk) for person in learners]

    alone = matching.build([(cid, strong.pk, 95)], learner_rows)[0]
    two = matching.build([(cid, second.pk, 80), (cid, strong.pk, 95)], learner_rows)[0]

    assert [(g.holder.last_name, names(g.learners)) for g in alone.groups] == [
        ("Орлова", ["Белова", "Волкова", "Гусева"])
    ]
    assert [(g.holder.last_name, names(g.learners)) for g in two.groups] == [
        ("Орлова", ["Белова", "Гусева"]),
        ("Петрова", ["Волкова"]),
    ]


def test_match_confirmed_group_takes_its_learners_out_of_the_next_proposal(rmo_people, net):
    services.create_horizontal_group(
        rmo_people["rmo"],
        rmo_people["x"],
        holders=[rmo_people["Альфина"]],
        learners=[rmo_people["Аверина"]],
        by=net["teacher_a"],
    )

    proposal = matching.proposals(rmo_people["rmo"])[0]

    assert names(proposal.learners) == ["Галкина", "Дронова"]
    assert [(g.holder.last_name, names(g.learners)) for g in proposal.groups] == [
        ("Альфина", ["Галкина"]),
        ("Ежова", ["Дронова"]),
    ]


def test_match_group_only_of_current_members(rmo_people, net):
    outsider = factories.EmploymentFactory(organization=net["org_a"]).person

    with pytest.raises(ValidationError) as error:
        services.create_horizontal_group(
            rmo_people["rmo"],
            rmo_people["x"],
            holders=[rmo_people["Альфина"]],
            learners=[outsider],
            by=net["teacher_a"],
        )

    assert error.value.messages == [
        "В группу горизонтального обучения входят только члены объединения."
    ]


def test_match_page_head_confirms_a_proposed_group(rmo_people, net, client):
    client.force_login(net["teacher_a"])
    url = f"/network/associations/{rmo_people['rmo'].pk}/match/"

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "competence": rmo_people["x"].pk,
            "holders": [rmo_people["Ежова"].pk],
            "learners": [rmo_people["Галкина"].pk],
            "notes": "Взаимопосещение уроков",
        },
    )

    group = HorizontalGroup.objects.get()
    assert "Галкина" in page
    assert "Ежова" in page
    assert response.status_code == 302
    assert (names(group.holders.all()), names(group.learners.all()), group.notes) == (
        ["Ежова"],
        ["Галкина"],
        "Взаимопосещение уроков",
    )


def test_match_page_for_a_colleague_is_403(rmo_people, net, client):
    client.force_login(net["teacher_a2"])

    assert client.get(f"/network/associations/{rmo_people['rmo'].pk}/match/").status_code == 403
