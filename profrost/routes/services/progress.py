"""The person's progress on their route: item statuses and evidence."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import audit

from .. import selectors
from ..models import ItemStatus
from .common import (
    EVIDENCE_EXTENSIONS,
    MAX_EVIDENCE_SIZE,
    OWN_STATUSES,
    begin_if_agreed,
    check_progress,
    check_running,
    locked,
)


@transaction.atomic
def set_item_status(item, status, *, by):
    """The person marks an item «выполняется» or «выполнено»; who manages the route may set any
    status, «не выполнено» included."""
    route = locked(item.route)
    check_progress(route, by)
    check_running(route)
    if status not in ItemStatus.values:
        raise ValidationError(_("Неизвестный статус пункта."))
    if status not in OWN_STATUSES and not selectors.may_manage(by, route):
        raise PermissionDenied(
            _("Отметку «%(status)s» ставит тьютор или методист.")
            % {"status": ItemStatus(status).label}
        )
    previous = item.status
    item.status = status
    item.save(update_fields=["status"])
    if status in OWN_STATUSES:
        begin_if_agreed(route, by)
    audit.log(by, "routes.routeitem.status_set", item, route=route.pk, old=previous, new=status)
    return item


def validate_evidence_file(upload):
    if upload.size > MAX_EVIDENCE_SIZE:
        raise ValidationError({"evidence_file": _("Файл больше 10 МБ: загрузите файл поменьше.")})
    extension = Path(upload.name).suffix.lower().lstrip(".")
    if extension not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            {
                "evidence_file": _("Файлы «.%(ext)s» не принимаются. Можно: %(allowed)s.")
                % {"ext": extension or "?", "allowed": ", ".join(EVIDENCE_EXTENSIONS)}
            }
        )


@transaction.atomic
def save_evidence(item, *, by, text=None, url=None, upload=None, remove_file=False):
    """The evidence of an item: a text, a file (up to 10 МБ, of EVIDENCE_EXTENSIONS), a link."""
    route = locked(item.route)
    check_progress(route, by)
    check_running(route)
    if upload is not None:
        validate_evidence_file(upload)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as error:
            raise ValidationError(
                {"evidence_url": _("Введите ссылку, начинающуюся с http:// или https://.")}
            ) from error
    fields = []
    if text is not None:
        item.evidence_text, fields = text.strip(), [*fields, "evidence_text"]
    if url is not None:
        item.evidence_url, fields = url.strip(), [*fields, "evidence_url"]
    if (remove_file or upload is not None) and item.evidence_file:
        item.evidence_file.delete(save=False)
        fields.append("evidence_file")
    if upload is not None:
        item.evidence_file.save(upload.name, upload, save=False)
        fields.append("evidence_file")
    item.save()
    begin_if_agreed(route, by)
    audit.log(
        by, "routes.routeitem.evidence_saved", item, route=route.pk, fields=sorted(set(fields))
    )
    return item
