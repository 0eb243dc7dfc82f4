"""A person's data for the federal register of documents (ФИС ФРДО) kept by the school: in the
staff form and through the staff import (docs/frdo.md)."""

from profrost.registry.importers import StaffImporter
from profrost.registry.models import EducationLevel, Gender, Person
from tests import factories
from tests.registry.test_import import xlsx
from tests.registry.test_views import person_form

HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "ИНН организации",
    "Должность",
    "Дата начала работы",
    "Пол",
    "Уровень образования",
    "Фамилия в дипломе",
    "Серия диплома",
    "Номер диплома",
]


def row(org, gender="жен", level="ВО"):
    return [
        "Лебедева",
        "Анна",
        "Петровна",
        "15.03.1990",
        org.inn,
        "Учитель",
        "01.09.2020",
        gender,
        level,
        "Иванова",
        "107718",
        "0012345",
    ]


def test_staff_form_keeps_the_register_data(client, two_orgs, org_admin_a):
    client.force_login(org_admin_a)
    data = person_form(
        two_orgs["org_a"],
        gender=Gender.FEMALE,
        citizenship="112",
        education_level=EducationLevel.SECONDARY,
        diploma_number="77",
    )

    client.post("/registry/people/new/", data)

    person = Person.objects.get(last_name="Сидорова")
    assert (person.gender, person.citizenship_id, person.education_level) == (
        Gender.FEMALE,
        "112",
        EducationLevel.SECONDARY,
    )
    assert person.diploma_number == "77"


def test_staff_import_reads_gender_and_the_prior_diploma(two_orgs, org_admin_a):
    StaffImporter(org_admin_a).apply(xlsx(HEADERS, [row(two_orgs["org_a"])]), "s.xlsx")

    person = Person.objects.get(last_name="Лебедева")
    assert (
        person.gender,
        person.education_level,
        person.diploma_last_name,
        person.diploma_series,
        person.diploma_number,
        person.citizenship_id,
    ) == (Gender.FEMALE, EducationLevel.HIGHER, "Иванова", "107718", "0012345", "643")


def test_staff_import_refuses_a_gender_it_does_not_know(two_orgs, org_admin_a):
    plan = StaffImporter(org_admin_a).apply(
        xlsx(HEADERS, [row(two_orgs["org_a"], gender="ч")]), "s.xlsx"
    )

    assert [(e.column, e.reason) for e in plan.errors] == [("Пол", "Ожидается «Муж» или «Жен».")]
    assert not Person.objects.filter(last_name="Лебедева").exists()


def test_staff_import_keeps_the_stored_gender_when_the_cell_is_empty(two_orgs, org_admin_a):
    person = factories.PersonFactory(
        last_name="Лебедева", first_name="Анна", middle_name="Петровна", gender=Gender.FEMALE
    )
    person.birth_date = person.birth_date.replace(year=1990, month=3, day=15)
    person.snils = None
    person.save()

    StaffImporter(org_admin_a).apply(xlsx(HEADERS, [row(two_orgs["org_a"], gender="")]), "s.xlsx")

    person.refresh_from_db()
    assert person.gender == Gender.FEMALE
