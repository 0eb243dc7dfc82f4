import pytest

from profrost.core.roles import Role
from tests import factories


@pytest.fixture
def diag(two_orgs, region):
    """Two competences, a published test of four single-choice items, a running regional
    campaign with attempts for the teachers of both organizations, and a login for teacher A.

    Items 1 and 2 measure competence «T.MET» (weights 1 and 3), items 3 and 4 measure «T.PSY».
    Option 1 of each item gives 1 point, option 2 gives nothing.
    """
    met = factories.CompetenceFactory(code="T.MET", name="Проектирование урока")
    psy = factories.CompetenceFactory(code="T.PSY", name="Учёт возрастных особенностей")
    instrument = factories.InstrumentFactory(title="Тест для педагогов")
    items = [
        factories.choice_item(instrument, [met], weight=1, text="Что такое УУД?"),
        factories.choice_item(instrument, [met], weight=3, text="Как ставить цель урока?"),
        factories.choice_item(instrument, [psy], text="Что такое зона ближайшего развития?"),
        factories.choice_item(instrument, [psy], text="Как учитывать темперамент?"),
    ]
    campaign = factories.CampaignFactory(
        title="Региональная диагностика", instrument=instrument, region=region
    )
    attempt_a = factories.AttemptFactory(
        campaign=campaign, person=two_orgs["person_a"], organization=two_orgs["org_a"]
    )
    attempt_b = factories.AttemptFactory(
        campaign=campaign, person=two_orgs["person_b"], organization=two_orgs["org_b"]
    )
    return {
        **two_orgs,
        "met": met,
        "psy": psy,
        "instrument": instrument,
        "items": items,
        "campaign": campaign,
        "attempt_a": attempt_a,
        "attempt_b": attempt_b,
        "teacher_a": factories.teacher_user(two_orgs["person_a"]),
        "teacher_b": factories.teacher_user(two_orgs["person_b"]),
        "methodist": factories.user_with_role(Role.REGIONAL_METHODIST, region),
    }


def first_option(item):
    return item.options.order_by("order")[0]


def second_option(item):
    return item.options.order_by("order")[1]
