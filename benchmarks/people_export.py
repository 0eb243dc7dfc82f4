"""The people export of a region of N generated staff: the list page's `?export=xlsx` as a
regional administrator gets it, against bare openpyxl write-only writing the same values.

`prepare` builds one region per size with bulk inserts (no history, no validation: the rows
are what the export reads, not what the forms would accept)."""

from datetime import date, timedelta
from io import BytesIO

from django.core.management import call_command
from django.test import RequestFactory
from openpyxl import Workbook

from profrost.core.models import RoleAssignment, User
from profrost.core.roles import Role
from profrost.registry.models import (
    Attestation,
    AttestationCategory,
    Employment,
    Municipality,
    Organization,
    OrganizationKind,
    Person,
    Position,
    Region,
)
from profrost.registry.views import PersonListView

NAME = "people-export"
TITLE = "Выгрузка работников в XLSX"
DEFAULT_ROWS = [10_000, 30_000]
STAFF_PER_ORGANIZATION = 40
BATCH = 2000


def prepare(sizes):
    call_command("migrate", verbosity=0)
    position = Position.objects.order_by("pk").first() or Position.objects.create(name="Учитель")
    for number, size in enumerate(sizes, start=1):
        region = Region.objects.create(name=f"Регион на {size} работников")
        municipality = Municipality.objects.create(
            region=region, name=f"Город {number}", oktmo=f"{number:08d}"
        )
        organizations = Organization.objects.bulk_create(
            Organization(
                municipality=municipality,
                name=f"Муниципальное бюджетное общеобразовательное учреждение № {index}",
                short_name=f"МБОУ СОШ № {index}",
                inn=f"{number}{index:09d}",
                kind=OrganizationKind.SCHOOL,
            )
            for index in range(max(1, size // STAFF_PER_ORGANIZATION))
        )
        _add_people(size, number, organizations, position)
        user = User.objects.create(username=f"bench{size}")
        RoleAssignment.objects.create(user=user, role=Role.REGIONAL_ADMIN, region=region)


def _add_people(size, number, organizations, position):
    for start in range(0, size, BATCH):
        people = Person.objects.bulk_create(
            Person(
                last_name=f"Иванова-{index}",
                first_name="Анна",
                middle_name="Петровна",
                birth_date=date(1970, 1, 1) + timedelta(days=index % 10_000),
                snils=f"{number}{index:010d}"[:11],
                email=f"teacher{number}-{index}@school.example",
                career_start=date(2000, 9, 1),
            )
            for index in range(start, min(start + BATCH, size))
        )
        Employment.objects.bulk_create(
            Employment(
                person=person,
                organization=organizations[index % len(organizations)],
                position=position,
                start_date=date(2015, 9, 1),
            )
            for index, person in enumerate(people, start=start)
        )
        Attestation.objects.bulk_create(
            Attestation(
                person=person, category=AttestationCategory.FIRST, decision_date=date(2023, 3, 1)
            )
            for person in people[::2]
        )


def _view_request(size):
    request = RequestFactory().get("/registry/people/", {"export": "xlsx"})
    request.user = User.objects.get(username=f"bench{size}")
    request.htmx = False
    return request


def warm_up(size):
    """Imports, templates, the first query plans."""
    ours(size)


def ours(size):
    """The export as the page answers it: the query, the rows, the file."""
    response = PersonListView.as_view()(_view_request(size))
    assert response.status_code == 200, response.status_code
    return len(response.content)


def baseline_input(size):
    """The values the export writes, read beforehand: what the bare baseline is given."""
    view = PersonListView()
    view.setup(_view_request(size))
    headers, rows = view.export_table(view.get_queryset())
    return headers, list(rows)


def bare(headers, rows):
    """openpyxl write-only with nothing of ours: no safe text, no formats, no widths."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Работники")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return len(buffer.getvalue())


def section(results):
    """The table of the report, and how the time grows with the rows."""
    lines = [
        "| Строк | Наша выгрузка, с | Пик памяти процесса, МБ | Чистый openpyxl, с "
        "| Его пик, МБ | Во сколько раз дольше |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for item in results:
        ours_, bare_ = item["ours"], item["bare"]
        lines.append(
            f"| {item['rows']} | {ours_['seconds']:.2f} | {ours_['peak_mb']:.0f} "
            f"| {bare_['seconds']:.2f} | {bare_['peak_mb']:.0f} "
            f"| {ours_['seconds'] / bare_['seconds']:.2f} |"
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = last["ours"]["seconds"] / first["ours"]["seconds"]
        lines += [
            "",
            f"Рост времени от {first['rows']} до {last['rows']} строк: в {growth:.2f} раза "
            f"(строк в {last['rows'] / first['rows']:.1f} раза больше).",
        ]
    return lines
