"""What the services share: who may act, what a status allows, and the texts of proposed items."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core import audit
from profrost.core.files import DOCUMENT_EXTENSIONS

from .. import selectors
from ..models import ActivityKind, ItemStatus, Route, RouteStatus

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
