"""Training requests (заявки на направления обучения, seed 001): from a person or from a whole
staff; a teacher files their own, managers those of their organizations; the municipal and
regional methodical services review them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.core.services import Errors, actor, assign, full_clean, require
from profrost.registry.models import Employment, Organization, Person

from ..models import RequestStatus, TrainingRequest

REQUEST_FIELDS = (
    "organization",
    "person",
    "year",
    "direction",
    "competence",
    "program",
    "headcount",
    "filed_on",
    "note",
)
YEARS_BACK, YEARS_AHEAD = 1, 5


def year_range(today=None):
    year = (today or timezone.localdate()).year
    return year - YEARS_BACK, year + YEARS_AHEAD


def staff_organizations(user, perm=Perm.MANAGE_TRAINING_REQUESTS):
    """Organizations for which `user` may file a request of the whole staff: held over the
    organization, its municipality or its region, never over the own person only."""
    scope = resolve_scope(user, perm)
    if scope.everything:
        return Organization.objects.all()
    return Organization.objects.filter(
        scope.q(region="municipality__region", municipality="municipality", organization="pk")
    )


def reviewable(user):
    """Requests `user` may accept or decline: those of the municipalities and regions they
    hold MANAGE_TRAINING_REQUESTS over."""
    scope = resolve_scope(user, Perm.MANAGE_TRAINING_REQUESTS)
    if scope.everything:
        return TrainingRequest.objects.all()
    return TrainingRequest.objects.filter(
        scope.q(
            region="organization__municipality__region",
            municipality="organization__municipality",
        )
    )


def _normalize(request):
    request.direction = " ".join((request.direction or "").split())
    if request.direction:
        return
    if request.program_id:
        request.direction = request.program.title[:300]
    elif request.competence_id:
        request.direction = request.competence.name[:300]


def _require_changeable(request, by):
    require(
        TrainingRequest.objects.changeable_by(by, Perm.MANAGE_TRAINING_REQUESTS),
        request,
        _("Недостаточно прав для заявок этой организации."),
    )


def _check_who(request, by, errors):
    if request.person_id is None:
        if (
            request.organization_id
            and not staff_organizations(by).filter(pk=request.organization_id).exists()
        ):
            errors.add(
                "person",
                _(
                    "Укажите работника: заявку от всего коллектива подают администратор "
                    "организации и методическая служба."
                ),
            )
        return
    require(
        Person.objects.visible_to(by, Perm.MANAGE_TRAINING_REQUESTS),
        request.person_id,
        _("Недостаточно прав, чтобы подать заявку за этого работника."),
    )
    jobs = Employment.objects.active().filter(person_id=request.person_id)
    if not request.organization_id:
        job = jobs.order_by("-is_main", "-start_date", "pk").first()
        if job is None:
            errors.add("person", _("У работника нет действующего места работы."))
        else:
            request.organization_id = job.organization_id
    elif not jobs.filter(organization_id=request.organization_id).exists():
        errors.add(
            "organization",
            _("%(person)s сейчас не работает в этой организации.") % {"person": request.person},
        )


def _check_year(request, errors):
    first, last = year_range()
    if request.year is not None and not first <= request.year <= last:
        errors.add(
            "year",
            _("Укажите год обучения от %(first)s до %(last)s.") % {"first": first, "last": last},
        )


def _check_filed(request, errors):
    if request.filed_on and request.filed_on > timezone.localdate():
        errors.add("filed_on", _("Заявка не может быть подана позже сегодняшнего дня."))


def _save(request, data, by):
    changed = assign(request, data, REQUEST_FIELDS)
    if request.person_id and "headcount" not in data:
        request.headcount = 1
    _normalize(request)
    errors = Errors()
    _check_who(request, by, errors)
    _check_year(request, errors)
    _check_filed(request, errors)
    full_clean(request, errors, exclude=["created_by"])
    errors.raise_if_any()
    request.save()
    _require_changeable(request, by)
    return changed


def _require_new(request):
    if request.status != RequestStatus.NEW:
        raise ValidationError(
            _("Заявка уже рассмотрена («%(status)s»): изменить её нельзя.")
            % {"status": request.get_status_display()}
        )


@transaction.atomic
def create_request(*, by, data):
    request = TrainingRequest(created_by=actor(by))
    _save(request, data, by)
    audit.log(by, "programs.trainingrequest.created", request)
    return request


@transaction.atomic
def update_request(request, *, by, data):
    _require_changeable(request, by)
    request = TrainingRequest.objects.select_for_update().get(pk=request.pk)
    _require_new(request)
    changed = _save(request, data, by)
    audit.log(by, "programs.trainingrequest.updated", request, fields=sorted(changed))
    return request


@transaction.atomic
def delete_request(request, *, by):
    _require_changeable(request, by)
    _require_new(request)
    audit.log(by, "programs.trainingrequest.deleted", request)
    request.delete()


@transaction.atomic
def review_request(request, *, by, status, note=""):
    """Accepts (учтена) or declines a request; a decided one may be reopened as new."""
    if status not in RequestStatus.values:
        raise ValidationError({"status": _("Неизвестный статус заявки.")})
    require(
        reviewable(by),
        request,
        _("Заявки рассматривают муниципальная и региональная методические службы."),
    )
    request = TrainingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == status:
        raise ValidationError(
            _("Заявка уже в статусе «%(status)s».") % {"status": request.get_status_display()}
        )
    before = request.status
    request.status = status
    if note:
        request.note = f"{request.note}\n{note}".strip()
    request.save(update_fields=["status", "note"])
    audit.log(by, "programs.trainingrequest.reviewed", request, from_status=before, to=status)
    return request
