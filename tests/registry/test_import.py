"""Import of organizations and staff: plans, re-imports, matching, scoping, pages, command."""

import csv
import json
from datetime import date, datetime
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from profrost.core.dates import add_years
from profrost.core.importers import CREATE, UNCHANGED, UPDATE
from profrost.core.models import AuditEntry, ImportBatch, ImportBatchStatus
from profrost.core.roles import Role
from profrost.registry.importers import OrganizationImporter, StaffImporter
from profrost.registry.models import Employment, Organization, OrganizationKind, Person
from profrost.registry.validators import format_snils, make_inn, make_snils
from tests import factories, hostile_files

ORG_HEADERS = [
    "ОКТМО муниципалитета",
    "Муниципалитет",
    "Полное наименование",
    "Краткое наименование",
    "ИНН",
    "Тип",
    "ШНОР",
    "Неблагоприятные условия",
    "Адрес",
    "E-mail",
    "Телефон",
]
STAFF_HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "СНИЛС",
    "E-mail",
    "Телефон",
    "Начало педагогической деятельности",
    "ИНН организации",
    "Должность",
    "Предметы",
    "Основное место работы",
    "Дата начала работы",
    "Дата окончания",
]
INN_1, INN_2, INN_3 = make_inn(550000001), make_inn(550000002), make_inn(550000003)
SNILS_1, SNILS_2 = make_snils(300000001), make_snils(300000002)


def xlsx(headers, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(headers, rows, encoding="utf-8-sig", delimiter=";"):
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def errors_of(plan):
    return [(e.row, e.column, e.value, e.reason) for e in plan.errors]


def history_counts():
    return (
        Organization.history.count(),
        Person.history.count(),
        Employment.history.count(),
    )


def org_row(mun, inn, short, kind="школа", **extra):
    values = {
        "oktmo": mun.oktmo if mun else "",
        "municipality": "",
        "name": f"Муниципальное учреждение «{short}»",
        "short": short,
        "inn": inn,
        "kind": kind,
        "low": "нет",
        "unfavourable": "нет",
        "address": "",
        "email": "",
        "phone": "",
        **extra,
    }
    return list(values.values())


@pytest.fixture
def muns(two_orgs):
    return two_orgs["mun_a"], two_orgs["mun_b"]


@pytest.fixture
def municipal_methodist_a(two_orgs):
    return factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])


# Organizations ------------------------------------------------------------------------------


def good_org_file(mun_a, mun_b):
    return xlsx(
        ORG_HEADERS,
        [
            org_row(mun_a, INN_1, "МБОУ «СОШ № 1»", phone="+7 900 000-00-01", low="да"),
            org_row(None, INN_2, "МБДОУ «Детский сад № 2»", "детский сад", municipality="район б"),
            org_row(
                mun_a,
                int(INN_3),
                "МБУ ДО «ДДТ»",
                "Организация дополнительного образования",
                email="ddt@example.ru",
            ),
        ],
    )


def test_organization_import_good_file_creates_everything(muns, regional_admin):
    mun_a, mun_b = muns
    before = Organization.objects.count()
    plan = OrganizationImporter(regional_admin).apply(good_org_file(mun_a, mun_b), "orgs.xlsx")
    assert plan.errors == []
    assert plan.counts() == {"create": 3, "update": 0, "unchanged": 0, "skipped": 0, "errors": 0}
    assert Organization.objects.count() == before + 3
    created = Organization.objects.filter(inn__in=[INN_1, INN_2, INN_3]).order_by("inn")
    assert [(o.inn, o.municipality, o.kind, o.low_results, o.phone, o.email) for o in created] == [
        (INN_1, mun_a, OrganizationKind.SCHOOL, True, "+7 900 000-00-01", ""),
        (INN_2, mun_b, OrganizationKind.KINDERGARTEN, False, "", ""),
        (INN_3, mun_a, OrganizationKind.ADDITIONAL, False, "", "ddt@example.ru"),
    ]


