"""The documents a provider reports to the federal register of documents on education (ФИС
ФРДО): which of them the register would refuse and why (the pre-check), and the row each one
takes in the «Шаблон ДПО» file (docs/frdo.md).

A rule is a function of a document that returns its problems; a document with none passes and
goes into the export. The row's fingerprint, kept with each export, tells a document changed
since it went out."""

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.registry.models import Organization
from profrost.registry.validators import format_snils, snils_is_valid

from .models import (
    REGISTERED,
    DocumentKind,
    DocumentStatus,
    DppType,
    Enrollment,
    EnrollmentStatus,
    ExportedDocument,
    Program,
)

OKSM_CODE = re.compile(r"^\d{3}$")
# ДПО is received in an organization only: the one value of this column for our documents.
EDUCATION_FORM = "В организации, осуществляющей образовательную деятельность"


def providers_for(user):
    """The providers whose documents the user checks and exports: every provider of the
    programs of their regions with REPORT_ALL_PROVIDERS, else those where they work."""
    everyone = Program.objects.changeable_by(user, Perm.REPORT_ALL_PROVIDERS)
    own = Program.objects.none()
    if user.person_id:
        own = Program.objects.changeable_by(user, Perm.REPORT_DOCUMENTS).filter(
            provider__employments__person=user.person_id,
            provider__employments__end_date__isnull=True,
        )
    return Organization.objects.filter(
        Q(pk__in=everyone.values("provider")) | Q(pk__in=own.values("provider"))
    ).order_by("short_name")


def documents(provider, issued_from, issued_to):
    """The provider's issued удостоверения and дипломы of the period, with what the rows and
    the rules read, and the fingerprint and number of their latest export."""
    latest = ExportedDocument.objects.filter(enrollment=OuterRef("pk")).order_by(
        "-batch__created", "-pk"
    )
    return (
        Enrollment.objects.annotate(issued=Coalesce("issued_on", "completed_on"))
        .filter(
            status=EnrollmentStatus.COMPLETED,
            document_kind__in=REGISTERED,
            cohort__program__provider=provider,
            issued__range=(issued_from, issued_to),
        )
        .select_related(
            "person__citizenship",
            "cohort__program",
            "document_type",
            "study_form",
            "funding",
            "original__document_type",
        )
        .annotate(
            exported_fingerprint=Subquery(latest.values("fingerprint")[:1]),
            exported_number=Subquery(latest.values("number")[:1]),
        )
        .order_by("issued", F("person__last_name"), "person__first_name", "pk")
    )


@dataclass
class Problem:
    field: str
    reason: str
    url: str


@dataclass
class Checked:
    """A document with its row, its problems and where it stands with the exports."""

    enrollment: Enrollment
    row: list
    problems: list = field(default_factory=list)

    @property
    def passes(self):
        return not self.problems

    @property
    def fingerprint(self):
        return hashlib.sha256(json.dumps(self.row, ensure_ascii=False).encode()).hexdigest()

    @property
    def exported(self):
        return self.enrollment.exported_fingerprint is not None

    @property
    def changed(self):
        """Exported, and its row is no longer what went out: a correction is due."""
        return self.exported and self.enrollment.exported_fingerprint != self.fingerprint

    @property
    def due(self):
        """Goes into the next export: passes, and is new or changed."""
        return self.passes and (not self.exported or self.changed)


# The rules ---------------------------------------------------------------------------------------

PERSON, PROGRAM, DOCUMENT = "person", "program", "document"


def fix_url(enrollment, where):
    if where == PERSON:
        return reverse("registry:person_update", args=[enrollment.person_id])
    if where == PROGRAM:
        return reverse("programs:program_update", args=[enrollment.cohort.program_id])
    return reverse("programs:enrollment_document", args=[enrollment.pk])


MISSING = gettext_lazy("не указано")
NOT_IN_CLASSIFIER = gettext_lazy("значения нет в классификаторе ФИС ФРДО")

