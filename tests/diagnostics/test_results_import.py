"""Import of external diagnostic results: matching, checks, all-or-nothing, re-import, pages."""

import csv
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from profrost.core.importers import CREATE, UNCHANGED, confirm_import, preview_import
from profrost.core.models import AuditEntry, ImportBatch, ImportBatchStatus
from profrost.core.roles import Role
from profrost.diagnostics.importers import FEDERAL_SOURCE, ResultImporter
from profrost.diagnostics.models import CompetenceResult, Deficit, DeficitStatus, ResultSource
from profrost.registry.validators import format_snils
from tests import factories

HEADERS = [
    "СНИЛС",
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Код компетенции",
    "Балл",
    "Максимальный балл",
    "Дата диагностики",
    "Источник",
]
MEASURED = "14.03.2025"


def xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows, headers=HEADERS, encoding="utf-8-sig"):
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def row(person, code, score, maximum=20, measured=MEASURED, source="", snils=True, **names):
    return [
        format_snils(person.snils) if snils and person.snils else "",
        names.get("last_name", person.last_name),
        names.get("first_name", person.first_name),
        names.get("middle_name", person.middle_name),
        names.get("birth_date", person.birth_date.strftime("%d.%m.%Y")),
        code,
        score,
        maximum,
        measured,
        source,
    ]


def errors_of(plan):
    return [(e.row, e.column, e.value, e.reason) for e in plan.errors]


def stored():
    return (CompetenceResult.objects.count(), Deficit.objects.count())


@pytest.fixture
def world(two_orgs):
    """Two competences; in organization A a second teacher without СНИЛС; a municipal
    methodist of A, who may import results for A's people only."""
    no_snils = factories.EmploymentFactory(
        organization=two_orgs["org_a"],
        person__last_name="Семёнова",
        person__first_name="Анна",
        person__middle_name="Петровна",
        person__birth_date=date(1990, 3, 15),
        person__snils=None,
    ).person
    return {
        **two_orgs,
        "met": factories.CompetenceFactory(code="MET.01", name="Проектирование урока"),
        "psy": factories.CompetenceFactory(code="PSY.01", name="Учёт возрастных особенностей"),
        "no_snils": no_snils,
        "methodist": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]),
    }


def good_rows(world):
    person, other = world["person_a"], world["no_snils"]
    return [
        row(person, "MET.01", 8),  # 40 % — deficit
        row(person, "psy.01", "18,5"),  # 92.5 % — proficient
        row(other, "MET.01", 12, source="Диагностика ИРО"),  # 60 % — partial
    ]


def import_file(user, content, filename="results.xlsx"):
    """Upload and confirm as the pages do; returns the batch."""
    batch = preview_import(ResultImporter(user), content, filename)
    if batch.status != ImportBatchStatus.PREVIEWED:
        return batch
    return confirm_import(batch, ResultImporter(user, batch=batch))


def results_of(person):
    return {
        (r.competence.code, r.score, r.max_score, r.percent, r.level, r.source, r.source_title)
        for r in CompetenceResult.objects.filter(person=person).select_related("competence")
    }


# A good file ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("make", "name"), [(xlsx, "results.xlsx"), (csv_file, "results.csv")])
def test_results_import_good_file_creates_results_and_deficits(world, make, name):
    batch = import_file(world["methodist"], make(good_rows(world)), name)

    assert batch.status == ImportBatchStatus.APPLIED
    assert results_of(world["person_a"]) == {
        ("MET.01", Decimal(8), Decimal(20), Decimal("40.0"), "deficit", "import", FEDERAL_SOURCE),
        (
            "PSY.01",
            Decimal("18.5"),
            Decimal(20),
            Decimal("92.5"),
            "proficient",
            "import",
            FEDERAL_SOURCE,
        ),
    }
    assert results_of(world["no_snils"]) == {
        (
            "MET.01",
            Decimal(12),
            Decimal(20),
            Decimal("60.0"),
            "partial",
            "import",
            "Диагностика ИРО",
        ),
    }
    deficits = Deficit.objects.filter(status=DeficitStatus.OPEN)
    assert sorted((d.person_id, d.competence.code, d.level) for d in deficits) == sorted(
        [
            (world["person_a"].pk, "MET.01", "deficit"),
            (world["no_snils"].pk, "MET.01", "partial"),
        ]
    )
    results = CompetenceResult.objects.all()
    assert {(r.import_batch_id, r.organization_id, r.measured_on) for r in results} == {
        (batch.pk, world["org_a"].pk, date(2025, 3, 14))
    }
    assert batch.summary["counts"][CREATE] == 3
    entry = AuditEntry.objects.get(action="diagnostics.results.imported")
    assert (entry.actor, entry.object_id) == (world["methodist"], str(batch.pk))


