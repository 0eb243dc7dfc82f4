"""Import of external diagnostic results (the federal diagnostics in ЦНППМ): one row is one
measured competence of one person on one date."""

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.competences.models import Competence
from profrost.core.dates import format_date
from profrost.core.importers import (
    CREATE,
    DATE_FORMAT,
    PERSON_NAME_COLUMNS,
    TEXT_FORMAT,
    UNCHANGED,
    CellError,
    ImportColumn,
    Importer,
    PlannedRow,
    clean_text,
    match_key,
    parse_date,
)
from profrost.core.roles import Perm
from profrost.registry.importers import (
    EXAMPLE_SNILS,
    NAME_FIELDS,
    match_person,
    name_key,
    parse_snils,
)
from profrost.registry.models import Employment, Person

from . import scoring, services
from .models import (
    DEFAULT_DEFICIT_BELOW,
    DEFAULT_PROFICIENT_FROM,
    CompetenceLevel,
    CompetenceResult,
    ResultSource,
)

FEDERAL_SOURCE = "Федеральная диагностика профессиональных компетенций"
CENT = Decimal("0.01")
SCORE_LIMIT = Decimal("1000000")  # the score fields hold 8 digits, 2 of them after the point
SOURCE_LENGTH = CompetenceResult._meta.get_field("source_title").max_length


def parse_number(value):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellError(_("Ожидается число, например 12 или 12,5."))
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = clean_text(value).replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise CellError(_("Ожидается число, например 12 или 12,5.")) from error
    if not number.is_finite() or abs(number) >= SCORE_LIMIT:
        raise CellError(_("Ожидается число меньше миллиона."))
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def show_number(value):
    """12.50 → «12,5», 20.00 → «20»."""
    return format(Decimal(value).normalize(), "f").replace(".", ",")


