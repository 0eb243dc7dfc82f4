"""The import of organizations from the lists offices already keep."""

from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core.importers import (
    CREATE,
    TEXT_FORMAT,
    UNCHANGED,
    UPDATE,
    CellError,
    ImportColumn,
    Importer,
    PlannedRow,
    digits,
    match_key,
    parse_bool,
)
from profrost.core.importers.references import suggestion
from profrost.core.roles import Perm

from ..models import (
    Municipality,
    Organization,
    OrganizationKind,
)
from .cells import EXAMPLE_INN

KIND_WORDS = {
    OrganizationKind.SCHOOL: (
        "школа",
        "общеобразовательная",
        "общеобразовательная школа",
        "сош",
        "оош",
        "нош",
        "гимназия",
        "лицей",
    ),
    OrganizationKind.KINDERGARTEN: ("детский сад", "сад", "доу", "доо", "дошкольная"),
    OrganizationKind.ADDITIONAL: (
        "до",
        "удо",
        "дополнительное образование",
        "доп. образование",
        "организация до",
    ),
    OrganizationKind.VOCATIONAL: ("спо", "поо", "колледж", "техникум", "профессиональная"),
    OrganizationKind.INSTITUTE: ("иро", "цнппм", "институт"),
    OrganizationKind.METHODICAL_SERVICE: (
        "ммс",
        "методическая служба",
        "методический центр",
        "методический кабинет",
    ),
    OrganizationKind.OTHER: ("иная", "другое", "прочее"),
}


@cache
def _kind_lookup():
    lookup = {}
    for kind in OrganizationKind:
        for word in (kind.value, kind.label, *KIND_WORDS[kind]):
            lookup[match_key(word)] = kind.value
    return lookup


def parse_kind(value):
    text = match_key(value)
    if not text:
        return ""
    kind = _kind_lookup().get(text)
    if kind is None:
        raise CellError(
            _(
                "Неизвестный тип организации. Допустимо: %(kinds)s; "
                "или кратко: школа, детский сад, ДО."
            )
            % {"kinds": "; ".join(str(label) for label in OrganizationKind.labels)}
            + suggestion(value, _kind_lookup(), dict(OrganizationKind.choices))
        )
    return kind


def _unique_index(objects, key):
    """{key: object} for keys held by one object; keys held by several map to None."""
    index = {}
    for obj in objects:
        k = key(obj)
        index[k] = None if k in index else obj
    return index