def test_organization_import_bad_file_writes_nothing_and_reports_every_error(muns, regional_admin):
    mun_a, _mun_b = muns
    bad_inn = INN_1[:-1] + str((int(INN_1[-1]) + 1) % 10)
    content = xlsx(
        ORG_HEADERS,
        [
            org_row(mun_a, INN_1, "Хорошая школа"),
            org_row(mun_a, bad_inn, "Школа с ошибкой в ИНН"),
            org_row(mun_a, INN_2, "Школа", "университет"),
            org_row(mun_a, INN_3, "Школа", email="не почта"),
            org_row(None, make_inn(550000004), "Школа", oktmo="99999999"),
            org_row(mun_a, make_inn(550000005), "", low="возможно"),
        ],
    )
    counts = Organization.objects.count(), history_counts()
    plan = OrganizationImporter(regional_admin).apply(content, "orgs.xlsx")
    kinds = "; ".join(str(label) for label in OrganizationKind.labels)
    assert errors_of(plan) == [
        (
            3,
            "ИНН",
            bad_inn,
            f"ИНН {bad_inn} не проходит проверку контрольного числа.",
        ),
        (
            4,
            "Тип",
            "университет",
            f"Неизвестный тип организации. Допустимо: {kinds}; или кратко: школа, детский сад, ДО.",
        ),
        (5, "E-mail", "не почта", "Введите правильный адрес электронной почты."),
        (
            6,
            "ОКТМО муниципалитета",
            "99999999",
            "Муниципалитет с таким ОКТМО не найден среди доступных вам.",
        ),
        (7, "Краткое наименование", "", "Обязательное поле не заполнено."),
        (7, "ШНОР", "возможно", "Ожидается «да» или «нет»."),
    ]
    assert (Organization.objects.count(), history_counts()) == counts


def test_organization_reimport_changes_nothing(muns, regional_admin):
    content = good_org_file(*muns)
    OrganizationImporter(regional_admin).apply(content, "orgs.xlsx")
    counts = Organization.objects.count(), history_counts()
    plan = OrganizationImporter(regional_admin).apply(content, "orgs.xlsx")
    assert plan.counts() == {"create": 0, "update": 0, "unchanged": 3, "skipped": 0, "errors": 0}
    assert (Organization.objects.count(), history_counts()) == counts


def test_organization_import_detects_updates_with_old_and_new_values(two_orgs, regional_admin):
    org = two_orgs["org_a"]
    org.phone = "111"
    org.save()
    row = org_row(two_orgs["mun_a"], org.inn, org.short_name, phone="222", low="да")
    row[2] = org.name
    plan = OrganizationImporter(regional_admin).apply(xlsx(ORG_HEADERS, [row]), "o.xlsx")
    [updated] = plan.of(UPDATE)
    assert [(c.field, c.old, c.new) for c in updated.changes] == [
        ("ШНОР (низкие образовательные результаты)", "нет", "да"),
        ("Телефон", "111", "222"),
    ]
    org.refresh_from_db()
    assert (org.phone, org.low_results) == ("222", True)


def test_organization_import_foreign_inn_is_an_error_that_reveals_nothing(
    two_orgs, municipal_methodist_a
):
    org_b = two_orgs["org_b"]
    content = xlsx(ORG_HEADERS, [org_row(two_orgs["mun_a"], org_b.inn, "Моя школа")])
    plan = OrganizationImporter(municipal_methodist_a).apply(content, "o.xlsx")
    assert errors_of(plan) == [
        (
            2,
            "ИНН",
            org_b.inn,
            "Организация с этим ИНН относится к другому муниципалитету и недоступна для изменения.",
        )
    ]
    assert org_b.short_name not in json.dumps(plan.summary(), ensure_ascii=False)
    org_b.refresh_from_db()
    assert org_b.short_name == "Школа Б"


def test_organization_import_municipality_outside_scope_is_an_error(
    two_orgs, municipal_methodist_a
):
    content = xlsx(ORG_HEADERS, [org_row(two_orgs["mun_b"], INN_1, "Школа в чужом районе")])
    plan = OrganizationImporter(municipal_methodist_a).apply(content, "o.xlsx")
    assert [(e.column, e.reason) for e in plan.errors] == [
        ("ОКТМО муниципалитета", "Муниципалитет с таким ОКТМО не найден среди доступных вам.")
    ]
    assert not Organization.objects.filter(inn=INN_1).exists()


# Staff --------------------------------------------------------------------------------------


def staff_row(inn, last, first="Анна", middle="Петровна", **extra):
    values = {
        "last": last,
        "first": first,
        "middle": middle,
        "birth": "15.03.1990",
        "snils": "",
        "email": "",
        "phone": "",
        "career": "",
        "inn": inn,
        "position": "Учитель",
        "subjects": "",
        "main": "да",
        "start": "01.09.2020",
        "end": "",
        **extra,
    }
    return list(values.values())


def good_staff_file(org):
    return xlsx(
        STAFF_HEADERS,
        [
            staff_row(
                org.inn,
                "Семёнова",
                snils=format_snils(SNILS_1),
                birth=datetime(1990, 3, 15),
                subjects="Математика; информатика",
                career=44075,
                email="semenova@example.ru",
            ),
            staff_row(org.inn, "Орлов", "Пётр", "Ильич", birth="02.11.85", start=44075),
            staff_row(
                org.inn,
                "Семёнова",
                snils=SNILS_1,
                birth=datetime(1990, 3, 15),
                position="  заместитель ДИРЕКТОРА по учебной работе ",
                main="нет",
            ),
        ],
    )


