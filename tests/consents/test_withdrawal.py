"""A withdrawn consent: the person stays in the staff record their employer keeps (with the
attestation and the consent itself) and nowhere else; the person still sees all of it."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver

from profrost.achievements.models import CompetitionParticipation, ExpertActivity, Publication
from profrost.consents import selectors, services
from profrost.consents.models import ConsentText
from profrost.core.roles import Perm, Role
from profrost.diagnostics.models import Attempt, CompetenceResult, Deficit
from profrost.mentoring.models import MentoringMeeting, MentoringPair
from profrost.methodists.models import Methodist, MethodistAssignment
from profrost.monitoring.models import Recommendation
from profrost.network.models import Membership, Participation
from profrost.practices.models import Practice
from profrost.programs.models import TrainingRequest
from profrost.registry.models import Attestation, ConsentState, Employment, Person
from profrost.routes.models import Checkpoint, Route, RouteItem
from tests import factories
from tests.core import test_url_walk
from tests.core.test_url_walk import fill, model_of, walk

User = get_user_model()
# The URL walk's objects of organization B: one of every kind, about B's person.
world = test_url_walk.world
# Records about a person, hidden after a withdrawal (their model's `private_filter`).
HIDDEN = (
    Attempt,
    CompetenceResult,
    Deficit,
    TrainingRequest,
    Route,
    RouteItem,
    Checkpoint,
    Methodist,
    MethodistAssignment,
    Membership,
    Participation,
    MentoringPair,
    MentoringMeeting,
    Publication,
    ExpertActivity,
    CompetitionParticipation,
    Practice,
    Recommendation,
)
# What the employer keeps by law: the staff record, the attestation, the consent.
KEPT = (Person, Employment, Attestation)


def give(person, by):
    region = person.employments.get().organization.municipality.region
    if not ConsentText.objects.filter(region=region).exists():
        services.save_text(
            by=factories.user_with_role(Role.REGIONAL_ADMIN, region),
            region=region,
            title="Согласие",
            operator="ЦНППМ",
            purposes="Учёт",
            body="Текст",
        )
    return services.record_paper(
        person,
        by=by,
        given_on=date(2026, 11, 2),
        scan=SimpleUploadedFile("consent.pdf", b"%PDF-1.4"),
    )


@pytest.fixture
def keeper(two_orgs):
    return factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"])


@pytest.fixture
def records(world):
    """B's objects of the walk that are about B's person (the walk also makes others'): those
    that a withdrawal of theirs would hide from a stranger."""
    people = Person.objects.filter(pk=world["person"].pk)
    people.update(consent_state=ConsentState.WITHDRAWN)
    found = {}
    for model in HIDDEN:
        obj = world.get(model)
        rows = model.objects.filter(pk=getattr(obj, "pk", None))
        if obj is not None and not rows.filter(model.private_filter(None)).exists():
            found[model] = obj
    people.update(consent_state=ConsentState.MISSING)
    return found


def seen(user, model, obj, perm=Perm.VIEW_REGISTRY):
    return model.objects.visible_to(user, perm).filter(pk=obj.pk).exists()


def withdraw(person, by):
    consent = selectors.in_force(person) or give(person, by)
    return services.withdraw(consent, by=by, note="Заявление работника")


def test_the_state_follows_the_consent(two_orgs, keeper):
    person = two_orgs["person_b"]
    assert person.consent_state == ConsentState.MISSING
    consent = give(person, keeper)
    person.refresh_from_db()
    assert person.consent_state == ConsentState.GIVEN
    assert person not in selectors.missing(keeper)
    services.withdraw(consent, by=keeper, note="Заявление работника")
    person.refresh_from_db()
    assert person.consent_state == ConsentState.WITHDRAWN
    assert person in selectors.missing(keeper)
    give(person, keeper)
    person.refresh_from_db()
    assert person.consent_state == ConsentState.GIVEN


def test_withdrawal_hides_every_record_about_the_person_but_the_staff_record(
    world, records, keeper, region
):
    person = world["person"]
    methodist = factories.user_with_role(Role.REGIONAL_METHODIST, region)
    admin = factories.user_with_role(Role.REGIONAL_ADMIN, region)
    # Without their records the test would prove nothing: most kinds are there.
    assert len(records) >= 12, sorted(model.__name__ for model in records)
    for model, obj in records.items():
        assert seen(admin, model, obj), model.__name__

    withdraw(person, keeper)

    for model, obj in records.items():
        for user in (keeper, admin, methodist):
            assert not seen(user, model, obj), (model.__name__, user)
    for model in KEPT:
        obj = world[model]
        assert seen(keeper, model, obj), model.__name__
        assert seen(admin, model, obj), model.__name__
    # Who does not keep the staff record does not find the person at all.
    for model in KEPT:
        assert not seen(methodist, model, world[model]), model.__name__


def test_the_person_still_sees_all_of_their_own_records(world, records, keeper):
    person = world["person"]
    own = User.objects.filter(person=person).first() or factories.teacher_user(person)
    before = {model: seen(own, model, obj) for model, obj in records.items()}
    withdraw(person, keeper)
    assert {model: seen(own, model, obj) for model, obj in records.items()} == before
    assert seen(own, Person, person)


def test_pages_of_the_records_answer_404_and_the_card_stays(client, world, records, keeper):
    person = world["person"]
    withdraw(person, keeper)
    client.force_login(keeper)
    walked = 0
    for _name, route, entry in walk(get_resolver().url_patterns):
        model = model_of(entry)
        if list(entry.pattern.converters) != ["pk"] or model not in records:
            continue
        path = fill(route, entry, {model: records[model]})
        if path is None:
            continue
        walked += 1
        got = client.get(path).status_code
        assert got == 404 or (got == 405 and client.post(path).status_code == 404), path
    assert walked >= 8
    card = client.get(person.get_absolute_url()).content.decode()
    assert "отозвано" in card
    staff = client.get("/registry/people/").content.decode()
    assert person.last_name in staff
    assert "Согласие отозвано" in staff


# Consent asked at login -----------------------------------------------------------------------


@pytest.fixture
def newcomer(two_orgs, keeper):
    """A teacher of B with an account and no consent, in a region with a text."""
    person = two_orgs["person_b"]
    give(two_orgs["person_a"], factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_a"]))
    return factories.teacher_user(person)


def test_the_text_is_shown_once_after_login_and_leads_on(client, newcomer):
    client.force_login(newcomer)
    response = client.get("/routes/my/?tab=1")
    assert response.status_code == 302
    assert response["Location"] == "/consents/my/?next=%2Froutes%2Fmy%2F%3Ftab%3D1"
    page = client.get(response["Location"]).content.decode()
    assert "Дать согласие" in page
    assert "Не сейчас" in page
    # Once: the next page opens as asked.
    assert client.get("/").status_code == 200
    text = ConsentText.objects.get()
    accepted = client.post(
        "/consents/my/", {"text_id": text.pk, "agree": "on", "next": "/routes/my/"}
    )
    assert accepted["Location"] == "/routes/my/"
    newcomer.person.refresh_from_db()
    assert newcomer.person.consent_state == ConsentState.GIVEN


def test_the_page_leads_only_to_this_site(client, newcomer):
    client.force_login(newcomer)
    client.get("/")  # the prompt
    text = ConsentText.objects.get()
    accepted = client.post(
        "/consents/my/", {"text_id": text.pk, "agree": "on", "next": "https://evil.example/"}
    )
    assert accepted["Location"] == "/consents/my/"


def test_who_answered_already_is_not_asked(client, newcomer, keeper):
    withdraw(newcomer.person, keeper)
    client.force_login(newcomer)
    assert client.get("/").status_code == 200


def test_nobody_is_asked_without_a_text(client, two_orgs):
    user = factories.teacher_user(two_orgs["person_b"])
    client.force_login(user)
    assert client.get("/").status_code == 200
