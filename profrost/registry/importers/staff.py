"""The import of staff: people with their jobs, matched by СНИЛС or by ФИО and birth date."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import zip_longest

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core.dates import format_date
from profrost.core.importers import (
    CREATE,
    DATE_FORMAT,
    NAME_PARTS,
    PERSON_NAME_COLUMNS,
    TEXT_FORMAT,
    UNCHANGED,
    UPDATE,
    Change,
    ImportColumn,
    Importer,
    PlannedRow,
    clean_text,
    comparable,
    digits,
    display,
    match_key,
    parse_bool,
    parse_date,
    parse_list,
)
from profrost.core.roles import Perm

from .. import synonyms
from ..models import Employment, Organization, Person
from ..services import PERSON_FIELDS
from ..validators import format_snils
from .cells import (
    EXAMPLE_INN,
    EXAMPLE_SNILS,
    REGISTER_COLUMNS,
    parse_birth_date,
    parse_snils,
)
from .invitations import INVITE, invite_new_people
from .staff_writing import StaffWriter

# The person's fields a row carries: citizenship is not among the columns, a new person is a
# citizen of Russia (the model's default) and another is set in the person's form.
IMPORTED = tuple(name for name in PERSON_FIELDS if name != "citizenship")
# So the row never changes it, and checking that its default exists would cost a query a person.
UNCHECKED = ("citizenship",)

NAME_FIELDS = NAME_PARTS
EMPLOYMENT_LINKS = ["person", "organization", "position"]
# Values in one `IN (…)` of the lookups: a file of 50 000 rows would pass SQLite's 32 766 and
# PostgreSQL's 65 535 parameters of a statement.
LOOKUP_CHUNK = 5000


def chunks(values, size=LOOKUP_CHUNK):
    """`values` in slices for `IN (…)`; at least one, maybe empty, so a small file costs the
    same queries whatever it holds."""
    for start in range(0, max(len(values), 1), size):
        yield values[start : start + size]


def name_key(values):
    """ФИО and birth date as a person is matched without СНИЛС."""
    return (*(match_key(values.get(name)) for name in NAME_FIELDS), values.get("birth_date"))


@dataclass(eq=False)
class PersonPlan:
    """A person as the file sees them: new, or found and maybe changed; written once."""

    person: Person
    first_row: int
    values: dict
    editable: bool = True
    is_new: bool = False
    changes: list = field(default_factory=list)

    @property
    def snils(self):
        return self.person.snils or self.values.get("snils")


def match_person(snils, key, by_snils, by_name):
    """Candidates for one person: by СНИЛС, else by ФИО and birth date among those whose СНИЛС
    is unknown (someone with another СНИЛС is another person)."""
    if snils and snils in by_snils:
        return [by_snils[snils]]
    candidates = by_name.get(key, [])
    return [c for c in candidates if not c.snils] if snils else list(candidates)


@dataclass
class StaffChange:
    """What one staff row writes: its person (once per file), its employment and subjects."""

    person_plan: PersonPlan
    employment: Employment
    changes: list
    subjects: list | None = None  # None keeps the stored subjects
    dirty: bool = True  # the employment row itself is new or changed


class StaffImporter(Importer):
    kind = "staff"
    preview_url_name = "registry:import_preview"
    verbose_name = gettext_lazy("Работники")
    description = gettext_lazy(
        "Работники и их места работы в организациях, доступных вам. Работник ищется по СНИЛС, "
        "без него — по ФИО и дате рождения."
    )
    perm = Perm.IMPORT_STAFF
    key_column = "last_name"
    audit_action = "registry.import.applied"
    references = {"position": synonyms.POSITIONS, "subjects": synonyms.SUBJECTS}
    confirm_options = (INVITE,)
    instructions = (
        gettext_lazy(
            "Одна строка — одно место работы работника. Если работник работает в "
            "двух организациях или на двух должностях, заполните две строки."
        ),
        gettext_lazy(
            "Работник ищется по СНИЛС, а если СНИЛС не указан — по фамилии, имени, "
            "отчеству и дате рождения. Место работы — по работнику, организации и "
            "должности."
        ),
        gettext_lazy(
            "Если работник с этим СНИЛС уже есть в реестре, а в строке у него другие и ФИО, "
            "и дата рождения, строка не принимается: вероятно, СНИЛС указан с ошибкой. "
            "Если отличается что-то одно, данные работника обновляются."
        ),
        gettext_lazy(
            "Организация указывается ИНН; доступны только организации, в которые вам "
            "разрешён импорт работников."
        ),
    )
    columns = (
        *PERSON_NAME_COLUMNS,
        ImportColumn(
            "birth_date",
            gettext_lazy("Дата рождения"),
            required=True,
            parse=parse_birth_date,
            help=gettext_lazy(
                "Дата рождения, дд.мм.гггг: не раньше 01.01.1930, работнику не меньше 14 лет."
            ),
            example=date(1990, 3, 15),
            number_format=DATE_FORMAT,
        ),
        ImportColumn(
            "snils",
            gettext_lazy("СНИЛС"),
            parse=parse_snils,
            help=gettext_lazy(
                "СНИЛС: 11 цифр, можно с дефисами и пробелом (123-456-789 01). "
                "Проверяется контрольное число. Условные номера (000-000-000 00, "
                "111-111-111 11 и другие до 001-001-998) не принимаются: если СНИЛС "
                "неизвестен, оставьте ячейку пустой."
            ),
            example=EXAMPLE_SNILS,
            number_format=TEXT_FORMAT,
        ),
        ImportColumn(
            "email",
            gettext_lazy("E-mail"),
            aliases=("email", "электронная почта", "эл. почта", "адрес электронной почты"),
            help=gettext_lazy("Адрес электронной почты работника."),
            example="semenova@example.ru",
        ),
        ImportColumn(
            "phone",
            gettext_lazy("Телефон"),
            aliases=("контактный телефон",),
            help=gettext_lazy("Контактный телефон."),
            example="+7 900 000-00-01",
        ),
        ImportColumn(
            "career_start",
            gettext_lazy("Начало педагогической деятельности"),
            aliases=("дата начала педагогической деятельности", "педагогический стаж с"),
            parse=parse_date,
            help=gettext_lazy("Дата начала педагогической деятельности, дд.мм.гггг."),
            example=date(2012, 9, 1),
            number_format=DATE_FORMAT,
        ),
        *REGISTER_COLUMNS,
        ImportColumn(
            "organization_inn",
            gettext_lazy("ИНН организации"),
            required=True,
            aliases=("ИНН", "ИНН ОО"),
            parse=digits(10),
            help=gettext_lazy("ИНН организации — места работы (10 цифр)."),
            example=EXAMPLE_INN,
            number_format=TEXT_FORMAT,
        ),
        ImportColumn(
            "position",
            gettext_lazy("Должность"),
            required=True,
            help=gettext_lazy(
                "Должность из справочника должностей, например «Учитель», "
                "«Воспитатель», «Заместитель директора по учебной работе»."
            ),
            example="Учитель",
        ),
        ImportColumn(
            "subjects",
            gettext_lazy("Предметы"),
            aliases=("предмет", "преподаваемые предметы"),
            parse=parse_list,
            help=gettext_lazy("Предметы из справочника через «;» или «,»."),
            example="Математика; Информатика",
        ),
        ImportColumn(
            "is_main",
            gettext_lazy("Основное место работы"),
            aliases=("основное",),
            parse=parse_bool,
            help=gettext_lazy(
                "«да» — основное место работы, «нет» — совместительство. Пусто — основное."
            ),
            example="да",
        ),
        ImportColumn(
            "start_date",
            gettext_lazy("Дата начала работы"),
            required=True,
            aliases=("дата приёма", "дата приема на работу", "дата начала"),
            parse=parse_date,
            help=gettext_lazy("Дата начала работы в организации на этой должности."),
            example=date(2015, 9, 1),
            number_format=DATE_FORMAT,
        ),
        ImportColumn(
            "end_date",
            gettext_lazy("Дата окончания"),
            aliases=("дата окончания работы", "дата увольнения"),
            parse=parse_date,
            help=gettext_lazy("Дата окончания работы, если работник уже не работает."),
            example="",
            number_format=DATE_FORMAT,
        ),
    )

    def row_key(self, row):
        values = row.values
        person = values.get("snils") or name_key(values)
        return (person, values["organization_inn"], match_key(values["position"]))

    def prepare(self, rows):
        self.organizations = {
            org.inn: org
            for org in self.visible(Organization).filter(
                inn__in={row.values["organization_inn"] for row in rows}
            )
        }
        self._load_people(rows)
        self.plans_by_snils, self.plans_by_name = {}, defaultdict(list)
        self.planned_employments = {}

    def _load_people(self, rows):
        snils = sorted({row.values["snils"] for row in rows if row.values.get("snils")})
        births = sorted({row.values["birth_date"] for row in rows})
        found = {}
        for by_snils, by_birth in zip_longest(chunks(snils), chunks(births), fillvalue=[]):
            matched = Person.objects.filter(Q(snils__in=by_snils) | Q(birth_date__in=by_birth))
            found.update((person.pk, person) for person in matched)
        people = list(found.values())
        self.people_by_snils = {p.snils: p for p in people if p.snils}
        self.people_by_name = defaultdict(list)
        for person in people:
            self.people_by_name[name_key(vars(person))].append(person)
        self.editable_ids, self.employments = set(), defaultdict(list)
        for ids in chunks(list(found)):
            visible = self.visible(Person).filter(pk__in=ids)
            self.editable_ids.update(visible.values_list("pk", flat=True))
            employments = Employment.objects.filter(
                person_id__in=ids, organization__in=self.organizations.values()
            ).prefetch_related("subjects")
            for employment in employments:
                key = (employment.person_id, employment.organization_id, employment.position_id)
                self.employments[key].append(employment)

    # One row.

    def plan_row(self, row):
        organization, position, subjects = self.find_references(row)
        if row.errors:
            return None
        person_plan, first = self.person_plan(row)
        if person_plan is None or not self.claim(row, person_plan, organization, position):
            return None
        change = self.employment_change(row, person_plan, organization, position, subjects)
        if change is None:
            return None
        changes = [*(person_plan.changes if first else []), *change.changes]
        label = self.staff_label(row, organization, position)
        if change.employment.pk is None:
            details = self.create_details(person_plan)
            return PlannedRow(row.number, CREATE, label, details, changes, change)
        return PlannedRow(row.number, UPDATE if changes else UNCHANGED, label, "", changes, change)

    def claim(self, row, person_plan, organization, position):
        """One employment is described by one row of the file."""
        key = (person_plan, organization.pk, position.pk)
        if key in self.planned_employments:
            row.error(
                "position",
                _("Это место работы уже указано в строке %(row)s.")
                % {"row": self.planned_employments[key]},
            )
            return False
        self.planned_employments[key] = row.number
        return True

    def find_references(self, row):
        organization = self.organizations.get(row.values["organization_inn"])
        if organization is None:
            row.error(
                "organization_inn",
                _(
                    "Организация с этим ИНН не найдена среди организаций, в которые вам доступен "
                    "импорт работников."
                ),
            )
        position = self.match("position", row.values["position"])
        if position is None:
            row.error("position", _("Такой должности нет в справочнике должностей."))
        names = row.values.get("subjects") or []
        found = {name: self.match("subjects", name) for name in names}
        unknown = [name for name, subject in found.items() if subject is None]
        if unknown:
            row.error(
                "subjects",
                _("Нет в справочнике предметов: %(names)s.") % {"names": ", ".join(unknown)},
            )
        # «Алгебра; Геометрия» are one subject of the list.
        subjects = list(dict.fromkeys(subject for subject in found.values() if subject))
        return organization, position, subjects

    @staticmethod
    def person_values(row):
        dates = ("birth_date", "career_start")
        return {name: row.values.get(name) or (None if name in dates else "") for name in IMPORTED}

    def person_plan(self, row):
        """The person of the row and whether this row is the first to mention them."""
        values = self.person_values(row)
        snils, key = values["snils"], name_key(values)
        planned = match_person(snils, key, self.plans_by_snils, self.plans_by_name)
        if planned:
            found = planned[0] if self.consistent(row, planned[0], values) else None
            return found, False
        people = match_person(snils, key, self.people_by_snils, self.people_by_name)
        if snils and people and people[0].snils == snils and self.someone_else(people[0], values):
            row.error("snils", self.holder_of(people[0]))
            return None, False
        if len(people) > 1:
            row.error(
                "last_name",
                _("В реестре несколько работников с такими ФИО и датой рождения; укажите СНИЛС."),
            )
            return None, False
        plan = self.new_plan(row, values) if not people else self.found_plan(row, people[0], values)
        if plan is None:
            return None, False
        if plan.snils:
            self.plans_by_snils[plan.snils] = plan
        self.plans_by_name[key].append(plan)
        return plan, True

    @staticmethod
    def someone_else(person, values):
        """A СНИЛС match is taken for an edit of the person unless both their ФИО and their
        birth date differ: then the СНИЛС is most likely another person's, or a placeholder."""
        names_differ = any(
            match_key(values[name]) != match_key(getattr(person, name))
            for name in NAME_FIELDS
            if values[name]
        )
        return names_differ and values["birth_date"] != person.birth_date

    def holder_of(self, person):
        if person.pk not in self.editable_ids:
            return _(
                "СНИЛС %(snils)s в реестре принадлежит другому работнику: ФИО и дата рождения "
                "в строке с его данными не совпадают. Проверьте СНИЛС."
            ) % {"snils": format_snils(person.snils)}
        return _(
            "СНИЛС %(snils)s в реестре принадлежит работнику %(name)s, дата рождения "
            "%(birth)s; в строке другие ФИО и дата рождения. Проверьте СНИЛС. Если это тот же "
            "человек, сначала исправьте его ФИО или дату рождения в реестре."
        ) % {
            "snils": format_snils(person.snils),
            "name": person.full_name,
            "birth": format_date(person.birth_date),
        }

    def consistent(self, row, plan, values):
        """A person mentioned again must not contradict the row that first mentioned them."""
        for name in IMPORTED:
            new, old = values[name], plan.values[name]
            if new in ("", None) or old in ("", None):
                continue
            if comparable({name: new}) != comparable({name: old}):
                row.error(
                    name,
                    _("Данные работника отличаются от указанных в строке %(row)s.")
                    % {"row": plan.first_row},
                )
                return False
        return True

    def new_plan(self, row, values):
        person = Person(**values)
        person.snils = values["snils"] or None
        if not self.validate(row, person, exclude=UNCHECKED):
            return None
        return PersonPlan(person, row.number, values, is_new=True)

    def found_plan(self, row, person, values):
        if person.pk not in self.editable_ids:
            return PersonPlan(person, row.number, values, editable=False)
        changes = self.assign(person, values, loose=NAME_FIELDS)
        if changes and not self.validate(row, person, exclude=UNCHECKED):
            return None
        return PersonPlan(person, row.number, values, changes=changes)

    def employment_change(self, row, person_plan, organization, position, subjects):
        candidates = self.employments.get((person_plan.person.pk, organization.pk, position.pk))
        if not candidates:
            employment = Employment(
                organization=organization,
                position=position,
                is_main=row.values.get("is_main") is not False,
                start_date=row.values["start_date"],
                end_date=row.values.get("end_date"),
            )
            if not self.validate(row, employment, exclude=EMPLOYMENT_LINKS):
                return None
            return StaffChange(person_plan, employment, [], subjects or None)
        employment = self.pick(candidates, row.values["start_date"])
        fields = {name: row.values.get(name) for name in ("is_main", "start_date", "end_date")}
        changes = self.assign(employment, fields)
        if changes and not self.validate(row, employment, exclude=EMPLOYMENT_LINKS):
            return None
        change = StaffChange(person_plan, employment, changes, dirty=bool(changes))
        stored = list(employment.subjects.all())
        if subjects and set(subjects) != set(stored):
            label = self.label(employment, "subjects")
            changes.append(Change(label, display(stored), display(subjects)))
            change.subjects = subjects
        return change

    @staticmethod
    def pick(candidates, start_date):
        """The employment with the row's start date, else the latest one."""
        same_start = [e for e in candidates if e.start_date == start_date]
        return (same_start or sorted(candidates, key=lambda e: e.start_date))[-1]

    @staticmethod
    def create_details(person_plan):
        if person_plan.is_new:
            return _("Новый работник и место работы")
        if not person_plan.editable:
            return _("Новое место работы; работник уже есть в реестре, его данные не изменяются")
        return _("Новое место работы работника из реестра")

    @staticmethod
    def staff_label(row, organization, position):
        full_name = " ".join(
            clean_text(row.values.get(name)) for name in NAME_FIELDS if row.values.get(name)
        )
        return f"{full_name}: {position}, {organization}"

    def write_rows(self, rows):
        StaffWriter(self.user, self.report).write([planned.payload for planned in rows])

    def written(self, plan):
        people = (row.payload.person_plan for row in plan.of(CREATE))
        invite_new_people(self, plan, {p.person.pk for p in people if p.is_new})