def test_staff_import_good_file_creates_people_and_employments(two_orgs, org_admin_a):
    org = two_orgs["org_a"]
    people, jobs = Person.objects.count(), Employment.objects.count()
    plan = StaffImporter(org_admin_a).apply(good_staff_file(org), "staff.xlsx")
    assert plan.errors == []
    assert plan.counts() == {"create": 3, "update": 0, "unchanged": 0, "skipped": 0, "errors": 0}
    assert (Person.objects.count(), Employment.objects.count()) == (people + 2, jobs + 3)
    semenova = Person.objects.get(snils=SNILS_1)
    assert (semenova.last_name, semenova.birth_date, semenova.career_start, semenova.email) == (
        "Семёнова",
        date(1990, 3, 15),
        date(2020, 9, 1),
        "semenova@example.ru",
    )
    jobs = semenova.employments.order_by("position__name")
    assert [(j.position.name, j.is_main, j.organization) for j in jobs] == [
        ("Заместитель директора по учебной работе", False, org),
        ("Учитель", True, org),
    ]
    assert sorted(jobs[1].subjects.values_list("name", flat=True)) == ["Информатика", "Математика"]
    orlov = Person.objects.get(last_name="Орлов")
    assert (orlov.snils, orlov.birth_date, orlov.employments.get().start_date) == (
        None,
        date(1985, 11, 2),
        date(2020, 9, 1),
    )


def test_staff_import_bad_file_writes_nothing_and_reports_each_error(two_orgs, org_admin_a):
    org_a, org_b = two_orgs["org_a"], two_orgs["org_b"]
    bad_snils = SNILS_2[:-1] + str((int(SNILS_2[-1]) + 1) % 10)
    content = xlsx(
        STAFF_HEADERS,
        [
            staff_row(org_a.inn, "Верная"),
            staff_row(org_a.inn, "Снилсова", snils=bad_snils),
            staff_row(org_a.inn, "Будущева", birth="01.01.2090"),
            staff_row(org_a.inn, "Должностева", position="Космонавт"),
            staff_row(org_a.inn, "Предметова", subjects="Математика; Астрология"),
            staff_row(org_b.inn, "Чужая"),
            staff_row(org_a.inn, "Датова", start="01.09.2020", end="31.08.2020"),
            staff_row(org_a.inn, "Кривая", birth="32.01.1990"),
            staff_row(org_a.inn, ""),
        ],
    )
    counts = Person.objects.count(), Employment.objects.count(), history_counts()
    plan = StaffImporter(org_admin_a).apply(content, "staff.xlsx")
    assert errors_of(plan) == [
        (
            3,
            "СНИЛС",
            bad_snils,
            f"СНИЛС {format_snils(bad_snils)} не проходит проверку контрольного числа.",
        ),
        (4, "Дата рождения", "01.01.2090", "Дата рождения не может быть в будущем."),
        (5, "Должность", "Космонавт", "Такой должности нет в справочнике должностей."),
        (
            6,
            "Предметы",
            "Математика; Астрология",
            "Нет в справочнике предметов: Астрология.",
        ),
        (
            7,
            "ИНН организации",
            org_b.inn,
            "Организация с этим ИНН не найдена среди организаций, в которые вам доступен "
            "импорт работников.",
        ),
        (8, "Дата окончания", "31.08.2020", "Дата окончания раньше даты начала."),
        (9, "Дата рождения", "32.01.1990", "Такой даты нет в календаре."),
        (10, "Фамилия", "", "Обязательное поле не заполнено."),
    ]
    assert (Person.objects.count(), Employment.objects.count(), history_counts()) == counts


def test_staff_reimport_changes_nothing(two_orgs, org_admin_a):
    content = good_staff_file(two_orgs["org_a"])
    StaffImporter(org_admin_a).apply(content, "staff.xlsx")
    counts = Person.objects.count(), Employment.objects.count(), history_counts()
    plan = StaffImporter(org_admin_a).apply(content, "staff.xlsx")
    assert plan.counts() == {"create": 0, "update": 0, "unchanged": 3, "skipped": 0, "errors": 0}
    assert (Person.objects.count(), Employment.objects.count(), history_counts()) == counts


def test_staff_reimport_of_the_same_data_as_cp1251_csv_changes_nothing(two_orgs, org_admin_a):
    org = two_orgs["org_a"]
    rows = [staff_row(org.inn, "Семёнова", snils=SNILS_1, subjects="Математика")]
    StaffImporter(org_admin_a).apply(xlsx(STAFF_HEADERS, rows), "staff.xlsx")
    content = csv_file(STAFF_HEADERS, rows, encoding="cp1251", delimiter=",")
    plan = StaffImporter(org_admin_a).plan(content, "staff.csv")
    assert [row.action for row in plan.rows] == [UNCHANGED]


