"""Every change of consents: atomic, validated (messages in Russian) and audited
(`consents.<model>.<verb>`)."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.core.services import actor, require
from profrost.registry.models import ConsentState, Person

from . import selectors
from .models import MAX_SCAN_SIZE, SCAN_EXTENSIONS, Consent, ConsentMethod, ConsentText

RECORD = Perm.MANAGE_STAFF
EDIT_TEXTS = Perm.MANAGE_REFERENCE


def may_edit_texts(user, region):
    scope = resolve_scope(user, EDIT_TEXTS)
    return scope.everything or region.pk in scope.region_ids


@transaction.atomic
def save_text(*, by, region, title, operator, purposes, body):
    """A new version of the region's text: what was signed before keeps its own version."""
    if not may_edit_texts(by, region):
        raise PermissionDenied(_("Текст согласия утверждает администратор региона."))
    fields = {"title": title, "operator": operator, "purposes": purposes, "body": body}
    empty = {name: _("Заполните поле.") for name, value in fields.items() if not value.strip()}
    if empty:
        raise ValidationError(empty)
    last = ConsentText.objects.select_for_update().filter(region=region)
    version = (last.aggregate(Max("version"))["version__max"] or 0) + 1
    text = ConsentText.objects.create(
        region=region,
        version=version,
        created_by=actor(by),
        **{name: value.strip() for name, value in fields.items()},
    )
    audit.log(by, "consents.consenttext.created", text, version=version)
    return text


def text_for(person):
    """The text a person signs now: the current version of their region."""
    text = selectors.current_text(selectors.region_of(person))
    if text is None:
        raise ValidationError(
            _("Регион не утвердил текст согласия: обратитесь к администратору региона.")
        )
    return text


def validate_scan(upload):
    if upload is None:
        raise ValidationError({"scan": _("Загрузите скан подписанного согласия.")})
    if upload.size > MAX_SCAN_SIZE:
        raise ValidationError({"scan": _("Файл больше 10 МБ: загрузите файл поменьше.")})
    extension = Path(upload.name).suffix.lower().lstrip(".")
    if extension not in SCAN_EXTENSIONS:
        raise ValidationError(
            {
                "scan": _("Файлы «.%(ext)s» не принимаются. Можно: %(allowed)s.")
                % {"ext": extension or "?", "allowed": ", ".join(SCAN_EXTENSIONS)}
            }
        )


def check_date(given_on, person):
    today = timezone.localdate()
    if given_on is None:
        raise ValidationError({"given_on": _("Укажите дату согласия.")})
    if given_on > today:
        raise ValidationError({"given_on": _("Дата согласия не может быть в будущем.")})
    if given_on < person.birth_date:
        raise ValidationError({"given_on": _("Дата согласия раньше даты рождения работника.")})


def locked_person(person):
    return Person.objects.select_for_update().get(pk=person.pk)


def mark(person_id, state):
    """The person's consent state, read by every list (`Person.consent_state`): changed here
    only, in the same transaction as the consent."""
    Person.objects.filter(pk=person_id).update(consent_state=state)


def refuse_second(person):
    current = selectors.in_force(person)
    if current is not None:
        raise ValidationError(
            _("У работника уже есть действующее согласие от %(date)s.")
            % {"date": format_date(current.given_on)}
        )


@transaction.atomic
def record_paper(person, *, by, given_on, scan):
    """A signed paper consent, scanned, entered by whoever keeps the person's staff record."""
    require(Person.objects.changeable_by(by, RECORD), person)
    person = locked_person(person)
    refuse_second(person)
    check_date(given_on, person)
    validate_scan(scan)
    consent = Consent.objects.create(
        person=person,
        text=text_for(person),
        method=ConsentMethod.PAPER,
        given_on=given_on,
        scan=scan,
        recorded_by=actor(by),
    )
    mark(person.pk, ConsentState.GIVEN)
    audit.log(by, "consents.consent.given", consent, person=person.pk, method=consent.method)
    return consent


@transaction.atomic
def accept_online(user, *, text_id):
    """The person accepts, in the system, the text they were shown (its version is kept)."""
    if not user.person_id:
        raise PermissionDenied(_("Учётная запись не связана с записью работника."))
    person = locked_person(user.person)
    refuse_second(person)
    text = text_for(person)
    if text.pk != text_id:
        raise ValidationError(_("Текст согласия обновился: прочитайте новую редакцию."))
    consent = Consent.objects.create(
        person=person,
        text=text,
        method=ConsentMethod.ONLINE,
        given_on=timezone.localdate(),
        recorded_by=user,
    )
    mark(person.pk, ConsentState.GIVEN)
    audit.log(user, "consents.consent.given", consent, person=person.pk, method=consent.method)
    return consent


def may_withdraw(user, consent):
    own = user.person_id is not None and user.person_id == consent.person_id
    return own or Consent.objects.changeable_by(user, RECORD).filter(pk=consent.pk).exists()


@transaction.atomic
def withdraw(consent, *, by, note=""):
    """The person withdraws the consent (or the school enters their written withdrawal); the
    record stays, with the date of the withdrawal."""
    if not may_withdraw(by, consent):
        raise PermissionDenied(_("Отозвать согласие может сам работник или его организация."))
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if not consent.in_force:
        raise ValidationError(_("Согласие уже отозвано."))
    own = by.person_id == consent.person_id
    if not own and not note.strip():
        raise ValidationError({"note": _("Укажите основание: заявление работника об отзыве.")})
    consent.withdrawn_on = timezone.localdate()
    consent.withdrawn_by = actor(by)
    consent.withdrawal_note = note.strip()
    consent.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawal_note"])
    mark(consent.person_id, ConsentState.WITHDRAWN)
    audit.log(by, "consents.consent.withdrawn", consent, person=consent.person_id)
    return consent
