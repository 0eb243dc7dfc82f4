from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.diagnostics import instrument_xlsx
from profrost.diagnostics.instrument_xlsx import SheetError
from profrost.diagnostics.models import Instrument
from profrost.diagnostics.services import instruments
from profrost.diagnostics.services.instruments import InstrumentData, ItemData, OptionData
from tests import factories, hostile_files

HEADERS = [
    "№",
    "Вид",
    "Текст",
    "Пояснение",
    "Баллы",
    "Компетенции",
    "Шкала от",
    "Шкала до",
    "Подписи",
    "Обратная шкала",
    "Верный ответ",
    "Допуск",
]


@pytest.fixture
def competences(db):
    return {
        "met": factories.CompetenceFactory(code="T.MET", name="Проектирование урока"),
        "psy": factories.CompetenceFactory(code="T.PSY", name="Учёт возрастных особенностей"),
    }


@pytest.fixture
def methodist(region):
    return factories.user_with_role(Role.REGIONAL_METHODIST, region)


@pytest.fixture
def rich(region, methodist, competences):
    """An instrument with every kind of item and every field filled."""
    data = InstrumentData(
        title="Анкета затруднений молодого педагога",
        kind="questionnaire",
        deficit_below=40,
        proficient_from=70,
        description="Первая строка описания.\nВторая строка.",
        instructions="Отвечайте по опыту последнего года.",
        positions=["Учитель"],
        subjects=["Математика"],
        items=[
            ItemData(
                kind="single",
                text="С чего начинается проектирование урока?",
                hint="Один ответ",
                options=[OptionData("С результатов", Decimal(1)), OptionData("С заданий", 0)],
                links=[("T.MET", Decimal("1.5"))],
            ),
            ItemData(
                kind="multiple",
                text="Какие цели диагностичны?",
                options=[
                    OptionData("Решит 8 из 10 задач", Decimal(1)),
                    OptionData("Поймёт тему", Decimal(-1)),
                    OptionData("Назовёт три признака", Decimal("0.5")),
                ],
                links=[("T.MET", Decimal(2)), ("T.PSY", Decimal("0.25"))],
            ),
            ItemData(
                kind="scale",
                text="Как часто вы испытываете трудности с дисциплиной?",
                scale_min=0,
                scale_max=4,
                scale_min_label="Никогда",
                scale_max_label="Постоянно",
                reverse=True,
                links=[("T.PSY", Decimal(1))],
            ),
            ItemData(
                kind="number",
                text="Сколько минут длится урок в основной школе?",
                correct_number=Decimal(45),
                tolerance=Decimal("0.5"),
                points=Decimal("1.5"),
                links=[("T.MET", Decimal(1))],
            ),
            ItemData(kind="text", text="Что мешает вам больше всего?"),
        ],
    )
    return instruments.create_from_data(data, by=methodist, region=region)