def test_staff_import_matches_by_snils_and_lists_updates(two_orgs, org_admin_a):
    person = two_orgs["person_a"]
    org = two_orgs["org_a"]
    row = staff_row(
        org.inn,
        "АЛЬФИНА",
        person.first_name,
        person.middle_name,
        birth=person.birth_date.strftime("%d.%m.%Y"),
        snils=person.snils,
        phone="+7 900 111-22-33",
        subjects="Физика",
        start="01.09.2015",
    )
    people = Person.objects.count()
    plan = StaffImporter(org_admin_a).apply(xlsx(STAFF_HEADERS, [row]), "s.xlsx")
    [updated] = plan.of(UPDATE)
    assert [(c.field, c.old, c.new) for c in updated.changes] == [
        ("Телефон", "", "+7 900 111-22-33"),
        ("Предметы", "", "Физика"),
    ]
    person.refresh_from_db()
    assert (Person.objects.count(), person.last_name, person.phone) == (
        people,
        "Альфина",
        "+7 900 111-22-33",
    )
    assert list(person.employments.get().subjects.values_list("name", flat=True)) == ["Физика"]


def test_staff_import_matches_by_name_and_birth_date_ignoring_yo_case_and_spaces(
    two_orgs, org_admin_a
):
    org = two_orgs["org_a"]
    person = factories.PersonFactory(
        last_name="Семёнова", first_name="Алёна", middle_name="Петровна", snils=None
    )
    factories.EmploymentFactory(person=person, organization=org, start_date=date(2019, 9, 1))
    row = staff_row(
        org.inn, "  СЕМЕНОВА ", "алена", " петровна", birth="17.05.1980", start="01.09.2019"
    )
    people, history = Person.objects.count(), history_counts()
    plan = StaffImporter(org_admin_a).apply(xlsx(STAFF_HEADERS, [row]), "s.xlsx")
    assert [row.action for row in plan.rows] == [UNCHANGED]
    assert (Person.objects.count(), history_counts()) == (people, history)
    person.refresh_from_db()
    assert (person.last_name, person.first_name) == ("Семёнова", "Алёна")


def test_staff_import_fills_snils_of_a_person_found_by_name(two_orgs, org_admin_a):
    org = two_orgs["org_a"]
    person = factories.PersonFactory(last_name="Орлова", snils=None)
    factories.EmploymentFactory(person=person, organization=org)
    row = staff_row(
        org.inn, "Орлова", "Иван", "Иванович", birth="17.05.1980", snils=SNILS_2, start="01.09.2015"
    )
    plan = StaffImporter(org_admin_a).apply(xlsx(STAFF_HEADERS, [row]), "s.xlsx")
    assert [(c.field, c.old, c.new) for c in plan.of(UPDATE)[0].changes] == [("СНИЛС", "", SNILS_2)]
    person.refresh_from_db()
    assert person.snils == SNILS_2


def test_staff_import_skips_exact_duplicate_rows_and_rejects_conflicting_ones(
    two_orgs, org_admin_a
):
    org = two_orgs["org_a"]
    content = xlsx(
        STAFF_HEADERS,
        [
            staff_row(org.inn, "Семёнова", snils=SNILS_1),
            staff_row(org.inn, " семенова ", snils=format_snils(SNILS_1)),
            staff_row(org.inn, "Орлов", "Пётр"),
            staff_row(org.inn, "Орлов", "Пётр", start="01.09.2021"),
        ],
    )
    plan = StaffImporter(org_admin_a).plan(content, "s.xlsx")
    assert plan.notes == ["Строка 3 повторяет строку 2 и пропущена."]
    assert errors_of(plan) == [
        (5, "Фамилия", "Орлов", "Та же запись уже есть в строке 4, но с другими данными.")
    ]


def test_staff_import_rejects_rows_that_contradict_each_other_about_a_person(two_orgs, org_admin_a):
    org = two_orgs["org_a"]
    content = xlsx(
        STAFF_HEADERS,
        [
            staff_row(org.inn, "Семёнова", snils=SNILS_1, email="a@example.ru"),
            staff_row(
                org.inn, "Семёнова", snils=SNILS_1, email="b@example.ru", position="Методист"
            ),
        ],
    )
    plan = StaffImporter(org_admin_a).plan(content, "s.xlsx")
    assert errors_of(plan) == [
        (3, "E-mail", "b@example.ru", "Данные работника отличаются от указанных в строке 2.")
    ]


