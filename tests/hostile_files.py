"""Hostile XLSX files, made at test time: each one attacks one bound of the import reader.

The files are built part by part with zipfile, the sheet streamed in chunks, so that making a
file that unpacks to a hundred megabytes costs the test little memory.
"""

import io
import random
import string
import tracemalloc
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
HEADERS = ("Фамилия", "Имя", "Дата рождения", "ИНН организации", "Должность", "Дата начала работы")
CHUNK_ROWS = 200


def workbook(sheets, shared_strings=(), prolog=""):
    """An XLSX file of `sheets`, pairs of a title and an iterable of <row> elements (str);
    `prolog` goes before the root element of each sheet."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(sheets), shared_strings))
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr("xl/workbook.xml", _workbook_xml(sheets))
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets), shared_strings))
        if shared_strings:
            items = "".join(f"<si><t>{text}</t></si>" for text in shared_strings)
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{items}</sst>')
        for number, (_title, rows) in enumerate(sheets, start=1):
            _write_sheet(archive, f"xl/worksheets/sheet{number}.xml", rows, prolog)
    return buffer.getvalue()


def _content_types(count, shared_strings):
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        for n in range(1, count + 1)
    )
    strings = (
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
        if shared_strings
        else ""
    )
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{BOOK_TYPE}"/>{sheets}{strings}'
        "</Types>"
    )


def _workbook_xml(sheets):
    entries = "".join(
        f'<sheet name="{title}" sheetId="{n}" r:id="rId{n}"/>'
        for n, (title, _rows) in enumerate(sheets, start=1)
    )
    return f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>{entries}</sheets></workbook>'


def _workbook_rels(count, shared_strings):
    entries = "".join(
        f'<Relationship Id="rId{n}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    if shared_strings:
        entries += (
            f'<Relationship Id="rId{count + 1}" Type="{DOC_RELS}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
    return f'<Relationships xmlns="{RELS}">{entries}</Relationships>'


def _write_sheet(archive, name, rows, prolog):
    with archive.open(name, "w", force_zip64=True) as sheet:
        sheet.write(f'{prolog}<worksheet xmlns="{MAIN}"><sheetData>'.encode())
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == CHUNK_ROWS:
                sheet.write("".join(chunk).encode())
                chunk = []
        sheet.write("".join(chunk).encode())
        sheet.write(b"</sheetData></worksheet>")


def text_cell(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row():
    cells = "".join(text_cell(f"{chr(65 + i)}1", header) for i, header in enumerate(HEADERS))
    return f'<row r="1">{cells}</row>'


def long_cell_rows(rows, length):
    """The header, then `rows` rows of one cell of `length` letters: the same text each time,
    so the file compresses as well as deflate can."""
    yield header_row()
    text = "Ж" * length
    for number in range(2, rows + 2):
        yield f'<row r="{number}">{text_cell(f"A{number}", text)}</row>'


# The attacks ---------------------------------------------------------------------------------


def zip_bomb(rows=2_500, length=24_000):
    """The file seen in the wild was 50 000 rows of one 24 000-character cell: 1.4 MB that
    unpacks to 1.16 GB. The default here unpacks to 120 MB, past the 100 MB bound."""
    return workbook([("Работники", long_cell_rows(rows, length))])


def ratio_bomb(rows=400, length=24_000):
    """Unpacks to about 19 MB, under the total bound, but the sheet is packed about 500 times."""
    return workbook([("Работники", long_cell_rows(rows, length))])


def wide_row(cells=1_000_000):
    """A header and one row of a million numbered cells without coordinates: about 20 MB of
    sheet packed only about eight times, so no bound of the archive stops it."""

    def rows():
        yield header_row()
        yield '<row r="2">'
        for start in range(0, cells, 10_000):
            yield "".join(f"<c><v>{n}</v></c>" for n in range(start, min(start + 10_000, cells)))
        yield "</row>"

    return workbook([("Работники", rows())])


def repeated_wide_row(cells=2_000_000):
    """The wide row seen in the wild: two million identical cells in a file of a few hundred
    kilobytes."""

    def rows():
        yield header_row()
        yield '<row r="2">' + "<c><v>1</v></c>" * cells + "</row>"

    return workbook([("Работники", rows())])


def long_cell(length=1_000_000, shared=False):
    """A header and one row whose second cell holds `length` random letters, written inline
    or in the shared strings table."""
    text = "".join(random.Random(7).choices(string.ascii_letters, k=length))
    cell = '<c r="B2" t="s"><v>0</v></c>' if shared else text_cell("B2", text)
    rows = [header_row(), f'<row r="2">{text_cell("A2", "Иванова")}{cell}</row>']
    return workbook([("Работники", rows)], shared_strings=[text] if shared else ())


def many_sheets(count=200):
    return workbook([(f"Лист{n}", [header_row()]) for n in range(1, count + 1)])


def giant_tag(attributes=300_000):
    """One cell tag of 3 MB: expat would hold it whole and make a dict of its attributes."""
    names = " ".join(f'a{n}=""' for n in range(attributes))
    return workbook([("Работники", [header_row(), f'<row r="2"><c r="A2" {names}/></row>'])])


def billion_laughs(levels=9):
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels + 1)
    )
    rows = [header_row(), f'<row r="2">{text_cell("A2", f"&lol{levels};")}</row>']
    return workbook([("Работники", rows)], prolog=f"<!DOCTYPE worksheet [{entities}]>")


def external_entity(path="/etc/passwd"):
    rows = [header_row(), f'<row r="2">{text_cell("A2", "&secret;")}</row>']
    prolog = f'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file://{path}">]>'
    return workbook([("Работники", rows)], prolog=prolog)


def instrument_with_long_text(length=40_000):
    """An instrument file whose description is longer than Excel lets a cell be."""
    text = "".join(random.Random(7).choices(string.ascii_letters, k=length))
    instrument = [
        f'<row r="1">{text_cell("A1", "Поле")}{text_cell("B1", "Значение")}</row>',
        f'<row r="2">{text_cell("A2", "Название")}{text_cell("B2", "Тест")}</row>',
        f'<row r="3">{text_cell("A3", "Описание")}{text_cell("B3", text)}</row>',
    ]
    items = [f'<row r="1">{text_cell("A1", "Вид")}{text_cell("B1", "Текст")}</row>']
    return workbook([("Инструмент", instrument), ("Вопросы", items)])


def peak_of(call):
    """The peak of memory that `call` took, in MB, as tracemalloc sees it."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    finally:
        tracemalloc.stop()