def workbook(instrument_rows, item_rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.title = "Инструмент"
    sheet.append(["Поле", "Значение"])
    for row in instrument_rows:
        sheet.append(row)
    items = book.create_sheet("Вопросы")
    items.append(headers)
    for row in item_rows:
        items.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def item_row(kind, text="", points=None, links=None, **extra):
    values = dict.fromkeys(HEADERS)
    values.update({"Вид": kind, "Текст": text, "Баллы": points, "Компетенции": links})
    values.update(extra)
    return [values[header] for header in HEADERS]


GOOD_INSTRUMENT = [["Название", "Мини-тест"], ["Вид", "Тест"]]


def upload(client, content, name="instrument.xlsx"):
    return client.post(
        "/diagnostics/instruments/import/", {"file": SimpleUploadedFile(name, content)}
    )


# Round trips


def test_instrument_xlsx_round_trip_gives_an_equal_instrument(client, methodist, rich, region):
    client.force_login(methodist)
    exported = client.get(f"/diagnostics/instruments/{rich.pk}/export/")
    response = upload(client, exported.content)
    imported = Instrument.objects.exclude(pk=rich.pk).get(title=rich.title)
    assert response.status_code == 302
    assert response["Location"] == f"/diagnostics/instruments/{imported.pk}/"
    assert (imported.region, imported.status) == (region, "draft")
    assert instruments.instrument_data(imported) == instruments.instrument_data(rich)
    assert AuditEntry.objects.filter(action="diagnostics.instrument.exported").count() == 1
    assert AuditEntry.objects.filter(action="diagnostics.instrument.imported").count() == 1


def test_instrument_xlsx_round_trip_of_every_shipped_instrument(db):
    shipped = Instrument.objects.filter(region__isnull=True)
    for instrument in shipped:
        data, errors = instrument_xlsx.read_instrument(
            instrument_xlsx.export_instrument(instrument)
        )
        assert (instrument.title, errors) == (instrument.title, [])
        assert data == instruments.instrument_data(instrument)


def test_instrument_xlsx_round_trip_keeps_text_that_looks_like_a_formula(
    client, methodist, region, competences
):
    data = InstrumentData(
        title="=Тест",
        kind="test",
        description="+описание",
        instructions="@инструкция",
        items=[
            ItemData(
                kind="single",
                text="-5 или +5?",
                hint="=СУММ(A1:A2)",
                options=[OptionData("-5", Decimal(1)), OptionData("'=5", Decimal(0))],
                links=[("T.MET", Decimal(1))],
            ),
            ItemData(kind="text", text='=HYPERLINK("http://evil.example")'),
        ],
    )
    instrument = instruments.create_from_data(data, by=methodist, region=region)
    client.force_login(methodist)

    exported = client.get(f"/diagnostics/instruments/{instrument.pk}/export/")
    items = load_workbook(BytesIO(exported.content))["Вопросы"]
    upload(client, exported.content)

    assert [(cell.value, cell.data_type) for cell in items["C"][1:]] == [
        ("'-5 или +5?", "s"),
        ("'-5", "s"),
        ("''=5", "s"),
        ('\'=HYPERLINK("http://evil.example")', "s"),
    ]
    imported = Instrument.objects.exclude(pk=instrument.pk).get(title="=Тест")
    assert instruments.instrument_data(imported) == instruments.instrument_data(instrument)


def test_instrument_xlsx_template_imports_cleanly(client, methodist):
    client.force_login(methodist)
    template = client.get("/diagnostics/instruments/import/template/")
    response = upload(client, template.content)
    imported = Instrument.objects.get(title="Пример: тест по методике урока")
    assert response.status_code == 302
    assert list(imported.items.values_list("kind", flat=True)) == ["single", "scale"]


# The layout


def test_instrument_xlsx_export_writes_the_documented_layout(rich):
    book = load_workbook(BytesIO(instrument_xlsx.export_instrument(rich)))
    about = [tuple(row) for row in book["Инструмент"].iter_rows(values_only=True)]
    items = [tuple(row) for row in book["Вопросы"].iter_rows(values_only=True)]
    assert book.sheetnames == ["Инструмент", "Вопросы", "Инструкция"]
    assert about == [
        ("Поле", "Значение"),
        ("Название", "Анкета затруднений молодого педагога"),
        ("Вид", "Анкета"),
        ("Дефицит ниже, %", 40),
        ("Сформирована от, %", 70),
        ("Диагностика профессиональных дефицитов", "нет"),
        ("Чувствительная методика", "нет"),
        ("Описание", "Первая строка описания.\nВторая строка."),
        ("Инструкция для участника", "Отвечайте по опыту последнего года."),
        ("Должности", "Учитель"),
        ("Предметы", "Математика"),
    ]
    assert items[0] == tuple(HEADERS)
    assert items[1:5] == [
        (1, "Один вариант", "С чего начинается проектирование урока?", "Один ответ", None)
        + ("T.MET:1,5", None, None, None, None, None, None),
        (None, "вариант", "С результатов", None, 1) + (None,) * 7,
        (None, "вариант", "С заданий", None, 0) + (None,) * 7,
        (2, "Несколько вариантов", "Какие цели диагностичны?", None, None)
        + ("T.MET:2; T.PSY:0,25", None, None, None, None, None, None),
    ]
    assert items[8] == (
        3,
        "Шкала (самооценка)",
        "Как часто вы испытываете трудности с дисциплиной?",
        None,
        None,
        "T.PSY:1",
        0,
        4,
        "Никогда | Постоянно",
        "да",
        None,
        None,
    )
    assert items[9][4:] == (1.5, "T.MET:1", None, None, None, None, 45, 0.5)
    assert items[10][:3] == (5, "Свободный ответ", "Что мешает вам больше всего?")


# Errors


def test_instrument_xlsx_import_reports_every_error_and_creates_nothing(methodist, competences):
    content = workbook(
        [
            ["Название", "Анкета с ошибками"],
            ["Вид", "Опрос"],
            ["Дефицит ниже, %", 80],
            ["Сформирована от, %", 60],
            ["Должности", "Учитель; Космонавт"],
        ],
        [
            item_row("вариант", "Сиротский вариант"),
            item_row("Один вариант", "Вопрос без вариантов", links="T.MET:1"),
            item_row("Викторина", "Странный вид"),
            item_row("вариант", "Вариант странного вопроса"),
            item_row("Шкала", "Шкала наоборот", links="T.MET", **{"Шкала от": 5, "Шкала до": 1}),
            item_row("Число", "Сколько?", points="много", links="T.MET", **{"Верный ответ": 45}),
            item_row("Один вариант", "", links="T.XXX:1"),
            item_row("вариант", "Да", points="abc"),
            item_row("вариант", "Нет", points=0),
            item_row("Шкала", "Уверенность", links="T.PSY:0", **{"Шкала от": "один"}),
            item_row("Свободный ответ", "Комментарий"),
            item_row("вариант", "Лишний"),
        ],
    )
    before = Instrument.objects.count()
    instrument, errors = instrument_xlsx.import_instrument(content, by=methodist, region=None)
    number = "Ожидается число, например 2 или 0,5."
    assert instrument is None
    assert Instrument.objects.count() == before
    assert errors == [
        SheetError(
            "Инструмент",
            3,
            "Вид",
            "Опрос",
            "Неизвестный вид инструмента. Допустимо: Тест, Анкета, Самооценка, Кейс.",
        ),
        SheetError(
            "Инструмент",
            5,
            "Сформирована от, %",
            "60",
            "Порог «сформирована» не может быть ниже порога дефицита.",
        ),
        SheetError("Инструмент", 6, "Должности", "Космонавт", "Нет в справочнике: «Космонавт»."),
        SheetError(
            "Вопросы",
            2,
            "Вид",
            "вариант",
            "Вариант ответа стоит до первого вопроса: над ним должна быть строка вопроса.",
        ),
        SheetError(
            "Вопросы",
            3,
            "Вид",
            "Один вариант",
            "У вопроса с выбором должно быть не меньше двух вариантов.",
        ),
        SheetError(
            "Вопросы",
            4,
            "Вид",
            "Викторина",
            "Неизвестный вид вопроса. Допустимо: Один вариант, Несколько вариантов, "
            "Шкала (самооценка), Число, Свободный ответ; для варианта ответа — «вариант».",
        ),
        SheetError("Вопросы", 6, "Шкала до", "1", "Конец шкалы должен быть больше начала."),
        SheetError("Вопросы", 7, "Баллы", "много", number),
        SheetError("Вопросы", 8, "Текст", "", "Не заполнен текст вопроса."),
        SheetError(
            "Вопросы",
            8,
            "Компетенции",
            "T.XXX:1",
            "Компетенции с кодом «T.XXX» нет в справочнике.",
        ),
        SheetError("Вопросы", 9, "Баллы", "abc", number),
        SheetError(
            "Вопросы",
            11,
            "Компетенции",
            "T.PSY:0",
            "Вес компетенции — положительное число: «T.PSY:1» или «T.PSY:0,5».",
        ),
        SheetError("Вопросы", 11, "Шкала от", "один", number),
        SheetError(
            "Вопросы",
            11,
            "Компетенции",
            "",
            "Вопрос даёт баллы: укажите хотя бы одну компетенцию, которую он измеряет.",
        ),
        SheetError(
            "Вопросы",
            13,
            "Вид",
            "вариант",
            "Вариант ответа относится к вопросу в строке 12 вида «Свободный ответ», а варианты "
            "бывают только у вопросов с выбором.",
        ),
    ]


def test_instrument_xlsx_import_reads_loose_competence_lists(methodist, region, competences):
    content = workbook(
        GOOD_INSTRUMENT,
        [
            item_row("один вариант", "Вопрос", links="t.met:0.5, T.PSY"),
            item_row("Вариант", "Да", points="1,5"),
            item_row("вариант", "Нет", points=-1),
        ],
    )
    instrument, errors = instrument_xlsx.import_instrument(content, by=methodist, region=region)
    item = instrument.items.get()
    assert errors == []
    assert sorted(item.links.values_list("competence__code", "weight")) == [
        ("T.MET", Decimal("0.5")),
        ("T.PSY", Decimal(1)),
    ]
    assert list(item.options.values_list("text", "points")) == [
        ("Да", Decimal("1.5")),
        ("Нет", Decimal(-1)),
    ]


def test_instrument_xlsx_import_without_required_columns_is_refused(methodist, competences):
    content = workbook(GOOD_INSTRUMENT, [["Вопрос"]], headers=["Текст вопроса"])
    _instrument, errors = instrument_xlsx.import_instrument(content, by=methodist, region=None)
    assert [(e.column, e.reason) for e in errors] == [
        ("Вид", "Нет обязательного столбца «Вид»."),
        ("Текст", "Нет обязательного столбца «Текст»."),
    ]


def test_instrument_xlsx_import_without_title_and_items_is_refused(methodist, competences):
    content = workbook([["Вид", "Тест"]], [])
    _instrument, errors = instrument_xlsx.import_instrument(content, by=methodist, region=None)
    assert [(e.sheet, e.row, e.column, e.reason) for e in errors] == [
        ("Инструмент", 0, "Название", "Не заполнено название инструмента."),
        ("Вопросы", 1, "", "В листе нет ни одного вопроса."),
    ]


# The import page


def test_instrument_import_page_shows_the_error_table(client, methodist, competences):
    content = workbook(GOOD_INSTRUMENT, [item_row("Один вариант", "Вопрос", links="T.NONE")])
    before = Instrument.objects.count()
    client.force_login(methodist)
    response = upload(client, content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Инструмент не загружен: 2 ошибки." in page
    assert "Компетенции с кодом «T.NONE» нет в справочнике." in page
    assert "У вопроса с выбором должно быть не меньше двух вариантов." in page
    assert Instrument.objects.count() == before


def test_instrument_import_page_refuses_a_file_without_the_items_sheet(client, methodist):
    book = Workbook()
    book.active.title = "Инструмент"
    buffer = BytesIO()
    book.save(buffer)
    client.force_login(methodist)
    response = upload(client, buffer.getvalue())
    assert "В файле нет листа «Вопросы»." in response.content.decode()


def test_instrument_import_page_refuses_a_damaged_or_foreign_file(client, methodist):
    client.force_login(methodist)
    damaged = upload(client, b"not a zip")
    csv = upload(client, "Вид;Текст\n".encode(), name="instrument.csv")
    assert "Не удалось прочитать файл XLSX" in damaged.content.decode()
    assert "Загрузите файл XLSX (Excel 2007 и новее)." in csv.content.decode()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            hostile_files.instrument_with_long_text,
            "Лист «Инструмент», строка 3, ячейка B3: больше 32767 знаков (предел длины ячейки).",
        ),
        (hostile_files.ratio_bomb, "(предел степени сжатия — 100)"),
    ],
    ids=["long_text", "ratio_bomb"],
)
def test_instrument_import_page_refuses_a_hostile_file_in_little_memory(
    client, methodist, competences, make, message
):
    client.force_login(methodist)
    content = make()
    responses = []
    peak = hostile_files.peak_of(lambda: responses.append(upload(client, content)))
    assert message in responses[0].content.decode()
    assert Instrument.objects.filter(region__isnull=False).count() == 0
    assert peak < 200