class ResultImporter(Importer):
    kind = "results"
    preview_url_name = "diagnostics:results_import_batch"
    verbose_name = gettext_lazy("Результаты диагностики")
    description = gettext_lazy(
        "Результаты внешней диагностики (например, федеральной диагностики профессиональных "
        "компетенций в ЦНППМ) по работникам и компетенциям. По ним выявляются и закрываются "
        "профессиональные дефициты."
    )
    perm = Perm.IMPORT_RESULTS
    key_column = "competence"
    audit_action = "diagnostics.results.imported"
    instructions = (
        gettext_lazy(
            "Одна строка — результат одного работника по одной компетенции на одну дату "
            "диагностики."
        ),
        gettext_lazy(
            "Работник ищется по СНИЛС, а если СНИЛС не указан — по фамилии, имени, отчеству и "
            "дате рождения, только среди работников, результаты которых вам разрешено загружать."
        ),
        gettext_lazy(
            "Компетенция указывается кодом из справочника компетенций (например, MET.02). "
            "Уровень считается по проценту от максимального балла: ниже %(deficit)s %% — "
            "дефицит, от %(deficit)s до %(proficient)s %% — частично сформирована, от "
            "%(proficient)s %% — сформирована."
        )
        % {"deficit": DEFAULT_DEFICIT_BELOW, "proficient": DEFAULT_PROFICIENT_FROM},
        gettext_lazy(
            "Результаты не перезаписываются: строка с тем же работником, компетенцией, датой и "
            "источником, что уже загружена, пропускается как «без изменений». В этом импорте "
            "повторы одного результата внутри файла считаются ошибкой."
        ),
    )
    columns = (
        ImportColumn(
            "snils",
            gettext_lazy("СНИЛС"),
            aliases=("СНИЛС работника", "страховой номер"),
            parse=parse_snils,
            help=gettext_lazy(
                "СНИЛС: 11 цифр, можно с дефисами и пробелом (123-456-789 01). Если не указан, "
                "работник ищется по ФИО и дате рождения."
            ),
            example=EXAMPLE_SNILS,
            number_format=TEXT_FORMAT,
        ),
        *PERSON_NAME_COLUMNS,
        ImportColumn(
            "birth_date",
            gettext_lazy("Дата рождения"),
            parse=parse_date,
            help=gettext_lazy("Дата рождения, дд.мм.гггг. Обязательна, если не указан СНИЛС."),
            example=date(1990, 3, 15),
            number_format=DATE_FORMAT,
        ),
        ImportColumn(
            "competence",
            gettext_lazy("Код компетенции"),
            required=True,
            aliases=("компетенция", "код"),
            help=gettext_lazy("Код компетенции из справочника компетенций системы."),
            example="MET.01",
        ),
        ImportColumn(
            "score",
            gettext_lazy("Балл"),
            required=True,
            aliases=("набранный балл", "баллы"),
            parse=parse_number,
            help=gettext_lazy("Набранный балл по компетенции: от 0 до максимального."),
            example=14,
        ),
        ImportColumn(
            "max_score",
            gettext_lazy("Максимальный балл"),
            required=True,
            aliases=("максимум", "макс. балл", "максимально возможный балл"),
            parse=parse_number,
            help=gettext_lazy("Максимально возможный балл по компетенции, больше нуля."),
            example=20,
        ),
        ImportColumn(
            "measured_on",
            gettext_lazy("Дата диагностики"),
            required=True,
            aliases=("дата", "дата проведения", "дата прохождения"),
            parse=parse_date,
            help=gettext_lazy("Дата прохождения диагностики, дд.мм.гггг; не позже сегодняшней."),
            example=date(2025, 3, 14),
            number_format=DATE_FORMAT,
        ),
        ImportColumn(
            "source",
            gettext_lazy("Источник"),
            aliases=("диагностика", "название диагностики"),
            help=gettext_lazy("Название диагностики. Пусто — «%(source)s».")
            % {"source": FEDERAL_SOURCE},
            example=FEDERAL_SOURCE,
        ),
    )

    def __init__(self, user=None, batch=None):
        super().__init__(user)
        self.batch = batch

    @classmethod
    def for_batch(cls, user, batch):
        return cls(user, batch=batch)

    def deduplicate(self, rows, plan):
        # A result is a person's, and the person is known only after matching: repeats are
        # found in plan_row, and are errors here rather than skipped.
        return rows

    # Matching, in a fixed number of queries.

    def prepare(self, rows):
        self.today = timezone.localdate()
        codes = {clean_text(row.values["competence"]).upper() for row in rows}
        self.competences = {c.code.upper(): c for c in Competence.objects.filter(code__in=codes)}
        self._load_people(rows)
        self._load_existing(rows)
        self.planned = {}

    def _load_people(self, rows):
        snils = {row.values["snils"] for row in rows if row.values.get("snils")}
        births = {row.values["birth_date"] for row in rows if row.values.get("birth_date")}
        people = list(self.visible(Person).filter(Q(snils__in=snils) | Q(birth_date__in=births)))
        self.by_snils = {person.snils: person for person in people if person.snils}
        self.by_name = defaultdict(list)
        for person in people:
            self.by_name[name_key(vars(person))].append(person)
        self.employments = defaultdict(list)
        employments = Employment.objects.filter(person__in=[p.pk for p in people]).order_by(
            "-is_main", "start_date", "pk"
        )
        for employment in employments:
            self.employments[employment.person_id].append(employment)

    def _load_existing(self, rows):
        dates = {row.values["measured_on"] for row in rows}
        people = {person.pk for person in self.by_snils.values()}
        people |= {person.pk for found in self.by_name.values() for person in found}
        stored = CompetenceResult.objects.filter(
            attempt__isnull=True,
            person__in=people,
            competence__in=[c.pk for c in self.competences.values()],
            measured_on__in=dates,
        )
        self.existing = {
            (r.person_id, r.competence_id, r.measured_on, match_key(r.source_title)): r
            for r in stored
        }

    # One row.

    def plan_row(self, row):
        values = row.values
        source = clean_text(values.get("source")) or FEDERAL_SOURCE
        competence = self.find_competence(row)
        self.check_scores(row)
        self.check_date(row)
        if len(source) > SOURCE_LENGTH:
            row.error(
                "source", _("Название источника длиннее %(n)s символов.") % {"n": SOURCE_LENGTH}
            )
        person = self.find_person(row)
        if row.errors:
            return None
        key = (person.pk, competence.pk, values["measured_on"], match_key(source))
        if key in self.planned:
            row.error(
                "competence",
                _(
                    "Этот результат уже указан в строке %(row)s: тот же работник, компетенция, "
                    "дата диагностики и источник."
                )
                % {"row": self.planned[key]},
            )
            return None
        self.planned[key] = row.number
        stored = self.existing.get(key)
        if stored is not None:
            return self.plan_unchanged(row, person, competence, stored)
        return self.plan_create(row, person, competence, source)

    def find_competence(self, row):
        competence = self.competences.get(clean_text(row.values["competence"]).upper())
        if competence is None:
            row.error("competence", _("Компетенции с таким кодом нет в справочнике компетенций."))
        return competence

    @staticmethod
    def check_scores(row):
        score, maximum = row.values["score"], row.values["max_score"]
        if maximum <= 0:
            row.error("max_score", _("Максимальный балл должен быть больше нуля."))
        if score < 0:
            row.error("score", _("Балл не может быть отрицательным."))
        elif maximum > 0 and score > maximum:
            row.error(
                "score",
                _("Балл больше максимального (%(max)s).") % {"max": show_number(maximum)},
            )

    def check_date(self, row):
        if row.values["measured_on"] > self.today:
            row.error("measured_on", _("Дата диагностики не может быть в будущем."))

    def find_person(self, row):
        values = row.values
        snils = values.get("snils") or None
        if not snils and not values.get("birth_date"):
            row.error("birth_date", _("Укажите СНИЛС или дату рождения работника."))
            return None
        found = match_person(snils, name_key(values), self.by_snils, self.by_name)
        if len(found) > 1:
            row.error(
                "last_name",
                _("Найдено несколько работников с такими ФИО и датой рождения; укажите СНИЛС."),
            )
            return None
        if not found:
            row.error(
                "snils" if snils else "last_name",
                _(
                    "Работник не найден среди доступных вам: проверьте СНИЛС или ФИО и дату "
                    "рождения."
                ),
            )
            return None
        person = found[0]
        if snils and not self.same_name(person, values):
            row.error(
                "last_name",
                _("ФИО не совпадает с ФИО работника с этим СНИЛС в реестре."),
            )
            return None
        return person

    @staticmethod
    def same_name(person, values):
        return all(
            match_key(getattr(person, name)) == match_key(values.get(name))
            for name in NAME_FIELDS
            if values.get(name)
        )

    def plan_unchanged(self, row, person, competence, stored):
        score, maximum = row.values["score"], row.values["max_score"]
        if (stored.score, stored.max_score) != (score, maximum):
            row.error(
                "score",
                _(
                    "Этот результат уже загружен ранее с другим баллом (%(score)s из %(max)s); "
                    "загруженные результаты не перезаписываются."
                )
                % {"score": show_number(stored.score), "max": show_number(stored.max_score)},
            )
            return None
        return PlannedRow(row.number, UNCHANGED, self.result_label(person, competence, stored))

    def plan_create(self, row, person, competence, source):
        values = row.values
        percent = scoring.percent_of(values["score"], values["max_score"])
        result = CompetenceResult(
            person=person,
            organization_id=self.organization_of(person, values["measured_on"]),
            competence=competence,
            source=ResultSource.IMPORT,
            source_title=source,
            measured_on=values["measured_on"],
            score=values["score"],
            max_score=values["max_score"],
            percent=percent,
            level=scoring.level_for(percent, DEFAULT_DEFICIT_BELOW, DEFAULT_PROFICIENT_FROM),
        )
        details = _("Уровень: %(level)s. Источник: %(source)s") % {
            "level": CompetenceLevel(result.level).label,
            "source": source,
        }
        return PlannedRow(
            row.number, CREATE, self.result_label(person, competence, result), details, [], result
        )

    def organization_of(self, person, day):
        """The place of work on the day of the diagnostics (the main one first), else now."""
        employments = self.employments[person.pk]
        for on in (day, self.today):
            for employment in employments:
                if employment.start_date <= on and (
                    employment.end_date is None or employment.end_date >= on
                ):
                    return employment.organization_id
        return None

    @staticmethod
    def result_label(person, competence, result):
        return _("%(person)s: %(code)s, %(score)s из %(max)s (%(percent)s %%) на %(date)s") % {
            "person": person.full_name,
            "code": competence.code,
            "score": show_number(result.score),
            "max": show_number(result.max_score),
            "percent": show_number(result.percent),
            "date": format_date(result.measured_on),
        }

    # Writing.

    def apply(self, content, filename, answers=None):
        """Writes the new results oldest first, so that each one moves the deficits as a
        diagnostics on its date would have."""
        with transaction.atomic():
            plan = self.plan(content, filename, answers)
            if plan.ok:
                for planned in sorted(plan.of(CREATE), key=lambda p: p.payload.measured_on):
                    self.write(planned)
        return plan

    def write(self, planned):
        result = planned.payload
        services.record_result(
            person=result.person,
            organization_id=result.organization_id,
            competence_id=result.competence_id,
            measured_on=result.measured_on,
            score=result.score,
            max_score=result.max_score,
            level=result.level,
            source=ResultSource.IMPORT,
            source_title=result.source_title,
            import_batch=self.batch,
        )


IMPORTERS = {ResultImporter.kind: ResultImporter}
