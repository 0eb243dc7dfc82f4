"""Import of the catalogue from a Федеральный реестр export: create, update, re-import unchanged,
Russian errors and nothing written when any row is wrong; the pages of the import."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from profrost.core.importers import CREATE, UNCHANGED, UPDATE
from profrost.core.models import AuditEntry, ImportBatch, ImportBatchStatus
from profrost.programs.importers import ProgramImporter
from profrost.programs.models import Program, ProgramKind, StudyForm
from tests.programs.factories import ProgramFactory

HEADERS = [
    "Номер в реестре",
    "Название",
    "Вид",
    "Объём (часов)",
    "Форма обучения",
    "Провайдер",
    "Компетенции",
    "Должности",
    "Предметы",
    "Аннотация",
    "Ссылка",
]
ACADEMY = "ФГАОУ ДПО «Академия Минпросвещения России»"
GOOD = [
    [
        "ФР-001",
        "Функциональная грамотность",
        "ПК",
        36,
        "с применением ДОТ",
        ACADEMY,
        "SUBJ.03:1; MET.02:0,5",
        "Учитель",
        "Математика; Физика",
        "Задания на применение знаний",
        "https://example.org/1",
    ],
    [
        "ФР-002",
        "Педагогика и психология",
        "Профессиональная переподготовка",
        260,
        "очно-заочная",
        ACADEMY,
        "PSY.01",
        "",
        "",
        "",
        "",
    ],
]


def xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors(plan):
    return [(error.row, error.column, error.reason) for error in plan.errors]


def test_import_creates_programs_in_the_importers_region(catalogue):
    importer = ProgramImporter(catalogue["provider"])

    plan = importer.apply(xlsx(GOOD), "reestr.xlsx")

    assert plan.counts() == {CREATE: 2, UPDATE: 0, UNCHANGED: 0, "skipped": 0, "errors": 0}
    first = Program.objects.get(registry_number="ФР-001")
    assert (first.kind, first.hours, first.form, first.provider_name, first.region) == (
        ProgramKind.PK,
        36,
        StudyForm.DISTANCE,
        ACADEMY,
        catalogue["region"],
    )
    assert first.federal_registry is True
    assert list(
        first.links.order_by("competence__code").values_list("competence__code", "weight")
    ) == [
        ("MET.02", 0.5),
        ("SUBJ.03", 1),
    ]
    assert sorted(first.subjects.values_list("name", flat=True)) == ["Математика", "Физика"]
    assert list(first.positions.values_list("name", flat=True)) == ["Учитель"]
    assert Program.objects.get(registry_number="ФР-002").kind == ProgramKind.PP


def test_import_the_same_file_again_changes_nothing(catalogue):
    ProgramImporter(catalogue["provider"]).apply(xlsx(GOOD), "reestr.xlsx")

    plan = ProgramImporter(catalogue["provider"]).apply(xlsx(GOOD), "reestr.xlsx")

    assert plan.counts() == {CREATE: 0, UPDATE: 0, UNCHANGED: 2, "skipped": 0, "errors": 0}


def test_import_updates_a_program_found_by_its_number(catalogue):
    ProgramImporter(catalogue["provider"]).apply(xlsx(GOOD), "reestr.xlsx")
    changed = [[*GOOD[0][:3], 72, *GOOD[0][4:6], "SUBJ.03", *GOOD[0][7:]]]

    plan = ProgramImporter(catalogue["provider"]).apply(xlsx(changed), "reestr.xlsx")

    assert plan.counts()[UPDATE] == 1
    assert [(c.field, c.old, c.new) for c in plan.rows[0].changes] == [
        ("Объём, часов", "36", "72"),
        ("Компетенции", "MET.02:0,5; SUBJ.03:1", "SUBJ.03:1"),
    ]
    program = Program.objects.get(registry_number="ФР-001")
    assert program.hours == 72
    assert list(program.links.values_list("competence__code", flat=True)) == ["SUBJ.03"]


def test_import_with_any_bad_row_writes_nothing_and_says_why(catalogue):
    rows = [
        GOOD[0],
        ["ФР-003", "Короткая", "ПК", 15, "очная", ACADEMY, "", "", "", "", ""],
        ["ФР-004", "Переподготовка", "ПП", 249, "очная", ACADEMY, "", "", "", "", ""],
        ["ФР-005", "Неизвестное", "вебинар", 20, "по переписке", ACADEMY, "XYZ.9", "", "", "", ""],
        [*GOOD[1][:3], 300, *GOOD[1][4:]],
        GOOD[1],
    ]

    plan = ProgramImporter(catalogue["provider"]).apply(xlsx(rows), "reestr.xlsx")

    assert errors(plan) == [
        (
            3,
            "Объём (часов)",
            "Программа вида «Повышение квалификации (ПК)» должна быть не меньше 16 часов.",
        ),
        (
            4,
            "Объём (часов)",
            "Программа вида «Профессиональная переподготовка (ПП)» должна быть не меньше "
            "250 часов.",
        ),
        (
            5,
            "Вид",
            "Неизвестный вид программы. Допустимо: ПК, ПП, стажировка, цикл семинаров, иная. "
            "Возможно, имелось в виду «Цикл семинаров».",
        ),
        (
            5,
            "Форма обучения",
            "Неизвестная форма обучения. Допустимо: очная, очно-заочная, заочная, с ДОТ.",
        ),
        (7, "Номер в реестре", "Та же запись уже есть в строке 6, но с другими данными."),
    ]
    assert Program.objects.filter(registry_number__startswith="ФР-").count() == 0


def test_import_unknown_competence_code_and_reference_names_are_errors(catalogue):
    rows = [[*GOOD[0][:6], "MET.02; NOPE.1", "Космонавт", "Астрология", "", ""]]

    plan = ProgramImporter(catalogue["provider"]).plan(xlsx(rows), "reestr.xlsx")

    assert errors(plan) == [
        (2, "Компетенции", "Неизвестный код компетенции: NOPE.1."),
        (2, "Должности", "Нет в справочнике должностей: Космонавт."),
        (2, "Предметы", "Нет в справочнике предметов: Астрология."),
    ]


def test_import_finds_the_provider_by_inn(catalogue):
    institute = catalogue["org_a"]
    rows = [[*GOOD[0][:5], institute.inn, *GOOD[0][6:]]]

    ProgramImporter(catalogue["provider"]).apply(xlsx(rows), "reestr.xlsx")

    program = Program.objects.get(registry_number="ФР-001")
    assert (program.provider, program.provider_name) == (institute, "")


def test_import_of_a_number_kept_by_another_region_is_refused(catalogue):
    ProgramFactory(registry_number="ФР-001", federal_registry=True)

    plan = ProgramImporter(catalogue["provider"]).plan(xlsx(GOOD[:1]), "reestr.xlsx")

    assert errors(plan) == [
        (2, "Номер в реестре", "Программа с этим номером ведётся в каталоге другого региона.")
    ]


def test_import_pages_check_then_confirm(client, catalogue):
    client.force_login(catalogue["provider"])
    upload = SimpleUploadedFile("reestr.xlsx", xlsx(GOOD))

    checked = client.post("/programs/import/upload/", {"file": upload})
    batch = ImportBatch.objects.get(kind="programs")
    preview = client.get(f"/programs/import/batch/{batch.pk}/")
    confirmed = client.post(f"/programs/import/batch/{batch.pk}/confirm/")

    assert checked.status_code == 302
    assert "Будет создано" in preview.content.decode()
    assert Program.objects.filter(federal_registry=True).count() == 2
    assert confirmed.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.APPLIED
    assert AuditEntry.objects.filter(action="programs.program.imported").count() == 1


def test_import_pages_are_for_who_keeps_the_catalogue(client, catalogue):
    client.force_login(catalogue["admin"])

    assert client.get("/programs/import/").status_code == 403
    assert client.get("/programs/import/template/").status_code == 403


def test_import_template_has_the_columns(client, catalogue):
    client.force_login(catalogue["provider"])

    response = client.get("/programs/import/template/")

    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS


def test_import_page_maps_an_unknown_column_and_imports(client, catalogue):
    headers = ["Часы" if header == "Объём (часов)" else header for header in HEADERS]
    client.force_login(catalogue["provider"])
    client.post(
        "/programs/import/upload/", {"file": SimpleUploadedFile("r.xlsx", xlsx(GOOD, headers))}
    )
    batch = ImportBatch.objects.get(kind="programs")

    client.post(f"/programs/import/batch/{batch.pk}/answers/", {"column-0": "hours"})
    client.post(f"/programs/import/batch/{batch.pk}/confirm/")

    batch.refresh_from_db()
    assert (batch.status, batch.answers["columns"]) == (
        ImportBatchStatus.APPLIED,
        {"часы": "hours"},
    )
    assert Program.objects.filter(federal_registry=True).count() == 2


def test_import_matches_positions_and_subjects_through_synonyms(catalogue):
    rows = [[*GOOD[0][:7], "учитель начальных классов", "Алгебра; ОБЖ; геометрия", "", ""]]

    plan = ProgramImporter(catalogue["provider"]).apply(xlsx(rows), "reestr.xlsx")

    assert plan.errors == []
    program = Program.objects.get(registry_number="ФР-001")
    assert [p.name for p in program.positions.all()] == ["Учитель"]
    assert sorted(s.name for s in program.subjects.all()) == [
        "Математика",
        "Основы безопасности и защиты Родины",
    ]
