"""XLSX of an event's registration list (seed 001, §4: ФИО, организация, должность, роль,
подпись/отметка) and of an annual plan with its fulfilment."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from openpyxl.styles import Alignment, Border, Font, Side

from profrost.core.exporters import add_sheet, new_workbook, workbook_bytes, write_table

from .documents import event_dates

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def titled_sheet(sheet_title, heading, facts, headers, rows, widths):
    """A sheet with a heading and facts above a bordered table: the shape of a paper list."""
    workbook = new_workbook()
    sheet = add_sheet(workbook, sheet_title, widths)
    before = [([heading], {"font": Font(bold=True, size=13)})]
    before += [([fact], {}) for fact in facts]
    before.append(([], {}))
    write_table(
        sheet,
        headers,
        rows,
        before=before,
        header_style={"border": BOX, "alignment": Alignment(wrap_text=True, vertical="center")},
        row_style={"border": BOX, "alignment": Alignment(wrap_text=True, vertical="top")},
    )
    return workbook_bytes(workbook)


ATTENDANCE = {
    True: pgettext_lazy("attendance", "присутствовал(а)"),
    False: pgettext_lazy("attendance", "отсутствовал(а)"),
    None: "",
}


def registration_list(event, participations):
    headers = [
        _("№"),
        _("ФИО"),
        _("Организация"),
        _("Должность"),
        _("Роль"),
        _("Подпись / отметка о присутствии"),
    ]
    rows = (
        [
            number,
            item.person.full_name,
            item.organization.short_name if item.organization else "",
            item.position.name if item.position else "",
            item.get_role_display(),
            ATTENDANCE[item.attended],
        ]
        for number, item in enumerate(participations, start=1)
    )
    facts = [
        _("%(kind)s, %(level)s уровень")
        % {"kind": event.get_kind_display(), "level": event.get_level_display().lower()},
        _("Дата: %(dates)s, %(start)s")
        % {"dates": event_dates(event), "start": f"{timezone.localtime(event.starts_at):%H:%M}"},
        _("Место: %(place)s") % {"place": event.place or event.link},
        _("Организатор: %(organizer)s")
        % {"organizer": ", ".join(str(item) for item in event.organizers)},
    ]
    return titled_sheet(
        str(_("Регистрационный лист")),
        _("Регистрационный лист участников: %(title)s") % {"title": event.title},
        facts,
        headers,
        rows,
        widths=[5, 40, 36, 30, 16, 30],
    )


def plan_sheet(plan, events, fulfilment):
    headers = [
        _("№"),
        _("Начало"),
        _("Окончание"),
        _("Мероприятие"),
        _("Форма"),
        _("Уровень"),
        _("Организатор"),
        _("Место проведения"),
        _("Статус"),
        _("Участников присутствовало"),
    ]
    rows = (
        [
            number,
            timezone.localtime(event.starts_at),
            timezone.localtime(event.ends_at),
            event.title,
            event.get_kind_display(),
            event.get_level_display(),
            ", ".join(str(item) for item in event.organizers),
            event.place or event.link,
            event.get_status_display(),
            event.attended_count,
        ]
        for number, event in enumerate(events, start=1)
    )
    facts = [
        _("Учебный год: %(year)s") % {"year": plan.school_year},
        _("Утверждён: %(document)s") % {"document": plan.document or "—"},
        _(
            "Мероприятий: %(total)d; проведено: %(held)d; запланировано: %(planned)d; "
            "отменено: %(cancelled)d; выполнение: %(share)s"
        )
        % {
            **fulfilment,
            "share": "—" if fulfilment["share"] is None else f"{fulfilment['share']} %",
        },
    ]
    return titled_sheet(
        str(_("План")),
        plan.title,
        facts,
        headers,
        rows,
        widths=[5, 17, 17, 50, 22, 20, 36, 36, 16, 14],
    )
