"""Staff rosters as municipal offices really send them, written by openpyxl at test time: a title
above the header, a two-level merged header, a cover sheet, the data on several sheets, one
«ФИО» column, everyday wording of positions and subjects."""

from dataclasses import dataclass, field
from io import BytesIO

from openpyxl import Workbook

TITLE = "Список педагогических работников по состоянию на 01.09.2025"
FLAT_HEADER = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "ИНН организации",
    "Должность",
    "Предметы",
    "Дата начала работы",
]
# Row 1 and row 2 of a two-level header: «ФИО» over three columns, «Место работы» over two,
# «№ п/п», «Дата рождения», «Предметы» and «Дата начала работы» merged down over both rows.
UPPER_HEADER = [
    "№ п/п",
    "ФИО",
    None,
    None,
    "Дата рождения",
    "Место работы",
    None,
    "Предметы",
    "Дата начала работы",
]
LOWER_HEADER = [None, "Фамилия", "Имя", "Отчество", None, "ИНН организации", "Должность"]
TWO_LEVEL_MERGES = ("A1:A2", "B1:D1", "E1:E2", "F1:G1", "H1:H2", "I1:I2")
PEOPLE = [
    ("Андреева", "Ольга", "Викторовна", "12.04.1981"),
    ("Борисов", "Игорь", "Сергеевич", "03.11.1975"),
    ("Власова", "Марина", "Юрьевна", "27.01.1990"),
    ("Григорьев", "Павел", "Андреевич", "15.06.1986"),
    ("Дмитриева", "Елена", "Николаевна", "09.09.1979"),
    ("Егорова", "Наталья", "Петровна", "21.02.1992"),
]


@dataclass
class Person:
    last: str
    first: str
    middle: str
    birth: str
    inn: str
    position: str = "Учитель"
    subjects: str = "Математика"
    start: str = "01.09.2020"

    def flat(self):
        return [
            self.last,
            self.first,
            self.middle,
            self.birth,
            self.inn,
            self.position,
            self.subjects,
            self.start,
        ]

    def numbered(self, number):
        return [number, *self.flat()]

    def with_full_name(self):
        return [f"{self.last} {self.first} {self.middle}", *self.flat()[3:]]


def people(inn, count, start=0, **extra):
    return [Person(*PEOPLE[(start + n) % len(PEOPLE)], inn, **extra) for n in range(count)]


@dataclass
class Sheet:
    title: str
    rows: list
    merges: tuple = field(default_factory=tuple)


def workbook(*sheets):
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        written = book.create_sheet(sheet.title)
        for row in sheet.rows:
            written.append(row)
        for cells in sheet.merges:
            written.merge_cells(cells)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def titled(title, staff):
    """A title merged over the columns, an empty row, then the header and the people."""
    rows = [[TITLE], [], FLAT_HEADER, *(person.flat() for person in staff)]
    return Sheet(title, rows, ("A1:H1",))


def two_level(title, staff):
    rows = [
        UPPER_HEADER,
        LOWER_HEADER,
        *(person.numbered(n) for n, person in enumerate(staff, 1)),
    ]
    return Sheet(title, rows, TWO_LEVEL_MERGES)


def plain(title, staff, without=()):
    """The header of the template and the people, without the columns named in `without`."""
    kept = [index for index, name in enumerate(FLAT_HEADER) if name not in without]
    rows = [FLAT_HEADER, *(person.flat() for person in staff)]
    return Sheet(title, [[row[index] for index in kept] for row in rows])


def cover(title="Титульный лист"):
    return Sheet(
        title,
        [
            ["Управление образования администрации Светлого района"],
            [TITLE],
            ["Исполнитель: Петрова А. А., тел. 8 (3812) 00-00-00"],
            ["Должность исполнителя: методист"],
        ],
    )


def full_name_sheet(title, staff, header="ФИО"):
    rows = [[header, *FLAT_HEADER[3:]], *(person.with_full_name() for person in staff)]
    return Sheet(title, rows)
