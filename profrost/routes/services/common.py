"""What the services share: who may act, what a status allows, and the texts of proposed items."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.core.files import DOCUMENT_EXTENSIONS
from profrost.core.text import grouped

from .. import selectors
from ..models import OPEN_STATUSES, ActivityKind, ItemStatus, Route, RouteStatus

MAX_EVIDENCE_SIZE = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = DOCUMENT_EXTENSIONS
REDIAGNOSIS_DAYS = 30
ITEM_FORMS = ("пункт", "пункта", "пунктов")

# What the person, their tutor and the methodists see in an item made by the proposal.
EXPECTED_RESULT = {
    ActivityKind.PROGRAM: gettext_lazy("Освоена программа, устранён дефицит: %(competences)s"),
    ActivityKind.INTERNSHIP: gettext_lazy("Опыт стажировки перенесён в практику: %(competences)s"),
    ActivityKind.EVENT: gettext_lazy("Освоены приёмы работы: %(competences)s"),
    ActivityKind.MENTORING: gettext_lazy("С наставником разобраны затруднения: %(competences)s"),
    ActivityKind.HORIZONTAL: gettext_lazy("Опыт коллег освоен и применён: %(competences)s"),
    ActivityKind.SELF_EDUCATION: gettext_lazy(
        "Изучены материалы и применены на уроках: %(competences)s"
    ),
}
REPORTING_FORM = {
    ActivityKind.PROGRAM: gettext_lazy("Удостоверение о повышении квалификации"),
    ActivityKind.INTERNSHIP: gettext_lazy("Отчёт о стажировке, конспект занятия"),
    ActivityKind.EVENT: gettext_lazy("Сертификат участника, материалы мероприятия"),
    ActivityKind.MENTORING: gettext_lazy("Отзыв наставника, план и итоги работы пары"),
    ActivityKind.HORIZONTAL: gettext_lazy("Выступление на заседании методического объединения"),
    ActivityKind.SELF_EDUCATION: gettext_lazy("Методическая разработка, самоанализ урока"),
}
TITLE = {
    ActivityKind.INTERNSHIP: gettext_lazy("Стажировка: %(competences)s"),
    ActivityKind.MENTORING: gettext_lazy("Наставничество: %(competences)s"),
    ActivityKind.HORIZONTAL: gettext_lazy("Горизонтальное обучение в объединении: %(competences)s"),
    ActivityKind.SELF_EDUCATION: gettext_lazy("Самообразование: %(competences)s"),
}


# Who acts -------------------------------------------------------------------------------------


def check_manage(route, by):
    if not selectors.may_manage(by, route):
        raise PermissionDenied(_("Маршрут меняют методисты и администраторы, ведущие работника."))


def check_progress(route, by):
    """The person (FOLLOW_OWN_ROUTE) or who manages the route."""
    if not (selectors.is_own(by, route) or selectors.may_manage(by, route)):
        raise PermissionDenied(_("Отмечать выполнение может сам педагог, тьютор или методист."))


def check_running(route):
    if route.status not in selectors.RUNNING:
        raise ValidationError(
            _(
                "Отмечать выполнение можно только в согласованном или выполняемом маршруте; "
                "маршрут сейчас: «%(status)s»."
            )
            % {"status": route.get_status_display()}
        )


def locked(route):
    return Route.objects.select_for_update().get(pk=route.pk)


def competence_names(competences):
    return ", ".join(competence.name for competence in competences)


def check_draft(route, action):
    if route.status != RouteStatus.DRAFT:
        raise ValidationError(
            _("%(action)s только в черновике маршрута; маршрут сейчас: «%(status)s».")
            % {"action": action, "status": route.get_status_display()}
        )


OWN_STATUSES = (ItemStatus.IN_PROGRESS, ItemStatus.DONE)


def begin_if_agreed(route, by):
    """The first progress on an agreed route starts it."""
    if route.status == RouteStatus.AGREED:
        route.status = RouteStatus.IN_PROGRESS
        route.save(update_fields=["status"])
        audit.log(by, "routes.route.started", route, automatically=True)


# What a route holds ------------------------------------------------------------------------------


def check_one_per_period(route):
    """One open route per person and period (issue 15): a second draft, agreed or running route
    whose dates overlap an open one is refused, the existing one named. On PostgreSQL the
    exclusion constraint `routes_route_one_per_period` backs the rule."""
    if not route.is_open:
        return
    other = (
        Route.objects.filter(
            person_id=route.person_id,
            status__in=OPEN_STATUSES,
            starts_on__lte=route.ends_on,
            ends_on__gte=route.starts_on,
        )
        .exclude(pk=route.pk)
        .order_by("starts_on", "pk")
        .first()
    )
    if other is not None:
        raise ValidationError(
            _(
                "У работника уже есть маршрут на этот период: «%(title)s» "
                "(%(starts)s – %(ends)s, %(status)s). Измените сроки или продолжите его."
            )
            % {
                "title": other.title,
                "starts": format_date(other.starts_on),
                "ends": format_date(other.ends_on),
                "status": other.get_status_display().lower(),
            }
        )


def check_items_fit(route, *, item=None):
    """The items lie within the route's dates and their hours within its budget: `item` is the
    one being added or changed (not saved yet), the others are read from the database."""
    errors = {}
    others = route.items.all()
    if item is not None and item.pk:
        others = others.exclude(pk=item.pk)
    planned = others.aggregate(total=Sum("hours"))["total"] or 0
    if item is not None:
        planned += item.hours or 0
        if item.starts_on and item.starts_on < route.starts_on:
            errors["starts_on"] = _("Пункт начинается раньше маршрута: маршрут идёт с %(day)s.") % {
                "day": format_date(route.starts_on)
            }
        if item.ends_on and item.ends_on > route.ends_on:
            errors["ends_on"] = _(
                "Пункт заканчивается позже маршрута: маршрут идёт до %(day)s."
            ) % {"day": format_date(route.ends_on)}
    if planned > route.hours_budget:
        errors["hours" if item is not None else "hours_budget"] = _(
            "Часов в пунктах маршрута будет %(planned)s при бюджете %(budget)s: уменьшите часы "
            "пунктов или увеличьте бюджет маршрута."
        ) % {"planned": grouped(planned), "budget": grouped(route.hours_budget)}
    if item is None:
        outside = others.filter(
            Q(starts_on__lt=route.starts_on) | Q(ends_on__gt=route.ends_on)
        ).order_by("order")
        first = outside.first()
        if first is not None:
            errors["starts_on"] = _(
                "Пункт «%(item)s» выходит за новые сроки маршрута: сначала измените его даты."
            ) % {"item": first.title}
    if errors:
        raise ValidationError(errors)