def test_results_import_a_later_proficient_result_closes_the_deficit_of_an_earlier_one(world):
    person = world["person_a"]
    rows = [
        row(person, "MET.01", 18, measured="10.09.2025"),
        row(person, "MET.01", 6, measured="10.03.2025"),
    ]

    import_file(world["methodist"], xlsx(rows))

    deficit = Deficit.objects.get()
    assert (deficit.status, deficit.found_on, deficit.closed_on) == (
        DeficitStatus.CLOSED,
        date(2025, 3, 10),
        date(2025, 9, 10),
    )


def test_results_import_older_result_does_not_move_a_newer_ones_deficit(world):
    person = world["person_a"]
    import_file(world["methodist"], xlsx([row(person, "MET.01", 18, measured="10.09.2025")]))

    import_file(world["methodist"], xlsx([row(person, "MET.01", 2, measured="10.03.2024")]))

    assert CompetenceResult.objects.filter(person=person).count() == 2
    assert Deficit.objects.count() == 0


# Bad files: nothing is written ---------------------------------------------------------------


def bad_cases(world):
    person, other = world["person_a"], world["person_b"]
    future = (date.today() + timedelta(days=3)).strftime("%d.%m.%Y")
    return {
        "unknown code": (
            row(person, "XYZ.99", 8),
            (
                "Код компетенции",
                "XYZ.99",
                "Компетенции с таким кодом нет в справочнике компетенций.",
            ),
        ),
        "person not found": (
            row(person, "MET.01", 8, snils=False, last_name="Неизвестная"),
            (
                "Фамилия",
                "Неизвестная",
                "Работник не найден среди доступных вам: проверьте СНИЛС или ФИО и дату рождения.",
            ),
        ),
        "person outside the scope": (
            row(other, "MET.01", 8),
            (
                "СНИЛС",
                format_snils(other.snils),
                "Работник не найден среди доступных вам: проверьте СНИЛС или ФИО и дату рождения.",
            ),
        ),
        "negative score": (
            row(person, "MET.01", -1),
            ("Балл", "-1", "Балл не может быть отрицательным."),
        ),
        "score above the maximum": (
            row(person, "MET.01", 21),
            ("Балл", "21", "Балл больше максимального (20)."),
        ),
        "zero maximum": (
            row(person, "MET.01", 0, maximum=0),
            ("Максимальный балл", "0", "Максимальный балл должен быть больше нуля."),
        ),
        "not a number": (
            row(person, "MET.01", "много"),
            ("Балл", "много", "Ожидается число, например 12 или 12,5."),
        ),
        "bad date": (
            row(person, "MET.01", 8, measured="31.02.2025"),
            ("Дата диагностики", "31.02.2025", "Такой даты нет в календаре."),
        ),
        "date in the future": (
            row(person, "MET.01", 8, measured=future),
            ("Дата диагностики", future, "Дата диагностики не может быть в будущем."),
        ),
        "duplicate row": (
            row(person, "met.01", 9, snils=False),
            (
                "Код компетенции",
                "met.01",
                "Этот результат уже указан в строке 2: тот же работник, компетенция, дата "
                "диагностики и источник.",
            ),
        ),
        "name does not match the СНИЛС": (
            row(person, "MET.01", 8, last_name="Другая"),
            ("Фамилия", "Другая", "ФИО не совпадает с ФИО работника с этим СНИЛС в реестре."),
        ),
    }


CASES = [
    "unknown code",
    "person not found",
    "person outside the scope",
    "negative score",
    "score above the maximum",
    "zero maximum",
    "not a number",
    "bad date",
    "date in the future",
    "duplicate row",
    "name does not match the СНИЛС",
]


@pytest.mark.parametrize("case", CASES)
def test_results_import_bad_row_refuses_the_file_and_writes_nothing(world, case):
    import_file(world["methodist"], xlsx([row(world["no_snils"], "PSY.01", 3)]))
    before = stored()
    bad_row, (column, value, reason) = bad_cases(world)[case]
    rows = [row(world["person_a"], "MET.01", 8), bad_row]

    batch = import_file(world["methodist"], xlsx(rows))

    assert batch.status == ImportBatchStatus.FAILED
    assert batch.summary["errors"] == [
        {"row": 3, "column": column, "value": value, "reason": reason}
    ]
    assert stored() == before == (1, 1)