def test_instrument_import_page_is_forbidden_to_a_reader(client, org_admin_a, competences):
    client.force_login(org_admin_a)
    content = workbook(GOOD_INSTRUMENT, [item_row("Свободный ответ", "Комментарий")])
    assert client.get("/diagnostics/instruments/import/").status_code == 403
    assert upload(client, content).status_code == 403
    assert client.get("/diagnostics/instruments/import/template/").status_code == 403


def test_instrument_import_page_asks_a_superuser_for_the_region(client, region, competences):
    factories.RegionFactory(name="Соседняя область")
    client.force_login(factories.UserFactory(is_superuser=True))
    content = workbook(GOOD_INSTRUMENT, [item_row("Свободный ответ", "Комментарий")])
    refused = upload(client, content)
    created = client.post(
        "/diagnostics/instruments/import/",
        {"file": SimpleUploadedFile("a.xlsx", content), "region": region.pk},
    )
    assert "Обязательное поле." in refused.content.decode()
    assert created.status_code == 302
    assert Instrument.objects.get(title="Мини-тест").region == region


# Export reach


def test_instrument_export_for_the_owner_and_an_in_scope_reader(
    client, methodist, org_admin_a, rich
):
    client.force_login(methodist)
    owner = client.get(f"/diagnostics/instruments/{rich.pk}/export/")
    client.force_login(org_admin_a)
    reader = client.get(f"/diagnostics/instruments/{rich.pk}/export/")
    assert (owner.status_code, reader.status_code) == (200, 200)
    assert owner["Content-Disposition"] == f'attachment; filename="instrument_{rich.pk}.xlsx"'


def test_instrument_export_of_another_region_is_404(client, rich):
    outsider = factories.user_with_role(
        Role.REGIONAL_METHODIST, factories.RegionFactory(name="Соседняя область")
    )
    client.force_login(outsider)
    assert client.get(f"/diagnostics/instruments/{rich.pk}/export/").status_code == 404