# (where it is fixed, the field's name, how its value is read) for the values a row must have.
REQUIRED = (
    (DOCUMENT, gettext_lazy("Вид документа"), lambda e: e.document_type),
    (DOCUMENT, gettext_lazy("Номер документа"), lambda e: e.document_number),
    (DOCUMENT, gettext_lazy("Регистрационный номер"), lambda e: e.registration_number),
    (DOCUMENT, gettext_lazy("Дата выдачи"), lambda e: e.issued_on),
    (DOCUMENT, gettext_lazy("Форма обучения"), lambda e: e.study_form),
    (DOCUMENT, gettext_lazy("Источник финансирования"), lambda e: e.funding),
    (PROGRAM, gettext_lazy("Вид ДПП"), lambda e: e.cohort.program.dpp_type),
    (PERSON, gettext_lazy("Пол"), lambda e: e.person.gender),
    (PERSON, gettext_lazy("СНИЛС"), lambda e: e.person.snils),
    (PERSON, gettext_lazy("Гражданство"), lambda e: e.person.citizenship_id),
    (PERSON, gettext_lazy("Уровень образования (ВО/СПО)"), lambda e: e.person.education_level),
    (PERSON, gettext_lazy("Фамилия в дипломе о ВО/СПО"), lambda e: e.person.diploma_last_name),
    (PERSON, gettext_lazy("Номер диплома о ВО/СПО"), lambda e: e.person.diploma_number),
)
# Only a ПП program must name the qualification it gives and its area of activity.
REQUIRED_FOR_PP = (
    (PROGRAM, gettext_lazy("Квалификация"), lambda e: e.cohort.program.qualification),
    (
        PROGRAM,
        gettext_lazy("Область профессиональной деятельности"),
        lambda e: e.cohort.program.activity_area,
    ),
)
# The values that come from a classifier, which may since have been withdrawn.
CLASSIFIED = (
    (DOCUMENT, gettext_lazy("Вид документа"), lambda e: e.document_type),
    (DOCUMENT, gettext_lazy("Форма обучения"), lambda e: e.study_form),
    (DOCUMENT, gettext_lazy("Источник финансирования"), lambda e: e.funding),
)


def missing_values(enrollment):
    rules = REQUIRED
    if enrollment.cohort.program.dpp_type == DppType.PP:
        rules += REQUIRED_FOR_PP
    for where, name, read in rules:
        value = read(enrollment)
        if value is None or (isinstance(value, str) and not value.strip()):
            yield where, name, MISSING


def withdrawn_values(enrollment):
    for where, name, read in CLASSIFIED:
        value = read(enrollment)
        if value is not None and not value.is_active:
            yield where, name, NOT_IN_CLASSIFIER


def bad_snils(enrollment):
    snils = enrollment.person.snils
    if snils and not snils_is_valid(snils):
        yield (
            PERSON,
            gettext_lazy("СНИЛС"),
            _(
                "%(value)s не проходит проверку: нужен формат XXX-XXX-XXX YY "
                "и верное контрольное число"
            )
            % {"value": format_snils(snils)},
        )


def citizenship_outside_oksm(enrollment):
    country = enrollment.person.citizenship
    if country is not None and (not country.is_active or not OKSM_CODE.match(country.code)):
        yield (
            PERSON,
            gettext_lazy("Гражданство"),
            _("«%(name)s» (код %(code)s) нет в ОКСМ")
            % {"name": country.name, "code": country.code},
        )


def duplicate_without_original(enrollment):
    if enrollment.document_status == DocumentStatus.DUPLICATE and not enrollment.original_id:
        yield DOCUMENT, gettext_lazy("Оригинал документа"), _("у дубликата не указан оригинал")


def dpp_type_against_document(enrollment):
    wanted = {DocumentKind.CERTIFICATE: DppType.PK, DocumentKind.DIPLOMA: DppType.PP}
    dpp_type = enrollment.cohort.program.dpp_type
    if dpp_type and wanted[enrollment.document_kind] != dpp_type:
        yield (
            PROGRAM,
            gettext_lazy("Вид ДПП"),
            _("«%(type)s» не выдаёт документ «%(kind)s»")
            % {"type": DppType(dpp_type).label, "kind": enrollment.get_document_kind_display()},
        )