def test_staff_import_into_another_organization_is_refused(two_orgs, org_admin_a):
    org_b = two_orgs["org_b"]
    content = xlsx(STAFF_HEADERS, [staff_row(org_b.inn, "Чужакова")])
    jobs = Employment.objects.filter(organization=org_b).count()
    plan = StaffImporter(org_admin_a).apply(content, "s.xlsx")
    assert [(e.row, e.column) for e in plan.errors] == [(2, "ИНН организации")]
    assert Employment.objects.filter(organization=org_b).count() == jobs


def test_staff_import_gives_an_invisible_person_the_job_but_keeps_their_data(two_orgs, org_admin_a):
    person_b = two_orgs["person_b"]
    person_b.email = "secret-b@example.ru"
    person_b.save()
    # Another name, the same birth date: the СНИЛС is taken as person B's (say, married since).
    row = staff_row(
        two_orgs["org_a"].inn,
        "Другова",
        "Мария",
        "",
        birth=person_b.birth_date,
        snils=person_b.snils,
        email="new@example.ru",
    )
    plan = StaffImporter(org_admin_a).apply(xlsx(STAFF_HEADERS, [row]), "s.xlsx")
    [created] = plan.rows
    assert (created.action, created.changes, created.details) == (
        CREATE,
        [],
        "Новое место работы; работник уже есть в реестре, его данные не изменяются",
    )
    summary = json.dumps(plan.summary(), ensure_ascii=False)
    for secret in ("secret-b@example.ru", person_b.last_name, "17.05.1980"):
        assert secret not in summary
    person_b.refresh_from_db()
    assert (person_b.last_name, person_b.email) == ("Бетова", "secret-b@example.ru")
    assert person_b.employments.filter(organization=two_orgs["org_a"]).count() == 1


def test_staff_import_refuses_placeholder_snils_and_does_not_rename_their_holder(
    two_orgs, org_admin_a
):
    org = two_orgs["org_a"]
    # Stored before placeholders were refused.
    holder = factories.EmploymentFactory(organization=org, person__snils="00000000000").person
    rows = [
        staff_row(org.inn, "Нулева", snils="000-000-000 00"),
        staff_row(org.inn, "Единицына", snils="111-111-111 45"),
        staff_row(org.inn, "Резервова", snils="001-001-998 00"),
    ]
    plan = StaffImporter(org_admin_a).apply(xlsx(STAFF_HEADERS, rows), "s.xlsx")
    placeholder = (
        "СНИЛС {} — условный номер, такие номера не выдаются. Укажите настоящий СНИЛС "
        "работника или оставьте поле пустым."
    )
    assert errors_of(plan) == [
        (2, "СНИЛС", "000-000-000 00", placeholder.format("000-000-000 00")),
        (3, "СНИЛС", "111-111-111 45", placeholder.format("111-111-111 45")),
        (4, "СНИЛС", "001-001-998 00", placeholder.format("001-001-998 00")),
    ]
    assert plan.rows == []
    holder.refresh_from_db()
    assert holder.last_name != "Нулева"


def test_staff_import_refuses_birth_dates_before_1930_and_under_14(two_orgs, org_admin_a):
    org = two_orgs["org_a"]
    today = timezone.localdate()
    rows = [
        staff_row(org.inn, "Старова", birth="01.01.1900"),
        staff_row(org.inn, "Юнова", birth=add_years(today, -13)),
        staff_row(org.inn, "Ровнова", birth="01.01.1930", start="01.09.1950"),
        staff_row(org.inn, "Четырнадцатова", birth=add_years(today, -14), start=today),
    ]
    plan = StaffImporter(org_admin_a).plan(xlsx(STAFF_HEADERS, rows), "s.xlsx")
    assert [(e.row, e.column, e.reason) for e in plan.errors] == [
        (2, "Дата рождения", "Дата рождения раньше 01.01.1930: проверьте год."),
        (3, "Дата рождения", "Работнику не может быть меньше 14 лет."),
    ]
    assert [row.row for row in plan.rows] == [4, 5]


def test_staff_import_snils_of_someone_with_other_name_and_birth_date_is_an_error_naming_them(
    two_orgs, org_admin_a
):
    person = two_orgs["person_a"]
    org = two_orgs["org_a"]
    stranger = staff_row(org.inn, "Иная", "Ольга", birth="01.01.1975", snils=person.snils)
    plan = StaffImporter(org_admin_a).apply(xlsx(STAFF_HEADERS, [stranger]), "s.xlsx")
    assert errors_of(plan) == [
        (
            2,
            "СНИЛС",
            person.snils,
            f"СНИЛС {format_snils(person.snils)} в реестре принадлежит работнику "
            f"{person.full_name}, дата рождения 17.05.1980; в строке другие ФИО и дата "
            "рождения. Проверьте СНИЛС. Если это тот же человек, сначала исправьте его ФИО "
            "или дату рождения в реестре.",
        )
    ]
    person.refresh_from_db()
    assert (person.last_name, person.birth_date) == ("Альфина", date(1980, 5, 17))


