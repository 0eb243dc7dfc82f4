"""The pickers of people and organizations (core/lookups.py): the endpoint and the form field
answer from the same named lookup, inside the user's scope."""

import datetime
from pathlib import Path

import pytest
from django import forms
from django.http import QueryDict

from profrost.core.forms import date_field
from profrost.core.lookups import LIMIT, LookupField, LookupMultipleField
from profrost.core.roles import Role
from tests import factories

PEOPLE = "/lookup/mentoring.people/"
ORGANIZATIONS = "/lookup/registry.staff_organizations/"


class PersonForm(forms.Form):
    person = LookupField("mentoring.people", label="Работник")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].bind(user)


def names(response):
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


@pytest.fixture
def municipal_a(two_orgs):
    return factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])


def test_lookup_school_user_finds_only_its_people(two_orgs, org_admin_a, client):
    colleague = factories.EmploymentFactory(
        organization=two_orgs["org_a"], person__last_name="Бетонова"
    ).person
    client.force_login(org_admin_a)
    assert names(client.get(PEOPLE, {"q": "бет"})) == [colleague.full_name]
    assert names(client.get(PEOPLE, {"q": "Альф"})) == [two_orgs["person_a"].full_name]


def test_lookup_person_of_another_municipality_is_not_found_nor_valid(
    two_orgs, municipal_a, client
):
    client.force_login(municipal_a)
    assert names(client.get(PEOPLE, {"q": "Бетова"})) == []
    form = PersonForm({"person": two_orgs["person_b"].pk}, user=municipal_a)
    assert not form.is_valid()
    assert list(form.errors) == ["person"]
    form = PersonForm({"person": two_orgs["person_a"].pk}, user=municipal_a)
    assert form.is_valid()
    assert form.cleaned_data["person"] == two_orgs["person_a"]


def test_lookup_hint_names_organization_and_position(two_orgs, org_admin_a, client):
    client.force_login(org_admin_a)
    results = client.get(PEOPLE, {"q": "Альфина"}).json()["results"]
    assert results == [
        {
            "id": two_orgs["person_a"].pk,
            "text": two_orgs["person_a"].full_name,
            "hint": "Школа А, Учитель",
        }
    ]


def test_lookup_short_query_finds_nothing(two_orgs, org_admin_a, client):
    client.force_login(org_admin_a)
    assert names(client.get(PEOPLE, {"q": "А"})) == []
    assert names(client.get(PEOPLE, {"q": "  "})) == []
    assert names(client.get(PEOPLE)) == []


def test_lookup_results_are_limited(two_orgs, org_admin_a, client):
    for number in range(LIMIT + 5):
        factories.EmploymentFactory(
            organization=two_orgs["org_a"], person__last_name=f"Гаммов{number:02}"
        )
    client.force_login(org_admin_a)
    found = names(client.get(PEOPLE, {"q": "гаммов"}))
    assert len(found) == LIMIT
    assert found == sorted(found)


def test_lookup_ignores_case_and_yo(two_orgs, org_admin_a, client):
    person = factories.EmploymentFactory(
        organization=two_orgs["org_a"], person__last_name="Алёшина", person__first_name="Анна"
    ).person
    client.force_login(org_admin_a)
    assert names(client.get(PEOPLE, {"q": "АЛЕШ анна"})) == [person.full_name]


def test_lookup_organizations_in_scope_by_short_or_full_name(two_orgs, municipal_a, client):
    org_a = two_orgs["org_a"]
    org_a.name = "Муниципальное бюджетное общеобразовательное учреждение «Школа А»"
    org_a.save()
    client.force_login(municipal_a)
    results = client.get(ORGANIZATIONS, {"q": "бюджетное"}).json()["results"]
    assert results == [{"id": org_a.pk, "text": "Школа А", "hint": "Город А"}]
    assert names(client.get(ORGANIZATIONS, {"q": "Школа"})) == ["Школа А"]