RULES = (
    missing_values,
    withdrawn_values,
    bad_snils,
    citizenship_outside_oksm,
    duplicate_without_original,
    dpp_type_against_document,
)


def problems_of(enrollment):
    return [
        Problem(str(name), str(reason), fix_url(enrollment, where))
        for rule in RULES
        for where, name, reason in rule(enrollment)
    ]


# The row -----------------------------------------------------------------------------------------

COLUMNS = (
    "Вид документа",
    "Статус документа",
    "Подтверждение утраты",
    "Подтверждение обмена",
    "Подтверждение уничтожения",
    "Серия документа",
    "Номер документа",
    "Дата выдачи",
    "Регистрационный номер",
    "Дополнительная профессиональная программа (вид)",
    "Наименование дополнительной профессиональной программы",
    "Наименование области профессиональной деятельности",
    "Укрупненная группа специальностей",
    "Наименование квалификации",
    "Уровень образования ВО/СПО",
    "Фамилия, указанная в дипломе о ВО или СПО",
    "Серия диплома о ВО или СПО",
    "Номер диплома о ВО или СПО",
    "Год начала обучения",
    "Год окончания обучения",
    "Срок обучения, часов",
    "Фамилия получателя",
    "Имя получателя",
    "Отчество получателя",
    "Дата рождения получателя",
    "Пол получателя",
    "СНИЛС",
    "Форма обучения",
    "Источник финансирования обучения",
    "Форма получения образования на момент прекращения образовательных отношений",
    "Гражданство получателя (код страны по ОКСМ)",
    "Наименование документа об образовании (оригинала)",
    "Серия (оригинала)",
    "Номер (оригинала)",
    "Регистрационный N (оригинала)",
    "Дата выдачи (оригинала)",
    "Фамилия получателя (оригинала)",
    "Имя получателя (оригинала)",
    "Отчество получателя (оригинала)",
    "Номер документа для изменения",
)


def text(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return format_date(value)
    return str(value)


def original_part(enrollment):
    original = enrollment.original
    if enrollment.document_status != DocumentStatus.DUPLICATE or original is None:
        return [""] * 8
    person = enrollment.person
    return [
        text(original.document_type),
        original.document_series,
        original.document_number,
        original.registration_number,
        text(original.issued_on or original.completed_on),
        person.last_name,
        person.first_name,
        person.middle_name,
    ]


def document_part(enrollment):
    return [
        text(enrollment.document_type),
        DocumentStatus(enrollment.document_status).label,
        "",
        "",
        "",
        enrollment.document_series,
        enrollment.document_number,
        text(enrollment.issued_on),
        enrollment.registration_number,
    ]


def program_part(enrollment):
    program, cohort, person = enrollment.cohort.program, enrollment.cohort, enrollment.person
    return [
        DppType(program.dpp_type).label if program.dpp_type else "",
        program.title,
        program.activity_area,
        program.speciality_group,
        program.qualification,
        person.get_education_level_display(),
        person.diploma_last_name,
        person.diploma_series,
        person.diploma_number,
        text(cohort.starts_on.year),
        text((enrollment.completed_on or cohort.ends_on).year),
        text(program.hours),
    ]


def person_part(enrollment):
    person = enrollment.person
    return [
        person.last_name,
        person.first_name,
        person.middle_name,
        text(person.birth_date),
        person.get_gender_display(),
        format_snils(person.snils) if person.snils else "",
        text(enrollment.study_form),
        text(enrollment.funding),
        EDUCATION_FORM,
        person.citizenship_id or "",
    ]


def row_of(enrollment):
    """The document's row of «Шаблон ДПО», columns A–AN, every value a text. The number to
    change (AN) is added at export, for a document that went out before."""
    values = [
        *document_part(enrollment),
        *program_part(enrollment),
        *person_part(enrollment),
        *original_part(enrollment),
        "",
    ]
    return [str(value) for value in values]


def check(enrollments):
    """Each document with its row and its problems, in the order given."""
    return [Checked(e, row_of(e), problems_of(e)) for e in enrollments]