def test_staff_import_snils_with_the_same_name_corrects_the_birth_date(two_orgs, org_admin_a):
    person = two_orgs["person_a"]
    row = staff_row(
        two_orgs["org_a"].inn,
        person.last_name,
        person.first_name,
        person.middle_name,
        birth="18.05.1980",
        snils=person.snils,
        start="01.09.2015",
    )
    plan = StaffImporter(org_admin_a).apply(xlsx(STAFF_HEADERS, [row]), "s.xlsx")
    assert [(c.field, c.old, c.new) for row in plan.of(UPDATE) for c in row.changes] == [
        ("Дата рождения", "17.05.1980", "18.05.1980")
    ]


def test_staff_import_snils_of_an_invisible_stranger_is_an_error_that_reveals_nothing(
    two_orgs, org_admin_a
):
    person_b = two_orgs["person_b"]
    row = staff_row(
        two_orgs["org_a"].inn, "Иная", "Ольга", birth="01.01.1975", snils=person_b.snils
    )
    plan = StaffImporter(org_admin_a).apply(xlsx(STAFF_HEADERS, [row]), "s.xlsx")
    assert [e.reason for e in plan.errors] == [
        f"СНИЛС {format_snils(person_b.snils)} в реестре принадлежит другому работнику: ФИО и "
        "дата рождения в строке с его данными не совпадают. Проверьте СНИЛС."
    ]
    assert person_b.employments.filter(organization=two_orgs["org_a"]).count() == 0


def test_staff_import_needs_the_import_permission(two_orgs):
    teacher = factories.teacher_user(two_orgs["person_a"])
    with pytest.raises(PermissionDenied) as error:
        StaffImporter(teacher).plan(xlsx(STAFF_HEADERS, []), "s.xlsx")
    assert str(error.value) == "Недостаточно прав для этого импорта."


def test_staff_plan_queries_do_not_grow_with_rows(two_orgs, org_admin_a):
    org = two_orgs["org_a"]
    known = staff_row(org.inn, "Альфина", "Иван", "Иванович", birth="17.05.1980")
    one = xlsx(STAFF_HEADERS, [known])
    three = xlsx(
        STAFF_HEADERS,
        [
            known,
            staff_row(org.inn, "Первая", subjects="Физика"),
            staff_row(org.inn, "Вторая", snils=SNILS_1),
        ],
    )
    StaffImporter(org_admin_a).plan(one, "s.xlsx")  # the user's scope is read once and cached
    queries = []
    for content in (one, three):
        with CaptureQueriesContext(connection) as captured:
            StaffImporter(org_admin_a).plan(content, "s.xlsx")
        queries.append(len(captured))
    assert queries[0] == queries[1]


# Pages --------------------------------------------------------------------------------------


def upload(client, kind, content, name):
    return client.post(
        reverse("registry:import_upload", args=[kind]), {"file": named(content, name)}
    )


def named(content, name):
    return SimpleUploadedFile(name, content)


