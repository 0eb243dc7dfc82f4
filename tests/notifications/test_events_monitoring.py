"""Recommendations: the addressees are told one came, the author that it was answered."""

import pytest

from profrost.core.roles import Role
from profrost.monitoring import services as monitoring
from profrost.monitoring.models import PeriodStatus
from profrost.notifications.models import Notification, NotificationKind
from tests import factories
from tests.monitoring.test_rules import computed_period, store
from tests.notifications.test_events import told

RECEIVED = NotificationKind.RECOMMENDATION_RECEIVED


@pytest.fixture
def people(two_orgs, region):
    """Who could be told: the answering roles of A and of B, and the issuing side."""
    role = factories.user_with_role
    return {
        "admin_a": role(Role.ORGANIZATION_ADMIN, two_orgs["org_a"], username="admin_a"),
        "admin_b": role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"], username="admin_b"),
        "methodist_a": role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"], username="methodist_a"),
        "methodist_b": role(Role.MUNICIPAL_METHODIST, two_orgs["mun_b"], username="methodist_b"),
        "teacher_a": role(Role.TEACHER, person=two_orgs["person_a"], username="teacher_a"),
        "teacher_b": role(Role.TEACHER, person=two_orgs["person_b"], username="teacher_b"),
        "regional": role(Role.REGIONAL_METHODIST, region, username="regional"),
    }


def recommend(by, **addressee):
    return monitoring.create_recommendation(
        by=by, title="Закрепление наставников", text="Закрепите наставников.", **addressee
    )


@pytest.mark.parametrize(
    ("author", "addressee", "expected"),
    [
        ("methodist_a", "org_a", ["admin_a"]),
        ("regional", "mun_a", ["methodist_a"]),
        ("methodist_a", "person_a", ["teacher_a"]),
    ],
)
def test_recommendation_tells_those_who_answer_it_only(
    two_orgs, people, deliver, client, author, addressee, expected
):
    level = addressee.split("_")[0]
    level = {"org": "organization", "mun": "municipality"}.get(level, level)
    with deliver():
        recommendation = recommend(people[author], **{level: two_orgs[addressee]})

    assert told(RECEIVED) == expected
    notification = Notification.objects.get()
    assert notification.title == "Получена рекомендация «Закрепление наставников»"
    assert notification.url == f"/monitoring/recommendations/{recommendation.pk}/"
    client.force_login(notification.recipient)
    assert client.get(notification.url).status_code == 200


def test_recommendations_of_a_rule_tell_each_addressee_once(region, two_orgs, people, deliver):
    period = computed_period(region, two_orgs["mun_a"])
    store(period, "young_supported_share", two_orgs["org_a"], 1, 4, 25)
    with deliver():
        created = monitoring.apply_rules(period, by=people["regional"])
    with deliver():
        monitoring.apply_rules(period, by=people["regional"])

    assert sum(created.values()) == 1
    assert told(RECEIVED) == ["admin_a"]


def test_answer_tells_the_author_once(two_orgs, people, deliver):
    recommendation = recommend(people["methodist_a"], organization=two_orgs["org_a"])
    with deliver():
        monitoring.answer_recommendation(recommendation, by=people["admin_a"], answer="Сделано.")
        monitoring.answer_recommendation(recommendation, by=people["admin_a"], answer="Уточнено.")

    assert told(NotificationKind.RECOMMENDATION_ANSWERED) == ["methodist_a"]
    assert Notification.objects.count() == 1


# A period computed ---------------------------------------------------------------------------

COMPUTED = NotificationKind.PERIOD_COMPUTED


@pytest.fixture
def owners(people, region, two_orgs):
    """Besides `people`: the region's administrator, a ЦНППМ coordinator of another region."""
    other = factories.RegionFactory()
    return {
        **people,
        "region_admin": factories.user_with_role(Role.REGIONAL_ADMIN, region, username="ra"),
        "elsewhere": factories.user_with_role(Role.CNPPM_COORDINATOR, other, username="far"),
    }


def new_period(region, municipality=None):
    period = computed_period(region, municipality)
    period.status, period.computed_at = PeriodStatus.NEW, None
    period.save()
    return period


def test_regional_period_tells_the_regions_computing_roles_and_the_starter(
    region, owners, deliver, client
):
    period = new_period(region)
    with deliver():
        monitoring.compute_period(period, by=owners["methodist_a"])

    assert told(COMPUTED) == ["methodist_a", "ra", "regional"]
    notification = Notification.objects.filter(kind=COMPUTED).first()
    assert notification.title.startswith("Рассчитаны показатели: 2026, I")
    assert notification.url == f"/monitoring/periods/{period.pk}/"
    client.force_login(notification.recipient)
    assert client.get(notification.url).status_code == 200


def test_municipal_period_tells_its_municipality_only(region, two_orgs, owners, deliver):
    period = new_period(region, two_orgs["mun_a"])
    with deliver():
        monitoring.compute_period(period, by=None)

    assert told(COMPUTED) == ["methodist_a"]


def test_each_computation_is_news_once(region, owners, deliver):
    period = new_period(region)
    with deliver():
        monitoring.compute_period(period, by=owners["region_admin"])
    with deliver():
        monitoring.compute_period(period, by=owners["region_admin"])

    mine = Notification.objects.filter(kind=COMPUTED, recipient=owners["region_admin"])
    assert mine.count() == 2
    assert mine.values("key").distinct().count() == 2
