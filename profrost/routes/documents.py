"""The route as a DOCX document in the tabular form schools print and sign: a title block, the
deficits it was built from, the plan of activities and the signature lines."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from profrost.core.dates import format_date
from profrost.diagnostics.models import CompetenceLevel

from . import selectors
from .models import ActivityKind

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document, headers, widths=None):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
    _repeat_header(table.rows[0])
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    return table


def _add_row(table, values, widths=None):
    cells = table.add_row().cells
    for index, value in enumerate(values):
        cells[index].text = str(value)
        if widths:
            cells[index].width = Cm(widths[index])
    return cells


def _heading(document, text, size=14):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    return paragraph


def _section_title(document, text):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.add_run(text).bold = True


def _setup(document):
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    section.top_margin = section.bottom_margin = Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")


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
    job = selectors.main_job_of(route.person_id)
    items = list(selectors.route_items(route))
    document = Document()
    _setup(document)
    _heading(document, _("ИНДИВИДУАЛЬНЫЙ ОБРАЗОВАТЕЛЬНЫЙ МАРШРУТ"))
    _heading(
        document,
        _("непрерывного развития профессионального мастерства педагогического работника"),
        size=12,
    )
    _heading(document, f"«{route.title}»", size=12)

    block = document.add_table(rows=0, cols=2)
    block.style = "Table Grid"
    for label, value in title_block(route, job):
        cells = _add_row(block, [label, value], (7.0, 19.0))
        cells[0].paragraphs[0].runs[0].bold = True

    _section_title(document, _("1. Выявленные профессиональные дефициты"))
    deficits = _table(document, DEFICIT_HEADERS)
    levels = dict(CompetenceLevel.choices)
    for number, entry in enumerate(route.deficit_snapshot, start=1):
        percent = entry.get("percent")
        _add_row(
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
            _add_row(
                deficits,
                ["", _("Не включён в маршрут: %(note)s") % {"note": entry["note"]}, "", "", ""],
            )

    _section_title(document, _("2. План мероприятий индивидуального образовательного маршрута"))
    plan = _table(document, PLAN_HEADERS, PLAN_WIDTHS_CM)
    for number, item in enumerate(items, start=1):
        _add_row(
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
    total = _add_row(
        plan,
        ["", "", _("Итого часов"), "", sum(item.hours for item in items), "", "", ""],
        PLAN_WIDTHS_CM,
    )
    total[2].paragraphs[0].runs[0].bold = True

    _section_title(document, _("3. Подписи"))
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
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _iso_to_display(value):
    if not value:
        return ""
    year, month, day = value.split("-")
    return f"{day}.{month}.{year}"


def docx_response(route):
    response = HttpResponse(route_document(route), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="iom-{route.pk}.docx"'
    return response