def test_import_pages_upload_preview_confirm_end_to_end(two_orgs, org_admin_a, client):
    client.force_login(org_admin_a)
    start = client.get(reverse("registry:import_start"))
    assert start.status_code == 200
    assert "Скачать шаблон" in start.content.decode()
    people = Person.objects.count()

    response = upload(client, "staff", good_staff_file(two_orgs["org_a"]), "staff.xlsx")
    batch = ImportBatch.objects.get(user=org_admin_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:import_preview", args=[batch.pk])
    assert Person.objects.count() == people

    preview = client.get(response["Location"]).content.decode()
    assert "Подтвердить импорт" in preview
    assert "записи к созданию" in preview
    assert "Семёнова Анна Петровна: Учитель" in preview

    confirmed = client.post(reverse("registry:import_confirm", args=[batch.pk]), follow=True)
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.APPLIED
    assert Person.objects.count() == people + 2
    assert "Импорт выполнен: создано 3 записи, обновлено 0 записей." in confirmed.content.decode()
    entry = AuditEntry.objects.get(action="registry.import.applied")
    assert (entry.actor, entry.object_id, entry.data) == (
        org_admin_a,
        str(batch.pk),
        {"kind": "staff", "created": 3, "updated": 0},
    )

    again = client.post(reverse("registry:import_confirm", args=[batch.pk]), follow=True)
    assert "Этот файл уже обработан" in again.content.decode()
    assert Person.objects.count() == people + 2


def test_import_preview_shows_the_error_table_and_no_confirm_button(two_orgs, org_admin_a, client):
    client.force_login(org_admin_a)
    content = xlsx(STAFF_HEADERS, [staff_row(two_orgs["org_a"].inn, "Кривая", birth="вчера")])
    response = upload(client, "staff", content, "bad.xlsx")
    batch = ImportBatch.objects.get(user=org_admin_a)
    page = client.get(response["Location"]).content.decode()
    assert batch.status == ImportBatchStatus.FAILED
    assert "Подтвердить импорт" not in page
    assert "1 ошибка" in page
    assert "вчера" in page
    confirm = client.post(reverse("registry:import_confirm", args=[batch.pk]))
    assert confirm.status_code == 302
    assert not Person.objects.filter(last_name="Кривая").exists()


def test_import_batch_keeps_and_shows_the_first_500_errors_with_their_count(
    two_orgs, org_admin_a, client
):
    client.force_login(org_admin_a)
    inn = two_orgs["org_a"].inn
    rows = [staff_row(inn, f"Кривая{n}", birth="вчера" + "!" * 300) for n in range(600)]
    response = upload(client, "staff", csv_file(STAFF_HEADERS, rows), "bad.csv")
    batch = ImportBatch.objects.get(user=org_admin_a)
    page = client.get(response["Location"]).content.decode()
    assert (batch.summary["counts"]["errors"], len(batch.summary["errors"])) == (600, 500)
    assert batch.summary["errors"][0]["value"] == "вчера" + "!" * 194 + "…"
    assert "Показаны первые 500 ошибок из 600." in page


def test_import_page_refuses_a_zip_bomb_in_little_memory_and_writes_nothing(
    two_orgs, org_admin_a, client
):
    client.force_login(org_admin_a)
    content = hostile_files.zip_bomb()
    people = Person.objects.count()
    url = reverse("registry:import_upload", args=["staff"])
    responses = []
    peak = hostile_files.peak_of(
        lambda: responses.append(upload(client, "staff", content, "a.xlsx"))
    )
    page = client.get(responses[0]["Location"]).content.decode()
    assert (url, responses[0]["Location"]) == ("/registry/import/staff/", "/registry/import/")
    assert "Файл XLSX в распакованном виде больше 100 МБ (предел распакованного размера)." in page
    assert (Person.objects.count(), ImportBatch.objects.count()) == (people, 0)
    assert peak < 200


def test_import_batch_of_another_user_is_404(two_orgs, org_admin_a, regional_admin, client):
    batch = ImportBatch.objects.create(
        kind="staff", user=org_admin_a, filename="a.xlsx", content=b"", summary={}
    )
    client.force_login(regional_admin)
    assert client.get(reverse("registry:import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("registry:import_confirm", args=[batch.pk])).status_code == 404
    assert client.get(reverse("registry:import_confirm", args=[batch.pk])).status_code == 404


def test_import_upload_without_a_file_or_with_a_wrong_extension_explains(org_admin_a, client):
    client.force_login(org_admin_a)
    url = reverse("registry:import_upload", args=["staff"])
    empty = client.post(url, follow=True).content.decode()
    wrong = client.post(url, {"file": named(b"%PDF", "staff.pdf")}, follow=True).content.decode()
    assert "Выберите файл для загрузки." in empty
    assert "Файл «staff.pdf» не подходит: загрузите XLSX или CSV." in wrong
    assert ImportBatch.objects.count() == 0


def test_import_template_downloads_for_both_kinds(regional_admin, client):
    client.force_login(regional_admin)
    # The staff template also has the optional columns of the data for ДПО documents.
    register = ["Пол", "Уровень образования", "Фамилия в дипломе", "Серия диплома", "Номер диплома"]
    staff = [*STAFF_HEADERS[:8], *register, *STAFF_HEADERS[8:]]
    for kind, headers in (("organizations", ORG_HEADERS), ("staff", staff)):
        response = client.get(reverse("registry:import_template", args=[kind]))
        workbook = load_workbook(BytesIO(response.content))
        assert response.status_code == 200
        assert workbook.sheetnames[1] == "Инструкция"
        assert [cell.value for cell in workbook.worksheets[0][1]] == headers


def test_import_template_of_a_template_parses_back_without_header_errors(two_orgs, org_admin_a):
    importer = StaffImporter(org_admin_a)
    plan = importer.plan(importer.template_xlsx(), "template.xlsx")
    assert [(e.row, e.column) for e in plan.errors] == [(2, "ИНН организации")]


def test_import_pages_refuse_users_without_the_import_permission(two_orgs, client):
    client.force_login(factories.teacher_user(two_orgs["person_a"]))
    assert client.get(reverse("registry:import_start")).status_code == 403
    assert client.get(reverse("registry:import_template", args=["staff"])).status_code == 403
    org_admin = factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_a"])
    client.force_login(org_admin)
    url = reverse("registry:import_template", args=["organizations"])
    assert client.get(url).status_code == 403
    assert client.get(reverse("registry:import_template", args=["nothing"])).status_code == 404


# Management command --------------------------------------------------------------------------


def test_import_registry_command_imports_as_the_system(muns, tmp_path):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(good_org_file(*muns))
    out = StringIO()
    call_command("import_registry", "organizations", str(path), stdout=out)
    assert Organization.objects.filter(inn__in=[INN_1, INN_2, INN_3]).count() == 3
    assert out.getvalue().splitlines()[-2:] == [
        "Импорт выполнен.",
        "Строк с данными: 3. Создать: 3, обновить: 0, без изменений: 0, пропущено повторов: 0, "
        "ошибок: 0.",
    ]
    assert ImportBatch.objects.get().status == ImportBatchStatus.APPLIED


def test_import_registry_command_with_errors_exits_non_zero_and_writes_nothing(
    two_orgs, org_admin_a, tmp_path
):
    path = tmp_path / "staff.csv"
    rows = [staff_row(two_orgs["org_a"].inn, "Верная"), staff_row(two_orgs["org_b"].inn, "Чужая")]
    path.write_bytes(csv_file(STAFF_HEADERS, rows))
    err = StringIO()
    people = Person.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("import_registry", "staff", str(path), user=org_admin_a.username, stderr=err)
    assert str(error.value) == "Импорт не выполнен: в файле есть ошибки."
    assert err.getvalue().startswith("Строка 3, столбец «ИНН организации»")
    assert (Person.objects.count(), ImportBatch.objects.count()) == (people, 0)


def test_import_registry_command_dry_run_writes_nothing(two_orgs, org_admin_a, tmp_path):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(good_staff_file(two_orgs["org_a"]))
    out = StringIO()
    people = Person.objects.count()
    call_command(
        "import_registry", "staff", str(path), user=org_admin_a.username, dry_run=True, stdout=out
    )
    assert "Создать: 3" in out.getvalue()
    assert (Person.objects.count(), ImportBatch.objects.count()) == (people, 0)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            hostile_files.wide_row,
            "Лист «Работники», строка 2: больше 200 столбцов (предел числа столбцов).",
        ),
        (hostile_files.many_sheets, "В файле XLSX 200 листов (предел числа листов — 50)."),
    ],
    ids=["wide_row", "many_sheets"],
)
def test_import_registry_command_refuses_a_hostile_file_in_little_memory(
    two_orgs, tmp_path, make, message
):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(make())
    people = Person.objects.count()
    raised = []

    def attempt():
        with pytest.raises(CommandError) as error:
            call_command("import_registry", "staff", str(path), stdout=StringIO())
        raised.append(str(error.value))

    assert hostile_files.peak_of(attempt) < 200
    assert message in raised[0]
    assert (Person.objects.count(), ImportBatch.objects.count()) == (people, 0)


