"""Import of the catalogue from an XLSX export of the Федеральный реестр ДПП: one row is one
program; a program is found by its number in the register and updated, or created in the
catalogue of the importing user's region. All rows are checked before anything is written."""

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.competences.models import Competence
from profrost.core.importers import (
    CREATE,
    TEXT_FORMAT,
    UNCHANGED,
    UPDATE,
    CellError,
    Change,
    ImportColumn,
    Importer,
    PlannedRow,
    clean_text,
    display,
    match_key,
    parse_list,
)
from profrost.core.importers.references import suggestion
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry import synonyms
from profrost.registry.models import Organization

from .models import MIN_HOURS, Program, ProgramKind, StudyForm
from .services import set_links

KIND_WORDS = {
    ProgramKind.PK: (
        "пк",
        "дпп пк",
        "повышение квалификации",
        "программа повышения квалификации",
        "дополнительная профессиональная программа повышения квалификации",
    ),
    ProgramKind.PP: (
        "пп",
        "дпп пп",
        "профессиональная переподготовка",
        "программа профессиональной переподготовки",
        "дополнительная профессиональная программа профессиональной переподготовки",
    ),
    ProgramKind.INTERNSHIP: ("стажировка", "программа стажировки"),
    ProgramKind.SEMINAR_SERIES: ("цикл семинаров", "семинары", "семинар"),
    ProgramKind.OTHER: ("иная", "другое", "неформальная", "иная неформальная программа"),
}
FORM_WORDS = {
    StudyForm.FULL_TIME: ("очная", "очно"),
    StudyForm.MIXED: ("очно-заочная", "очно-заочно", "смешанная"),
    StudyForm.PART_TIME: ("заочная", "заочно"),
    StudyForm.DISTANCE: (
        "дот",
        "с применением дот",
        "с использованием дот",
        "заочная с применением дот",
        "очно-заочная с применением дот",
        "дистанционная",
        "дистанционно",
        "электронное обучение",
    ),
}
LINK_FIELDS = ("positions", "subjects")
SCALAR_FIELDS = ("title", "kind", "hours", "form", "provider", "provider_name", "description")
SCALAR_FIELDS += ("url",)


def _lookup(choices, words):
    table = {}
    for value in choices:
        for word in (value.value, value.label, *words[value]):
            table[match_key(word)] = value.value
    return table


@cache
def _kinds():
    return _lookup(ProgramKind, KIND_WORDS)


@cache
def _forms():
    return _lookup(StudyForm, FORM_WORDS)


def parse_kind(value):
    text = match_key(value)
    if not text:
        return ""
    kind = _kinds().get(text)
    if kind is None:
        raise CellError(
            _("Неизвестный вид программы. Допустимо: ПК, ПП, стажировка, цикл семинаров, иная.")
            + suggestion(value, _kinds(), dict(ProgramKind.choices))
        )
    return kind


def parse_form(value):
    text = match_key(value)
    if not text:
        return ""
    form = _forms().get(text)
    if form is None:
        raise CellError(
            _("Неизвестная форма обучения. Допустимо: очная, очно-заочная, заочная, с ДОТ.")
            + suggestion(value, _forms(), dict(StudyForm.choices))
        )
    return form


def parse_hours(value):
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value).replace(" ", "")
    if not text.isdigit() or int(text) == 0:
        raise CellError(_("Ожидается целое число часов больше нуля, например 72."))
    return int(text)


LINK = re.compile(r"^([A-Za-z0-9._\-]+)\s*(?::\s*([0-9]+(?:[.,][0-9]+)?))?$")


def parse_links(value):
    """«MET.01:1; PSY.02:0,5» → [("MET.01", 1), ("PSY.02", 0.5)]; no weight is 1."""
    links = []
    for item in clean_text(value).split(";"):
        item = item.strip()
        if not item:
            continue
        found = LINK.match(item)
        if found is None:
            raise CellError(
                _(
                    "Не удалось разобрать «%(item)s». Пишите коды через «;», вес через «:», "
                    "например: MET.01:1; PSY.02:0,5."
                )
                % {"item": item}
            )
        code, weight = found.group(1).upper(), found.group(2)
        try:
            weight = Decimal(weight.replace(",", ".")) if weight else Decimal(1)
        except InvalidOperation as error:
            raise CellError(_("Вес компетенции — число, например 0,5.")) from error
        if weight <= 0 or weight >= 100:
            raise CellError(_("Вес компетенции должен быть больше 0 и меньше 100."))
        links.append((code, weight))
    return links


def _unique_index(objects, *keys):
    index = {}
    for obj in objects:
        for key in {key(obj) for key in keys}:
            index[key] = None if key in index and index[key] != obj else obj
    return index


