"""The staff import of an XLSX file of N new staff: applied as the confirmation (or its
background job) applies it — read, checked, planned and written with history — against bare
openpyxl reading the same file's cells.

`prepare` builds one region per size with its organizations (40 staff each) and writes the
file of that size next to the database; the registry holds nobody yet, so every row creates
a person and a job, the dearest case."""

import os
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from profrost.core.models import RoleAssignment, User
from profrost.core.roles import Role
from profrost.registry.importers import StaffImporter
from profrost.registry.models import Municipality, Organization, OrganizationKind, Region
from profrost.registry.validators import format_snils, make_inn, make_snils

NAME = "staff-import"
TITLE = "Импорт работников из XLSX"
DEFAULT_ROWS = [20_000]
STAFF_PER_ORGANIZATION = 40
WARM_UP_ROWS = 100
HEADERS = [
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
]
LAST_NAMES = ["Иванова", "Петров", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева"]
FIRST_NAMES = ["Анна", "Иван", "Мария", "Сергей", "Ольга", "Дмитрий", "Елена"]
SUBJECTS = ["Математика; Информатика", "Русский язык; Литература", "Физика", "История", ""]


def file_path(size):
    return Path(os.environ["PROFROST_VAR_DIR"]) / f"staff-{size}.xlsx"


def prepare(sizes):
    call_command("migrate", verbosity=0)
    for number, size in enumerate(sizes, start=1):
        region = Region.objects.create(name=f"Регион импорта на {size} работников")
        municipality = Municipality.objects.create(
            region=region, name=f"Город импорта {number}", oktmo=f"9{number:07d}"
        )
        organizations = Organization.objects.bulk_create(
            Organization(
                municipality=municipality,
                name=f"Муниципальное бюджетное общеобразовательное учреждение № {index}",
                short_name=f"МБОУ СОШ № {index}",
                inn=make_inn(900_000_000 + number * 100_000 + index),
                kind=OrganizationKind.SCHOOL,
            )
            for index in range(max(1, size // STAFF_PER_ORGANIZATION) + 1)
        )
        user = User.objects.create(username=f"import{size}")
        RoleAssignment.objects.create(user=user, role=Role.REGIONAL_ADMIN, region=region)
        inns = [organization.inn for organization in organizations]
        file_path(size).write_bytes(staff_file(number, size, inns[1:]))
        file_path(f"{size}-warm").write_bytes(staff_file(number + 50, WARM_UP_ROWS, inns[:1]))


def staff_file(number, size, inns):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for index in range(size):
        sheet.append(staff_row(number * 1_000_000 + index, inns[index % len(inns)]))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def staff_row(index, inn):
    return [
        LAST_NAMES[index % len(LAST_NAMES)],
        FIRST_NAMES[index % len(FIRST_NAMES)],
        "Петровна" if index % 2 else "Иванович",
        date(1960, 1, 1) + timedelta(days=index % 12_000),
        format_snils(make_snils(100_000_000 + index)),
        f"teacher{index}@school.example",
        "",
        date(2010, 9, 1),
        inn,
        "Учитель",
        SUBJECTS[index % len(SUBJECTS)],
        "да",
        date(2020, 9, 1),
    ]


def warm_up(size):
    """A small file first: imports, the scope, the reference lists, the first query plans."""
    _apply(size, file_path(f"{size}-warm").read_bytes())


def ours(size):
    """The import as confirming applies it: read, check, plan, write with history."""
    return _apply(size, file_path(size).read_bytes())


def _apply(size, content):
    importer = StaffImporter(User.objects.get(username=f"import{size}"))
    plan = importer.apply(content, "staff.xlsx")
    assert plan.ok, plan.errors[:3]
    return plan.counts()["create"]


def baseline_input(size):
    return (file_path(size).read_bytes(),)


def bare(content):
    """openpyxl reading every cell of the same file, nothing of ours."""
    workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    rows = sum(1 for _row in workbook.active.iter_rows(values_only=True))
    workbook.close()
    return rows


def section(results):
    """The table of the report: rows a second and the ratio to the bare parse."""
    lines = [
        "| Строк | Наш импорт, с | Строк в секунду | Пик памяти процесса, МБ "
        "| Чистый openpyxl, с | Во сколько раз дольше |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for item in results:
        ours_, bare_ = item["ours"], item["bare"]
        lines.append(
            f"| {item['rows']} | {ours_['seconds']:.2f} | {item['rows'] / ours_['seconds']:.0f} "
            f"| {ours_['peak_mb']:.0f} | {bare_['seconds']:.2f} "
            f"| {ours_['seconds'] / bare_['seconds']:.2f} |"
        )
    return lines