def test_results_import_person_found_twice_by_name_is_an_error(world):
    twin = world["no_snils"]
    factories.EmploymentFactory(
        organization=world["org_a"],
        person__last_name=twin.last_name,
        person__first_name=twin.first_name,
        person__middle_name=twin.middle_name,
        person__birth_date=twin.birth_date,
        person__snils=None,
    )

    plan = ResultImporter(world["methodist"]).plan(xlsx([row(twin, "MET.01", 8)]), "r.xlsx")

    assert errors_of(plan) == [
        (
            2,
            "Фамилия",
            "Семёнова",
            "Найдено несколько работников с такими ФИО и датой рождения; укажите СНИЛС.",
        )
    ]


def test_results_import_without_snils_and_birth_date_asks_for_one(world):
    content = xlsx([row(world["no_snils"], "MET.01", 8, birth_date="")])

    plan = ResultImporter(world["methodist"]).plan(content, "r.xlsx")

    assert errors_of(plan) == [
        (2, "Дата рождения", "", "Укажите СНИЛС или дату рождения работника.")
    ]


def test_results_import_needs_the_import_permission(world):
    org_admin = factories.user_with_role(Role.ORGANIZATION_ADMIN, world["org_a"])

    assert ResultImporter.allowed(org_admin) is False
    assert ResultImporter.allowed(world["methodist"]) is True


def test_results_plan_queries_do_not_grow_with_rows(world):
    rows = good_rows(world)
    assert ResultImporter.allowed(world["methodist"])  # the user's roles, read once and kept
    with CaptureQueriesContext(connection) as one:
        ResultImporter(world["methodist"]).plan(xlsx(rows[:1]), "r.xlsx")
    with CaptureQueriesContext(connection) as three:
        ResultImporter(world["methodist"]).plan(xlsx(rows), "r.xlsx")

    assert len(three) == len(one)


# Re-import -----------------------------------------------------------------------------------


def test_results_reimport_of_the_same_file_changes_nothing(world):
    content = xlsx(good_rows(world))
    import_file(world["methodist"], content)
    before = stored()

    again = import_file(world["methodist"], content)

    assert again.status == ImportBatchStatus.APPLIED
    assert (again.summary["counts"][CREATE], again.summary["counts"][UNCHANGED]) == (0, 3)
    assert stored() == before == (3, 2)


def test_results_reimport_as_csv_of_an_xlsx_file_changes_nothing(world):
    import_file(world["methodist"], xlsx(good_rows(world)))

    again = import_file(world["methodist"], csv_file(good_rows(world), encoding="cp1251"), "r.csv")

    assert again.summary["counts"][UNCHANGED] == 3
    assert stored() == (3, 2)


def test_results_reimport_with_another_score_is_refused(world):
    person = world["person_a"]
    import_file(world["methodist"], xlsx([row(person, "MET.01", 8)]))

    batch = import_file(world["methodist"], xlsx([row(person, "MET.01", 9)]))

    assert [error["reason"] for error in batch.summary["errors"]] == [
        "Этот результат уже загружен ранее с другим баллом (8 из 20); загруженные результаты "
        "не перезаписываются."
    ]
    assert stored() == (1, 1)


# Pages ---------------------------------------------------------------------------------------


def upload(client, content, name):
    return client.post(
        reverse("diagnostics:results_import_upload"), {"file": SimpleUploadedFile(name, content)}
    )