class ProgramImporter(Importer):
    kind = "programs"
    preview_url_name = "programs:import_batch"
    verbose_name = gettext_lazy("Программы ДПО")
    description = gettext_lazy(
        "Программы из выгрузки Федерального реестра ДПП в каталог вашего региона. Совпадение — "
        "по номеру в реестре: найденная программа обновляется, новая создаётся."
    )
    perm = Perm.MANAGE_PROGRAMS
    key_column = "registry_number"
    audit_action = "programs.program.imported"
    references = {"positions": synonyms.POSITIONS, "subjects": synonyms.SUBJECTS}
    instructions = (
        gettext_lazy("Одна строка — одна программа. Номер в реестре обязателен и уникален."),
        gettext_lazy(
            "Программа повышения квалификации — не меньше %(pk)s часов, программа "
            "профессиональной переподготовки — не меньше %(pp)s часов."
        )
        % {"pk": MIN_HOURS["pk"], "pp": MIN_HOURS["pp"]},
        gettext_lazy(
            "Провайдер — ИНН организации из реестра системы или её название; если организации "
            "нет в реестре, название сохраняется как есть."
        ),
        gettext_lazy(
            "Компетенции — коды из справочника компетенций через «;», вес через «:» "
            "(MET.01:1; PSY.02:0,5). Без веса — 1. Список заменяет прежние компетенции."
        ),
        gettext_lazy("Должности и предметы — через «;», как в справочниках системы."),
    )
    columns = (
        ImportColumn(
            "registry_number",
            gettext_lazy("Номер в реестре"),
            required=True,
            aliases=("номер", "номер программы", "номер в федеральном реестре", "рег. номер"),
            help=gettext_lazy("Номер программы в Федеральном реестре ДПП."),
            example="ФР-2024-0153",
            number_format=TEXT_FORMAT,
        ),
        ImportColumn(
            "title",
            gettext_lazy("Название"),
            required=True,
            aliases=("название программы", "наименование", "наименование программы"),
            help=gettext_lazy("Полное название программы."),
            example="Формирование функциональной грамотности обучающихся",
        ),
        ImportColumn(
            "kind",
            gettext_lazy("Вид"),
            required=True,
            aliases=("вид программы", "тип программы"),
            parse=parse_kind,
            help=gettext_lazy("ПК, ПП, стажировка, цикл семинаров или иная."),
            example="ПК",
        ),
        ImportColumn(
            "hours",
            gettext_lazy("Объём (часов)"),
            required=True,
            aliases=("объём", "объём, часов", "часов", "количество часов", "трудоёмкость"),
            parse=parse_hours,
            help=gettext_lazy("Целое число часов."),
            example=36,
        ),
        ImportColumn(
            "form",
            gettext_lazy("Форма обучения"),
            required=True,
            aliases=("форма", "форма реализации"),
            parse=parse_form,
            help=gettext_lazy("Очная, очно-заочная, заочная или с применением ДОТ."),
            example="С применением ДОТ",
        ),
        ImportColumn(
            "provider",
            gettext_lazy("Провайдер"),
            required=True,
            aliases=(
                "провайдер (инн или название)",
                "организация",
                "организация-провайдер",
                "образовательная организация",
                "разработчик",
            ),
            help=gettext_lazy("ИНН или название организации, реализующей программу."),
            example="ФГАОУ ДПО «Академия Минпросвещения России»",
        ),
        ImportColumn(
            "competences",
            gettext_lazy("Компетенции"),
            aliases=("коды компетенций",),
            parse=parse_links,
            help=gettext_lazy("Коды компетенций через «;», вес через «:»."),
            example="SUBJ.03:1; MET.02:0,5",
        ),
        ImportColumn(
            "positions",
            gettext_lazy("Должности"),
            aliases=("целевая аудитория", "категория слушателей"),
            parse=parse_list,
            help=gettext_lazy("Должности слушателей через «;»."),
            example="Учитель",
        ),
        ImportColumn(
            "subjects",
            gettext_lazy("Предметы"),
            aliases=("предмет", "предметная область"),
            parse=parse_list,
            help=gettext_lazy("Предметы через «;»."),
            example="Математика; Физика",
        ),
        ImportColumn(
            "description",
            gettext_lazy("Аннотация"),
            aliases=("описание", "краткая аннотация"),
            help=gettext_lazy("Краткое описание программы."),
            example="Программа о заданиях на применение знаний в жизненных ситуациях.",
        ),
        ImportColumn(
            "url",
            gettext_lazy("Ссылка"),
            aliases=("url", "ссылка на программу", "адрес страницы"),
            help=gettext_lazy("Адрес страницы программы."),
            example="https://example.org/programs/153",
        ),
    )

    def prepare(self, rows):
        self.competences = {c.code.upper(): c for c in Competence.objects.all()}
        numbers = {row.values["registry_number"] for row in rows}
        self.existing = {
            program.registry_number: program
            for program in Program.objects.filter(registry_number__in=numbers)
            .select_related("provider")
            .prefetch_related("positions", "subjects", "links")
        }
        changeable = Program.objects.filter(registry_number__in=numbers)
        if self.user is not None:
            changeable = changeable.changeable_by(self.user, Perm.MANAGE_PROGRAMS)
        self.changeable = set(changeable.values_list("pk", flat=True))
        organizations = list(self.visible(Organization, Perm.VIEW_REGISTRY))
        self.by_inn = {org.inn: org for org in organizations}
        self.by_name = _unique_index(
            organizations, lambda o: match_key(o.short_name), lambda o: match_key(o.name)
        )
        self.region_id = self.target_region()

    def target_region(self):
        """New programs go to the catalogue of the importer's region; the system's own import
        (no user) and a superuser's make programs common to all regions."""
        if self.user is None:
            return None
        scope = resolve_scope(self.user, Perm.MANAGE_PROGRAMS)
        return None if scope.everything else min(scope.region_ids, default=None)

    def plan_row(self, row):
        provider, provider_name = self.find_provider(row)
        links = self.find_links(row)
        audience = {name: self.find_named(row, name) for name in LINK_FIELDS}
        if row.errors:
            return None
        values = {
            **{name: row.values.get(name) for name in SCALAR_FIELDS},
            "provider": provider,
            "provider_name": provider_name,
        }
        existing = self.existing.get(row.values["registry_number"])
        if existing is None:
            return self.plan_create(row, values, links, audience)
        if existing.pk not in self.changeable:
            row.error(
                "registry_number",
                _("Программа с этим номером ведётся в каталоге другого региона."),
            )
            return None
        return self.plan_update(row, existing, values, links, audience)

    def find_provider(self, row):
        text = row.values.get("provider", "")
        digits = re.sub(r"\D", "", text)
        if digits and len(digits) == 10 and digits == re.sub(r"[\s\-]", "", text):
            organization = self.by_inn.get(digits)
            if organization is None:
                row.error(
                    "provider",
                    _(
                        "Организация с ИНН %(inn)s не найдена в реестре. Укажите название "
                        "провайдера."
                    )
                    % {"inn": digits},
                )
            return organization, ""
        organization = self.by_name.get(match_key(text))
        return (organization, "") if organization else (None, text)

    def find_links(self, row):
        links = row.values.get("competences") or []
        found, seen = [], set()
        for code, weight in links:
            competence = self.competences.get(code)
            if competence is None:
                row.error(
                    "competences",
                    _("Неизвестный код компетенции: %(code)s.") % {"code": code},
                )
            elif code in seen:
                row.error("competences", _("Компетенция %(code)s указана дважды.") % {"code": code})
            else:
                found.append((competence, weight))
            seen.add(code)
        return found or None

    def find_named(self, row, name):
        items = row.values.get(name) or []
        found = {item: self.match(name, item) for item in items}
        unknown = [item for item, value in found.items() if value is None]
        if unknown:
            message = (
                _("Нет в справочнике должностей: %(items)s.")
                if name == "positions"
                else _("Нет в справочнике предметов: %(items)s.")
            )
            row.error(name, message % {"items": ", ".join(unknown)})
        return list(dict.fromkeys(value for value in found.values() if value)) or None

    def plan_create(self, row, values, links, audience):
        filled = {k: v for k, v in values.items() if v not in (None, "")}
        program = Program(
            registry_number=row.values["registry_number"],
            federal_registry=True,
            region_id=self.region_id,
            **filled,
        )
        if not self.validate(row, program, exclude=["provider", "region"]):
            return None
        details = _("%(kind)s, %(hours)s ч., провайдер: %(provider)s") % {
            "kind": program.get_kind_display(),
            "hours": program.hours,
            "provider": program.provider_display,
        }
        return PlannedRow(
            row.number, CREATE, self.program_label(program), details, [], (program, links, audience)
        )

    def plan_update(self, row, program, values, links, audience):
        changes = self.assign(program, values)
        if not program.federal_registry:
            changes.append(Change(self.label(program, "federal_registry"), _("нет"), _("да")))
            program.federal_registry = True
        if changes and not self.validate(row, program, exclude=["provider", "region"]):
            return None
        changes += self.link_changes(program, links, audience)
        action = UPDATE if changes else UNCHANGED
        return PlannedRow(
            row.number,
            action,
            self.program_label(program),
            "",
            changes,
            (program, links, audience),
        )

    def link_changes(self, program, links, audience):
        changes = []
        for name, items in audience.items():
            stored = list(getattr(program, name).all())
            if items is not None and set(items) != set(stored):
                changes.append(Change(self.label(program, name), display(stored), display(items)))
        if links is not None:
            stored = {link.competence_id: link.weight for link in program.links.all()}
            wanted = {competence.pk: weight for competence, weight in links}
            if stored != wanted:
                codes = {c.pk: c.code for c in self.competences.values()}
                changes.append(
                    Change(
                        _("Компетенции"),
                        show_links(stored, codes),
                        show_links(wanted, codes),
                    )
                )
        return changes

    @staticmethod
    def program_label(program):
        return f"{program.registry_number} — {program.title}"

    def write(self, planned):
        program, links, audience = planned.payload
        self.save(program)
        for name, items in audience.items():
            if items is not None:
                getattr(program, name).set(items)
        if links is not None:
            set_links(program, links)


def show_links(weights, codes):
    return "; ".join(
        f"{codes.get(pk, pk)}:{format(weight.normalize(), 'f').replace('.', ',')}"
        for pk, weight in sorted(weights.items(), key=lambda item: codes.get(item[0], ""))
    )