@pytest.mark.parametrize("dry_run", [True, False])
def test_import_registry_command_with_a_refused_row_exits_non_zero_and_ends_with_the_counts(
    two_orgs, org_admin_a, tmp_path, dry_run
):
    path = tmp_path / "staff.csv"
    rows = [staff_row(two_orgs["org_a"].inn, "Верная"), staff_row(two_orgs["org_b"].inn, "Чужая")]
    path.write_bytes(csv_file(STAFF_HEADERS, rows))
    out, err = StringIO(), StringIO()
    people = Person.objects.count()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_registry",
            "staff",
            str(path),
            user=org_admin_a.username,
            dry_run=dry_run,
            stdout=out,
            stderr=err,
        )
    assert str(error.value) == (
        "Файл не прошёл проверку: ошибок — 1. Ничего не записано."
        if dry_run
        else "Импорт не выполнен: в файле есть ошибки."
    )
    assert out.getvalue().splitlines()[-1] == (
        "Строк с данными: 2. Создать: 1, обновить: 0, без изменений: 0, пропущено повторов: 0, "
        "ошибок: 1."
    )
    assert err.getvalue().startswith("Строка 3, столбец «ИНН организации»")
    assert (Person.objects.count(), ImportBatch.objects.count()) == (people, 0)


def test_import_registry_command_refuses_unknown_users(db, tmp_path):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(b"")
    with pytest.raises(CommandError) as error:
        call_command("import_registry", "staff", str(path), user="nobody")
    assert str(error.value) == "Пользователь nobody не найден."
