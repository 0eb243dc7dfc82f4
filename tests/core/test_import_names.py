"""A single «ФИО» column split into surname, name and patronymic."""

import pytest

from profrost.core.importers import CellError, split_full_name
from profrost.registry.importers import StaffImporter
from profrost.registry.models import Employment, Person
from tests import rosters


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("Семёнова Анна Петровна", ("Семёнова", "Анна", "Петровна")),
        ("  семёнова  анна\u00a0петровна ", ("семёнова", "анна", "петровна")),
        ("Семёнова, Анна Петровна", ("Семёнова", "Анна", "Петровна")),
        ("Смит Джон", ("Смит", "Джон", "")),
        ("Петрова-Водкина Мария Кузьминична", ("Петрова-Водкина", "Мария", "Кузьминична")),
        ("Петров Водкин Кузьма Сергеевич", ("Петров Водкин", "Кузьма", "Сергеевич")),
        ("Мамедов Эльчин Гусейн оглы", ("Мамедов", "Эльчин", "Гусейн оглы")),
        ("Ильин Пётр Ильич", ("Ильин", "Пётр", "Ильич")),
        ("", None),
    ],
)
def test_split_full_name_reads_the_usual_forms(value, parts):
    assert split_full_name(value) == parts


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("Семёнова", "Укажите фамилию, имя и отчество через пробел."),
        (
            "Семёнова А. П.",
            "Вместо имени и отчества указаны инициалы: нужны полные имя и отчество.",
        ),
        (
            "Семёнова А.П.",
            "Вместо имени и отчества указаны инициалы: нужны полные имя и отчество.",
        ),
        (
            "Де ла Крус Мария Анна",
            "Не удалось разделить ФИО на фамилию, имя и отчество. Укажите их в отдельных "
            "столбцах «Фамилия», «Имя», «Отчество».",
        ),
    ],
)
def test_split_full_name_refuses_what_it_cannot_split(value, reason):
    with pytest.raises(CellError) as error:
        split_full_name(value)
    assert str(error.value) == reason


@pytest.mark.parametrize("header", ["ФИО", "Ф.И.О.", "ФИО работника", "Фамилия, имя, отчество"])
def test_a_staff_roster_with_one_full_name_column_is_imported(two_orgs, org_admin_a, header):
    staff = rosters.people(two_orgs["org_a"].inn, 2)
    staff[1].middle = ""
    content = rosters.workbook(rosters.full_name_sheet("Работники", staff, header=header))

    plan = StaffImporter(org_admin_a).apply(content, "roster.xlsx")

    assert plan.errors == []
    people = Person.objects.filter(last_name__in=[p.last for p in staff]).order_by("last_name")
    assert [(p.last_name, p.first_name, p.middle_name) for p in people] == [
        (staff[0].last, staff[0].first, staff[0].middle),
        (staff[1].last, staff[1].first, ""),
    ]


def test_a_full_name_that_cannot_be_split_is_a_row_error(two_orgs, org_admin_a):
    staff = rosters.people(two_orgs["org_a"].inn, 1)
    sheet = rosters.full_name_sheet("Работники", staff)
    sheet.rows[1][0] = "Андреева О. В."

    plan = StaffImporter(org_admin_a).plan(rosters.workbook(sheet), "roster.xlsx")

    assert [(e.row, e.column, e.value, e.reason) for e in plan.errors] == [
        (
            2,
            "ФИО",
            "Андреева О. В.",
            "Вместо имени и отчества указаны инициалы: нужны полные имя и отчество.",
        )
    ]


def test_a_full_name_matches_a_person_already_in_the_registry(two_orgs, org_admin_a):
    person = two_orgs["person_a"]
    staff = rosters.Person(
        person.last_name,
        person.first_name,
        person.middle_name,
        person.birth_date.strftime("%d.%m.%Y"),
        two_orgs["org_a"].inn,
        position="Методист",
        start="01.09.2024",
    )
    content = rosters.workbook(rosters.full_name_sheet("Работники", [staff]))
    before = Person.objects.count()

    plan = StaffImporter(org_admin_a).apply(content, "roster.xlsx")

    assert plan.errors == []
    assert Person.objects.count() == before
    assert Employment.objects.filter(person=person).count() == 2