class OrganizationImporter(Importer):
    kind = "organizations"
    preview_url_name = "registry:import_preview"
    verbose_name = gettext_lazy("Организации")
    description = gettext_lazy(
        "Создание и обновление организаций муниципалитетов, доступных вам. Совпадение — по ИНН."
    )
    perm = Perm.IMPORT_ORGANIZATIONS
    key_column = "inn"
    audit_action = "registry.import.applied"
    instructions = (
        gettext_lazy(
            "Одна строка — одна организация. Организация ищется по ИНН: новая "
            "создаётся, у найденной обновляются изменившиеся поля."
        ),
        gettext_lazy(
            "Муниципалитет указывается кодом ОКТМО или названием; доступны только "
            "муниципалитеты, в которых вам разрешён импорт организаций."
        ),
    )
    columns = (
        ImportColumn(
            "oktmo",
            gettext_lazy("ОКТМО муниципалитета"),
            aliases=("ОКТМО", "код ОКТМО"),
            parse=digits(8, 11),
            help=gettext_lazy(
                "Код ОКТМО муниципалитета (8 или 11 цифр). Можно вместо него "
                "указать название в столбце «Муниципалитет»."
            ),
            example="50701000",
            number_format=TEXT_FORMAT,
        ),
        ImportColumn(
            "municipality",
            gettext_lazy("Муниципалитет"),
            aliases=("муниципальное образование", "район", "округ"),
            help=gettext_lazy(
                "Название муниципалитета, как в реестре. Нужен, если не указан ОКТМО."
            ),
            example="Город Светлый",
        ),
        ImportColumn(
            "name",
            gettext_lazy("Полное наименование"),
            required=True,
            aliases=("наименование", "полное наименование организации"),
            help=gettext_lazy("Полное наименование по уставу."),
            example="Муниципальное бюджетное общеобразовательное учреждение «Средняя "
            "общеобразовательная школа № 1»",
        ),
        ImportColumn(
            "short_name",
            gettext_lazy("Краткое наименование"),
            required=True,
            aliases=("сокращённое наименование", "краткое название"),
            help=gettext_lazy(
                "Краткое наименование, под которым организация показывается в списках."
            ),
            example="МБОУ «СОШ № 1»",
        ),
        ImportColumn(
            "inn",
            gettext_lazy("ИНН"),
            required=True,
            aliases=("ИНН организации",),
            parse=digits(10),
            help=gettext_lazy("ИНН организации: 10 цифр, проверяется контрольное число."),
            example=EXAMPLE_INN,
            number_format=TEXT_FORMAT,
        ),
        ImportColumn(
            "kind",
            gettext_lazy("Тип"),
            required=True,
            aliases=("тип организации", "вид организации"),
            parse=parse_kind,
            help=gettext_lazy(
                "Один из типов: %(kinds)s. Можно кратко: «школа», «детский сад», «ДО», «СПО»."
            )
            % {"kinds": "; ".join(str(label) for label in OrganizationKind.labels)},
            example=str(OrganizationKind.SCHOOL.label),
        ),
        ImportColumn(
            "low_results",
            gettext_lazy("ШНОР"),
            aliases=("школа с низкими результатами", "шнор (низкие образовательные результаты)"),
            parse=parse_bool,
            help=gettext_lazy("Школа с низкими образовательными результатами: да или нет."),
            example="нет",
        ),
        ImportColumn(
            "unfavourable_conditions",
            gettext_lazy("Неблагоприятные условия"),
            aliases=("неблагоприятные социальные условия",),
            parse=parse_bool,
            help=gettext_lazy("Работает в неблагоприятных социальных условиях: да или нет."),
            example="нет",
        ),
        ImportColumn(
            "address",
            gettext_lazy("Адрес"),
            aliases=("юридический адрес", "фактический адрес"),
            help=gettext_lazy("Адрес организации."),
            example="г. Светлый, ул. Школьная, д. 1",
        ),
        ImportColumn(
            "email",
            gettext_lazy("E-mail"),
            aliases=("email", "электронная почта", "эл. почта", "адрес электронной почты"),
            help=gettext_lazy("Адрес электронной почты организации."),
            example="school1@example.ru",
        ),
        ImportColumn(
            "phone",
            gettext_lazy("Телефон"),
            aliases=("контактный телефон",),
            help=gettext_lazy("Телефон организации."),
            example="+7 (3812) 00-00-01",
        ),
    )
    fields = (
        "name",
        "short_name",
        "kind",
        "low_results",
        "unfavourable_conditions",
        "address",
        "email",
        "phone",
    )

    def prepare(self, rows):
        municipalities = list(self.visible(Municipality))
        self.by_oktmo = {m.oktmo: m for m in municipalities}
        self.by_name = _unique_index(municipalities, lambda m: match_key(m.name))
        inns = {row.values["inn"] for row in rows}
        self.existing = {
            org.inn: org
            for org in Organization.objects.filter(inn__in=inns).select_related("municipality")
        }
        self.changeable = set(
            self.visible(Organization).filter(inn__in=inns).values_list("pk", flat=True)
        )

    def plan_row(self, row):
        municipality = self.find_municipality(row)
        if municipality is None:
            return None
        existing = self.existing.get(row.values["inn"])
        if existing is not None and existing.pk not in self.changeable:
            row.error(
                "inn",
                _(
                    "Организация с этим ИНН относится к другому муниципалитету и недоступна "
                    "для изменения."
                ),
            )
            return None
        values = {"municipality": municipality, **{f: row.values.get(f) for f in self.fields}}
        if existing is None:
            return self.plan_create(row, values)
        return self.plan_update(row, existing, values)

    def find_municipality(self, row):
        oktmo, name = row.values.get("oktmo"), row.values.get("municipality")
        if oktmo:
            found = self.by_oktmo.get(oktmo)
            if found is None:
                row.error("oktmo", _("Муниципалитет с таким ОКТМО не найден среди доступных вам."))
            return found
        if name:
            found = self.by_name.get(match_key(name))
            if found is None:
                row.error(
                    "municipality",
                    _(
                        "Муниципалитет не найден среди доступных вам (или название неоднозначно: "
                        "укажите ОКТМО)."
                    ),
                )
            return found
        row.error("oktmo", _("Укажите ОКТМО или название муниципалитета."))
        return None

    def plan_create(self, row, values):
        defaults = {"low_results": False, "unfavourable_conditions": False}
        filled = {k: v for k, v in values.items() if v not in (None, "")}
        organization = Organization(inn=row.values["inn"], **{**defaults, **filled})
        if not self.validate(row, organization, exclude=["municipality"]):
            return None
        return PlannedRow(
            row.number,
            CREATE,
            self.org_label(organization),
            _("Новая организация, муниципалитет: %(municipality)s")
            % {"municipality": organization.municipality},
            payload=organization,
        )

    def plan_update(self, row, organization, values):
        changes = self.assign(organization, values)
        if changes and not self.validate(row, organization, exclude=["municipality"]):
            return None
        action = UPDATE if changes else UNCHANGED
        return PlannedRow(
            row.number, action, self.org_label(organization), "", changes, organization
        )

    @staticmethod
    def org_label(organization):
        return _("%(name)s (ИНН %(inn)s)") % {
            "name": organization.short_name,
            "inn": organization.inn,
        }

    def write(self, planned):
        self.save(planned.payload)
