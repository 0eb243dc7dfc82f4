"""Changes to the competence framework: every one validated, atomic and audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.text import count_phrase

from . import usage

COMPETENCE_FORMS = ("компетенция", "компетенции", "компетенций")


@transaction.atomic
def save_competence(competence, *, by, changed=()):
    """Creates or updates a competence; its code is checked and normalised by Competence.clean."""
    created = competence.pk is None
    competence.full_clean()
    competence.save()
    verb = "created" if created else "updated"
    audit.log(by, f"competences.competence.{verb}", competence, fields=sorted(changed))
    return competence


@transaction.atomic
def save_group(group, *, by, changed=()):
    created = group.pk is None
    group.full_clean()
    group.save()
    verb = "created" if created else "updated"
    audit.log(by, f"competences.group.{verb}", group, fields=sorted(changed))
    return group


def competence_uses(competence):
    """What keeps a competence from being deleted, as Russian phrases with counts."""
    counts = (
        (_("вложенных компетенций"), competence.children.count()),
        (_("вопросов инструментов"), usage.competence_links(competence).count()),
        (_("результатов диагностики"), competence.results.count()),
        (_("дефицитов"), competence.deficits.count()),
    )
    return [f"{label}: {count}" for label, count in counts if count]


def delete_competence(competence, *, by):
    uses = competence_uses(competence)
    if uses:
        raise ValidationError(_used_message(competence, uses))
    try:
        with transaction.atomic():
            audit.log(by, "competences.competence.deleted", competence, code=competence.code)
            competence.delete()
    except ProtectedError as error:
        # Other areas (programs, events, routes) may refer to a competence too.
        raise ValidationError(_used_message(competence, [_("записи других разделов")])) from error


def _used_message(competence, uses):
    return _(
        "Компетенцию «%(code)s» нельзя удалить: она используется (%(uses)s). "
        "Чтобы убрать её из выбора, снимите отметку «Используется»."
    ) % {"code": competence.code, "uses": "; ".join(uses)}


def delete_group(group, *, by):
    count = group.competences.count()
    if count:
        raise ValidationError(
            _(
                "Группу «%(name)s» нельзя удалить: в ней %(count)s. "
                "Сначала перенесите их в другую группу или удалите."
            )
            % {"name": group.name, "count": count_phrase(count, COMPETENCE_FORMS)}
        )
    with transaction.atomic():
        audit.log(by, "competences.group.deleted", group, code=group.code)
        group.delete()