def test_lookup_forged_context_finds_nothing(two_orgs, org_admin_a, client):
    client.force_login(org_admin_a)
    route_tutors = "/lookup/routes.tutor/"
    assert names(client.get(route_tutors, {"q": "Альф", "person": two_orgs["person_b"].pk})) == []
    assert names(client.get(route_tutors, {"q": "Альф", "person": "x"})) == []


def test_lookup_unknown_name_is_404(org_admin_a, client):
    client.force_login(org_admin_a)
    assert client.get("/lookup/registry.everyone/", {"q": "Альф"}).status_code == 404


def test_lookup_anonymous_is_sent_to_login(two_orgs, client):
    response = client.get(PEOPLE, {"q": "Альф"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_lookup_widget_renders_only_the_chosen_person(two_orgs, org_admin_a):
    for number in range(3):
        factories.EmploymentFactory(
            organization=two_orgs["org_a"], person__last_name=f"Дельтов{number}"
        )
    person = two_orgs["person_a"]
    html = str(PersonForm(initial={"person": person.pk}, user=org_admin_a)["person"])
    assert html.count("<option") == 2  # the empty choice and the chosen person
    assert f'<option value="{person.pk}" selected>{person.full_name} — Школа А, Учитель' in html
    assert "Дельтов" not in html
    assert 'data-lookup="/lookup/mentoring.people/"' in html
    empty = str(PersonForm(user=org_admin_a)["person"])
    assert empty.count("<option") == 1


def test_lookup_widget_of_a_bound_form_keeps_the_posted_person(two_orgs, org_admin_a):
    person = two_orgs["person_a"]
    html = str(PersonForm({"person": str(person.pk)}, user=org_admin_a)["person"])
    assert f'<option value="{person.pk}" selected>' in html
    forged = str(PersonForm({"person": "1 OR 1=1"}, user=org_admin_a)["person"])
    assert forged.count("<option") == 1


class PeopleForm(forms.Form):
    people = LookupMultipleField("mentoring.people", label="Работники", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].bind(user)


def test_lookup_multiple_renders_the_chosen_and_takes_a_list(two_orgs, org_admin_a):
    other = factories.EmploymentFactory(
        organization=two_orgs["org_a"], person__last_name="Гаммова"
    ).person
    factories.EmploymentFactory(organization=two_orgs["org_a"], person__last_name="Дельтова")
    chosen = [two_orgs["person_a"].pk, other.pk]
    data = QueryDict(mutable=True)
    data.setlist("people", [str(pk) for pk in chosen])
    form = PeopleForm(data, user=org_admin_a)
    assert form.is_valid()
    assert sorted(person.pk for person in form.cleaned_data["people"]) == sorted(chosen)
    html = str(form["people"])
    assert html.count("<option") == 2
    assert "Дельтова" not in html
    data.setlist("people", [str(other.pk), str(two_orgs["person_b"].pk)])
    assert not PeopleForm(data, user=org_admin_a).is_valid()


class DateForm(forms.Form):
    day = date_field("День")


@pytest.mark.parametrize("typed", ["07.12.2026", "2026-12-07", "07.12.26"])
def test_date_field_accepts_russian_and_iso(typed):
    form = DateForm({"day": typed})
    assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 7)


def test_date_field_renders_the_browser_picker_with_iso_value():
    html = str(DateForm(initial={"day": datetime.date(2026, 12, 7)})["day"])
    assert 'type="date"' in html
    assert 'value="2026-12-07"' in html


def test_date_field_refuses_nonsense_in_russian():
    form = DateForm({"day": "31.02.2026"})
    assert not form.is_valid()
    assert form.errors["day"] == ["Введите дату в формате дд.мм.гггг."]


def test_date_inputs_come_from_core_only():
    """A date widget of its own would miss the picker or the ISO value it needs."""
    source = Path(__file__).parents[2] / "profrost"
    own = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if "forms.DateInput(" in path.read_text(encoding="utf-8")
        and path != source / "core" / "forms.py"
    ]
    assert own == []
