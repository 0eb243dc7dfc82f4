"""The route as a DOCX document in the tabular form schools print and sign: a title block, the
deficits it was built from, the plan of activities and the signature lines."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document

from profrost.core import documents
from profrost.core.dates import format_date
from profrost.diagnostics.models import CompetenceLevel

from . import selectors
from .models import ActivityKind

PLAN_HEADERS = (
    "№",
    gettext_lazy("Дефицит / компетенция"),
    gettext_lazy("Содержание (форма, мероприятие)"),
    gettext_lazy("Сроки"),
    gettext_lazy("Часы"),
    gettext_lazy("Ожидаемый результат"),
    gettext_lazy("Форма отчётности"),
    gettext_lazy("Отметка о выполнении"),
)
PLAN_WIDTHS_CM = (1.0, 4.2, 6.0, 3.4, 1.4, 4.4, 3.6, 3.2)
DEFICIT_HEADERS = (
    "№",
    gettext_lazy("Компетенция"),
    gettext_lazy("Уровень"),
    gettext_lazy("Результат, %"),
    gettext_lazy("Дата диагностики"),
)


def _period(start, end):
    if start and end:
        return f"{format_date(start)} – {format_date(end)}"
    return format_date(start or end)


def item_deficits(item):
    """«MET.01 Название» lines of the deficits the item addresses, or its competence."""
    competences = [deficit.competence for deficit in item.covered_deficits.all()]
    if not competences and item.deficit_id:
        competences = [item.deficit.competence]
    if not competences and item.competence_id:
        competences = [item.competence]
    return "\n".join(f"{c.code} {c.name}" for c in dict.fromkeys(competences))


def item_content(item):
    """The form, the activity and its link: program cohort, mentor, event or association."""
    label = str(item.get_kind_display())
    lines = [item.title if item.title.startswith(label) else f"{label}: {item.title}"]
    if item.kind == ActivityKind.PROGRAM:
        program = item.cohort.program if item.cohort_id else item.program
        if program and program.federal_registry:
            lines.append(
                _("Федеральный реестр ДПП, № %(number)s") % {"number": program.registry_number}
            )
        if program:
            lines.append(program.provider_display)
    if item.mentor_id:
        lines.append(_("Наставник: %(name)s") % {"name": item.mentor.full_name})
    if item.link_title:
        lines.append(item.link_title)
    if item.link_url:
        lines.append(item.link_url)
    return "\n".join(line for line in lines if line)


def item_dates(item):
    lines = [_period(item.starts_on, item.ends_on)]
    checkpoints = list(item.checkpoints.all())
    if checkpoints:
        lines.append(_("Контрольные точки:"))
        lines += [f"{format_date(c.due_on)} — {c.title}" for c in checkpoints]
    return "\n".join(lines)


def item_mark(item):
    lines = [item.get_status_display()]
    if item.evidence_text:
        lines.append(item.evidence_text[:300])
    if item.evidence_url:
        lines.append(item.evidence_url)
    if item.evidence_file:
        lines.append(_("Файл: %(name)s") % {"name": item.evidence_file.name.rsplit("/", 1)[-1]})
    return "\n".join(lines)


def title_block(route, job):
    organization = job.organization if job else None
    return [
        (_("ФИО педагогического работника"), route.person.full_name),
        (_("Должность"), job.position.name if job else ""),
        (_("Образовательная организация"), organization.name if organization else ""),
        (_("Муниципалитет"), organization.municipality.name if organization else ""),
        (_("Период реализации"), _period(route.starts_on, route.ends_on)),
        (_("Тьютор (методист)"), route.tutor.full_name if route.tutor_id else ""),
        (_("Статус маршрута"), route.get_status_display()),
        (_("Цель маршрута"), route.goal),
    ]


def route_document(route):
    """The DOCX bytes of the route."""
    document = Document()
    documents.setup_page(document, landscape=True, left_margin_cm=1.5)
    add_title(document, route)
    add_deficits(document, route)
    add_plan(document, list(selectors.route_items(route)))
    add_signatures(document, route)
    return documents.document_bytes(document)


def add_title(document, route):
    documents.heading(document, _("ИНДИВИДУАЛЬНЫЙ ОБРАЗОВАТЕЛЬНЫЙ МАРШРУТ"))
    documents.heading(
        document,
        _("непрерывного развития профессионального мастерства педагогического работника"),
        size=12,
    )
    documents.heading(document, f"«{route.title}»", size=12)
    job = selectors.main_job_of(route.person_id)
    documents.label_block(document, title_block(route, job), (7.0, 19.0))


def add_deficits(document, route):
    documents.section_title(document, _("1. Выявленные профессиональные дефициты"))
    deficits = documents.table(document, DEFICIT_HEADERS)
    levels = dict(CompetenceLevel.choices)
    for number, entry in enumerate(route.deficit_snapshot, start=1):
        percent = entry.get("percent")
        documents.add_row(
            deficits,
            [
                number,
                f"{entry.get('code', '')} {entry.get('name', '')}".strip(),
                levels.get(entry.get("level"), entry.get("level", "")),
                "" if percent is None else f"{percent:.1f}".replace(".", ","),
                _iso_to_display(entry.get("found_on")),
            ],
        )
        if entry.get("note"):
            documents.add_row(
                deficits,
                ["", _("Не включён в маршрут: %(note)s") % {"note": entry["note"]}, "", "", ""],
            )


def add_plan(document, items):
    documents.section_title(
        document, _("2. План мероприятий индивидуального образовательного маршрута")
    )
    plan = documents.table(document, PLAN_HEADERS, PLAN_WIDTHS_CM)
    for number, item in enumerate(items, start=1):
        documents.add_row(
            plan,
            [
                number,
                item_deficits(item),
                item_content(item),
                item_dates(item),
                item.hours,
                item.expected_result,
                item.reporting_form,
                item_mark(item),
            ],
            PLAN_WIDTHS_CM,
        )
    total = documents.add_row(
        plan,
        ["", "", _("Итого часов"), "", sum(item.hours for item in items), "", "", ""],
        PLAN_WIDTHS_CM,
    )
    total[2].paragraphs[0].runs[0].bold = True


def add_signatures(document, route):
    documents.section_title(document, _("3. Подписи"))
    agreed = format_date(route.agreed_on) or "«____» ____________ 20___ г."
    tutor = route.tutor.full_name if route.tutor_id else "____________________"
    for line in (
        _("Педагогический работник: ____________ / %(name)s /") % {"name": route.person.full_name},
        _("Тьютор (методист): ____________ / %(name)s /") % {"name": tutor},
        _("Руководитель образовательной организации: ____________ / ____________________ /"),
        _("Дата согласования: %(date)s") % {"date": agreed},
        _("М. П."),
    ):
        document.add_paragraph(line)


def _iso_to_display(value):
    if not value:
        return ""
    year, month, day = value.split("-")
    return f"{day}.{month}.{year}"


def docx_response(route):
    return documents.docx_response(route_document(route), f"iom-{route.pk}.docx")