def test_results_import_pages_upload_check_confirm(world, client):
    client.force_login(world["methodist"])
    start = client.get(reverse("diagnostics:results_import"))
    assert start.status_code == 200
    assert "Скачать шаблон" in start.content.decode()

    response = upload(client, xlsx(good_rows(world)), "fed.xlsx")
    batch = ImportBatch.objects.get(user=world["methodist"])
    assert response["Location"] == reverse("diagnostics:results_import_batch", args=[batch.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "Подтвердить импорт" in preview
    assert "результата к загрузке" in preview
    assert stored() == (0, 0)

    confirmed = client.post(
        reverse("diagnostics:results_import_confirm", args=[batch.pk]), follow=True
    )
    assert "Импорт выполнен: загружено 3 результата, без изменений 0 результатов." in (
        confirmed.content.decode()
    )
    assert stored() == (3, 2)
    assert set(CompetenceResult.objects.values_list("import_batch", "source")) == {
        (batch.pk, ResultSource.IMPORT)
    }
    again = client.post(reverse("diagnostics:results_import_confirm", args=[batch.pk]), follow=True)
    assert "Этот файл уже обработан" in again.content.decode()
    assert stored() == (3, 2)


def test_results_import_page_shows_the_error_table_without_confirm(world, client):
    client.force_login(world["methodist"])
    response = upload(client, xlsx([row(world["person_a"], "XYZ.99", 8)]), "bad.xlsx")

    page = client.get(response["Location"]).content.decode()

    assert "Подтвердить импорт" not in page
    assert "1 ошибка" in page
    assert "Компетенции с таким кодом нет в справочнике компетенций." in page


def test_results_import_batch_of_another_user_is_404(world, regional_admin, client):
    batch = preview_import(ResultImporter(world["methodist"]), xlsx(good_rows(world)), "a.xlsx")
    client.force_login(regional_admin)

    urls = [
        reverse("diagnostics:results_import_batch", args=[batch.pk]),
        reverse("diagnostics:results_import_confirm", args=[batch.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert client.post(urls[1]).status_code == 404
    assert stored() == (0, 0)


def test_results_import_pages_refuse_users_without_the_permission(world, client):
    client.force_login(factories.user_with_role(Role.ORGANIZATION_ADMIN, world["org_a"]))

    for name in ("results_import", "results_import_template"):
        assert client.get(reverse(f"diagnostics:{name}")).status_code == 403
    assert upload(client, xlsx(good_rows(world)), "r.xlsx").status_code == 403


def test_results_import_template_has_the_columns_and_parses_back(world, client):
    client.force_login(world["methodist"])

    response = client.get(reverse("diagnostics:results_import_template"))

    workbook = load_workbook(BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == HEADERS
    assert workbook.sheetnames[1] == "Инструкция"
    # The example row names the teacher without СНИЛС of the fixture: it matches by name.
    plan = ResultImporter(world["methodist"]).plan(response.content, "template.xlsx")
    assert (errors_of(plan), plan.counts()[CREATE]) == ([], 1)


# Command -------------------------------------------------------------------------------------


def test_import_results_command_dry_run_writes_nothing(world, tmp_path):
    path = tmp_path / "results.xlsx"
    path.write_bytes(xlsx(good_rows(world)))
    out = StringIO()

    call_command(
        "import_results", str(path), user=world["methodist"].username, dry_run=True, stdout=out
    )

    assert "Создать: 3" in out.getvalue()
    assert (stored(), ImportBatch.objects.count()) == ((0, 0), 0)


def test_import_results_command_imports_and_refuses_a_bad_file(world, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_file(good_rows(world)))
    bad.write_bytes(csv_file([row(world["person_b"], "MET.01", 8)]))
    username = world["methodist"].username

    call_command("import_results", str(good), user=username, stdout=StringIO())
    with pytest.raises(CommandError) as error:
        call_command(
            "import_results", str(bad), user=username, stdout=StringIO(), stderr=StringIO()
        )

    assert str(error.value) == "Импорт не выполнен: в файле есть ошибки."
    assert stored() == (3, 2)
    assert CompetenceResult.objects.filter(import_batch__isnull=True).count() == 0


def test_import_results_command_dry_run_of_a_bad_file_exits_non_zero(world, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_file([row(world["person_b"], "MET.01", 8)]))
    with pytest.raises(CommandError) as error:
        call_command(
            "import_results",
            str(path),
            user=world["methodist"].username,
            dry_run=True,
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert str(error.value) == "Файл не прошёл проверку: ошибок — 1. Ничего не записано."
    assert ImportBatch.objects.count() == 0


def test_results_import_page_maps_an_unknown_column_and_imports(world, client):
    headers = ["Результат" if header == "Балл" else header for header in HEADERS]
    client.force_login(world["methodist"])

    preview = client.get(upload(client, xlsx(good_rows(world), headers), "fed.xlsx")["Location"])
    batch = preview.context["batch"]
    answered = client.post(
        reverse("diagnostics:results_import_answers", args=[batch.pk]),
        {"column-0": "score"},
        follow=True,
    )

    assert batch.status == ImportBatchStatus.QUESTIONS
    assert 'name="column-0"' in preview.content.decode()
    assert answered.context["batch"].status == ImportBatchStatus.PREVIEWED
    client.post(reverse("diagnostics:results_import_confirm", args=[batch.pk]))
    assert stored()[0] == 3


def test_results_import_of_a_large_file_runs_as_jobs_and_keeps_the_batch(
    world, client, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_SIZE = 100
    client.force_login(world["methodist"])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, xlsx(good_rows(world)), "fed.xlsx")
    batch = ImportBatch.objects.get(user=world["methodist"])
    assert batch.status == ImportBatchStatus.PREVIEWED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("diagnostics:results_import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.content) == (ImportBatchStatus.APPLIED, None)
    assert set(CompetenceResult.objects.values_list("import_batch", "source")) == {
        (batch.pk, ResultSource.IMPORT)
    }
