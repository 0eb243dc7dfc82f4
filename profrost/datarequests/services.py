"""Every state change of data requests: atomic, validated with Russian messages, audited.

The HTML views and the API call these functions. Each checks who may act: the request's sender
side through `DataRequest.objects.changeable_by(user, MANAGE_DATA_REQUESTS)`, the answering
organization through `RequestRecipient.objects.changeable_by(user, ANSWER_DATA_REQUESTS)`; a
caller that found the object through `visible_to` turns a refusal into 403.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.core.services import require
from profrost.registry.models import Organization

from . import notices, values
from .models import (
    DataRequest,
    RecipientStatus,
    RequestAnswer,
    RequestField,
    RequestLevel,
    RequestRecipient,
    RequestStatus,
)

MANAGE = Perm.MANAGE_DATA_REQUESTS
ANSWER = Perm.ANSWER_DATA_REQUESTS
HEADER_FIELDS = ("title", "instructions", "deadline")
FIELD_FIELDS = ("label", "kind", "required", "hint", "choices", "min_value", "max_value")


# Who may act ------------------------------------------------------------------------------------


def check_can_manage(data_request, user):
    require(
        DataRequest.objects.changeable_by(user, MANAGE),
        data_request,
        _("Недостаточно прав для изменения запроса."),
    )


def check_can_answer(recipient, user, today=None):
    """PermissionDenied for anyone but the recipient organization's side; ValidationError while
    answers are not accepted (closed, past the deadline, already submitted)."""
    require(
        RequestRecipient.objects.changeable_by(user, ANSWER),
        recipient,
        _("Отвечать на запрос может только администратор организации-получателя."),
    )
    data_request = recipient.request
    if data_request.is_closed:
        raise ValidationError(_("Запрос закрыт: ответы больше не принимаются."))
    if recipient.is_submitted:
        raise ValidationError(
            _(
                "Ответ уже отправлен. Чтобы исправить его, попросите методиста вернуть ответ "
                "на доработку."
            )
        )
    returned = recipient.status == RecipientStatus.RETURNED
    if data_request.deadline_passed(today) and not returned:
        raise ValidationError(
            _(
                "Срок ответа истёк %(date)s: ответы больше не принимаются. Если сведения всё же "
                "нужно отправить, обратитесь к методисту: он может продлить срок."
            )
            % {"date": format_date(data_request.deadline)}
        )


def _locked_request(data_request):
    return DataRequest.objects.select_for_update().get(pk=data_request.pk)


def _require_draft(data_request, message=None):
    if not data_request.is_draft:
        raise ValidationError(
            message or _("Запрос уже отправлен: поля можно менять только в черновике.")
        )


def _check_deadline(deadline, today=None):
    if deadline < (today or timezone.localdate()):
        raise ValidationError({"deadline": _("Срок ответа не может быть в прошлом.")})


# The request ------------------------------------------------------------------------------------


def target_scope_filter(level, region, municipality):
    """Organizations a request of this level may go to: of its municipality, or its region."""
    if level == RequestLevel.MUNICIPALITY:
        return {"municipality": municipality}
    return {"municipality__region": region}


@transaction.atomic
def create_request(*, by, title, level, deadline, region=None, municipality=None, instructions=""):
    """A draft request of the municipality or the region, which must lie in the user's scope."""
    if level == RequestLevel.MUNICIPALITY:
        if municipality is None:
            raise ValidationError({"municipality": _("Укажите муниципалитет.")})
        region = municipality.region
    else:
        municipality = None
    if region is None:
        raise ValidationError({"region": _("Укажите регион.")})
    data_request = DataRequest(
        title=title,
        instructions=instructions,
        level=level,
        region=region,
        municipality=municipality,
        deadline=deadline,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    data_request.full_clean()
    _check_deadline(deadline)
    _check_sender(data_request, by)
    data_request.save()
    audit.log(by, "datarequests.request.created", data_request)
    return data_request


def _check_sender(data_request, user):
    """The user holds the request's level: its region, or (for a municipal one) its
    municipality."""
    scope = resolve_scope(user, MANAGE)
    if scope.everything:
        return
    allowed = (data_request.region_id in scope.region_ids) or (
        data_request.level == RequestLevel.MUNICIPALITY
        and data_request.municipality_id in scope.municipality_ids
    )
    if not allowed:
        raise PermissionDenied(_("Запрос можно создать только в своей области действия."))


@transaction.atomic
def update_request(data_request, *, by, **changes):
    """Title, instructions and deadline; while a draft or sent, not after closing."""
    unknown = set(changes) - set(HEADER_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_can_manage(data_request, by)
    data_request = _locked_request(data_request)
    if data_request.is_closed:
        raise ValidationError(_("Запрос закрыт. Чтобы изменить срок, откройте его снова."))
    if "deadline" in changes and changes["deadline"] != data_request.deadline:
        _check_deadline(changes["deadline"])
    for name, value in changes.items():
        setattr(data_request, name, value)
    data_request.full_clean()
    data_request.save()
    audit.log(by, "datarequests.request.updated", data_request, fields=sorted(changes))
    return data_request


@transaction.atomic
def delete_request(data_request, *, by):
    check_can_manage(data_request, by)
    data_request = _locked_request(data_request)
    _require_draft(data_request, _("Отправленный запрос удалить нельзя: его можно закрыть."))
    audit.log(by, "datarequests.request.deleted", data_request)
    data_request.delete()


@transaction.atomic
def send_request(data_request, *, by):
    """Draft → sent: at least one field and one recipient, every recipient an organization of the
    request's target inside the sender's scope, the deadline not passed."""
    check_can_manage(data_request, by)
    data_request = _locked_request(data_request)
    _require_draft(data_request, _("Запрос уже отправлен."))
    problems = []
    if not data_request.fields.exists():
        problems.append(_("Добавьте хотя бы одно поле."))
    recipients = data_request.recipients.all()
    if not recipients.exists():
        problems.append(_("Выберите хотя бы одну организацию-получателя."))
    allowed = allowed_organizations(data_request, by)
    outside = recipients.exclude(organization__in=allowed.values("pk"))
    names = list(outside.values_list("organization__short_name", flat=True)[:5])
    if names:
        problems.append(
            _("Организации вне вашей области действия: %(names)s.") % {"names": ", ".join(names)}
        )
    if data_request.deadline_passed():
        problems.append(_("Срок ответа уже прошёл: укажите новый срок."))
    if problems:
        raise ValidationError(problems)
    data_request.status = RequestStatus.SENT
    data_request.sent_at = timezone.now()
    data_request.save(update_fields=["status", "sent_at"])
    audit.log(
        by, "datarequests.request.sent", data_request, recipients=data_request.recipients.count()
    )
    notices.request_received(data_request, data_request.recipients.all())
    return data_request


@transaction.atomic
def close_request(data_request, *, by):
    check_can_manage(data_request, by)
    data_request = _locked_request(data_request)
    if not data_request.is_sent:
        raise ValidationError(_("Закрыть можно только отправленный запрос."))
    data_request.status = RequestStatus.CLOSED
    data_request.closed_at = timezone.now()
    data_request.save(update_fields=["status", "closed_at"])
    audit.log(by, "datarequests.request.closed", data_request)
    return data_request


@transaction.atomic
def reopen_request(data_request, *, by, deadline):
    """A closed request is sent again with a new deadline; answers given stay."""
    check_can_manage(data_request, by)
    data_request = _locked_request(data_request)
    if not data_request.is_closed:
        raise ValidationError(_("Открыть снова можно только закрытый запрос."))
    _check_deadline(deadline)
    data_request.status = RequestStatus.SENT
    data_request.deadline = deadline
    data_request.closed_at = None
    data_request.save(update_fields=["status", "deadline", "closed_at"])
    audit.log(by, "datarequests.request.reopened", data_request, deadline=deadline.isoformat())
    return data_request


# Fields -----------------------------------------------------------------------------------------


def _only_field_data(data):
    unknown = set(data) - set(FIELD_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    return data


@transaction.atomic
def add_field(data_request, *, by, **data):
    check_can_manage(data_request, by)
    data_request = _locked_request(data_request)
    _require_draft(data_request)
    last = data_request.fields.aggregate(last=Max("order"))["last"] or 0
    field = RequestField(request=data_request, order=last + 1, **_only_field_data(data))
    field.full_clean()
    field.save()
    audit.log(by, "datarequests.field.created", field, request=data_request.pk)
    return field


@transaction.atomic
def update_field(field, *, by, **data):
    check_can_manage(field.request, by)
    _require_draft(_locked_request(field.request))
    for name, value in _only_field_data(data).items():
        setattr(field, name, value)
    field.full_clean()
    field.save()
    audit.log(by, "datarequests.field.updated", field, fields=sorted(data))
    return field


@transaction.atomic
def delete_field(field, *, by):
    check_can_manage(field.request, by)
    _require_draft(_locked_request(field.request))
    audit.log(by, "datarequests.field.deleted", field, request=field.request_id)
    field.delete()


@transaction.atomic
def move_field(field, *, by, up):
    """Swaps the field with its neighbour above (or below); the order is renumbered 1…n."""
    check_can_manage(field.request, by)
    data_request = _locked_request(field.request)
    _require_draft(data_request)
    fields = list(data_request.fields.order_by("order", "pk"))
    index = next(i for i, other in enumerate(fields) if other.pk == field.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(fields):
        return field
    fields[index], fields[other] = fields[other], fields[index]
    for number, each in enumerate(fields, start=1):
        each.order = number
    RequestField.objects.bulk_update(fields, ["order"])
    audit.log(by, "datarequests.field.moved", field, up=up)
    return field


# Recipients -------------------------------------------------------------------------------------


def allowed_organizations(data_request, user):
    """Organizations the request may go to: of its target, inside the user's scope, active."""
    return Organization.objects.visible_to(user, MANAGE).filter(
        is_active=True,
        **target_scope_filter(data_request.level, data_request.region, data_request.municipality),
    )


@transaction.atomic
def add_recipients(data_request, organizations, *, by):
    """Adds the organizations not yet among the recipients; returns how many were added.

    While a draft, or after sending for an organization that was forgotten; not once closed."""
    check_can_manage(data_request, by)
    data_request = _locked_request(data_request)
    if data_request.is_closed:
        raise ValidationError(_("Запрос закрыт: получателей добавить нельзя."))
    chosen = {organization.pk for organization in organizations}
    allowed = set(
        allowed_organizations(data_request, by).filter(pk__in=chosen).values_list("pk", flat=True)
    )
    if chosen - allowed:
        raise ValidationError(
            _("Запрос можно отправить только организациям своей области действия.")
        )
    present = set(data_request.recipients.values_list("organization_id", flat=True))
    new = sorted(allowed - present)
    RequestRecipient.objects.bulk_create(
        RequestRecipient(request=data_request, organization_id=pk) for pk in new
    )
    if new:
        audit.log(by, "datarequests.recipient.added", data_request, organizations=new)
    if new and data_request.is_sent:
        notices.request_received(data_request, data_request.recipients.filter(organization__in=new))
    return len(new)


@transaction.atomic
def remove_recipient(recipient, *, by):
    check_can_manage(recipient.request, by)
    _require_draft(
        _locked_request(recipient.request),
        _("Запрос уже отправлен: получателя убрать нельзя."),
    )
    audit.log(by, "datarequests.recipient.removed", recipient)
    recipient.delete()


@transaction.atomic
def remove_all_recipients(data_request, *, by):
    check_can_manage(data_request, by)
    data_request = _locked_request(data_request)
    _require_draft(data_request, _("Запрос уже отправлен: получателей убрать нельзя."))
    count, _rows = data_request.recipients.all().delete()
    audit.log(by, "datarequests.recipient.removed_all", data_request, count=count)
    return count


# Answers ----------------------------------------------------------------------------------------


def _locked_recipient(recipient):
    return (
        RequestRecipient.objects.select_for_update().select_related("request").get(pk=recipient.pk)
    )


def stored_values(recipient):
    """{field id: typed value} of the answers kept for the recipient."""
    answers = RequestAnswer.objects.filter(recipient=recipient).select_related("field")
    return {answer.field_id: answer.value for answer in answers}


def _write(recipient, fields, parsed):
    by_id = {field.pk: field for field in fields}
    empty = [pk for pk, value in parsed.items() if value is None]
    RequestAnswer.objects.filter(recipient=recipient, field_id__in=empty).delete()
    for pk, value in parsed.items():
        if value is not None:
            RequestAnswer.objects.update_or_create(
                recipient=recipient, field_id=pk, defaults=values.stored(by_id[pk], value)
            )


def _raise_field_errors(errors):
    raise ValidationError({str(pk): [message] for pk, message in errors.items()})


@transaction.atomic
def save_answers(recipient, raw_values, *, by):
    """Saves a draft: the given values, each checked for its type and range; on any error nothing
    is written. Required fields may stay empty until submitting."""
    recipient = _locked_recipient(recipient)
    check_can_answer(recipient, by)
    fields = list(recipient.request.fields.all())
    known = {field.pk for field in fields}
    parsed, errors = values.parse_all(fields, _known(raw_values, known))
    if errors:
        _raise_field_errors(errors)
    _write(recipient, fields, parsed)
    if recipient.status == RecipientStatus.NOT_STARTED:
        recipient.status = RecipientStatus.DRAFT
    recipient.updated_at = timezone.now()
    recipient.save(update_fields=["status", "updated_at"])
    audit.log(by, "datarequests.recipient.saved", recipient, fields=sorted(parsed))
    return recipient


@transaction.atomic
def submit_answers(recipient, raw_values, *, by):
    """Saves the given values over the kept ones and submits: every value checked and every
    required field filled, or nothing is written at all."""
    recipient = _locked_recipient(recipient)
    check_can_answer(recipient, by)
    fields = list(recipient.request.fields.all())
    merged = {**stored_values(recipient), **_known(raw_values, {field.pk for field in fields})}
    parsed, errors = values.parse_all(fields, merged, require=True)
    if errors:
        _raise_field_errors(errors)
    _write(recipient, fields, parsed)
    now = timezone.now()
    recipient.status = RecipientStatus.SUBMITTED
    recipient.submitted_at = recipient.updated_at = now
    recipient.submitted_by = by
    recipient.save(update_fields=["status", "submitted_at", "updated_at", "submitted_by"])
    audit.log(by, "datarequests.recipient.submitted", recipient)
    return recipient


def _known(raw_values, known):
    """Keys as field ids; values for fields of other requests are ignored."""
    result = {}
    for key, value in raw_values.items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            continue
        if pk in known:
            result[pk] = value
    return result


@transaction.atomic
def return_answers(recipient, *, by, comment):
    """The methodist sends a submitted answer back with a comment; the organization may then
    correct it even past the deadline, until the request is closed."""
    check_can_manage(recipient.request, by)
    recipient = _locked_recipient(recipient)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Напишите, что нужно исправить.")})
    if recipient.request.is_closed:
        raise ValidationError(_("Запрос закрыт: ответ вернуть нельзя."))
    if not recipient.is_submitted:
        raise ValidationError(_("Вернуть на доработку можно только отправленный ответ."))
    recipient.status = RecipientStatus.RETURNED
    recipient.return_comment = comment
    recipient.returned_at = timezone.now()
    recipient.save(update_fields=["status", "return_comment", "returned_at"])
    audit.log(by, "datarequests.recipient.returned", recipient)
    notices.answers_returned(recipient)
    return recipient
