"""The flow of a practice: submitted → expertise (named experts fill score sheets) → in the bank
→ disseminated, or rejected. Every function is atomic, validates with Russian messages, checks
the user's rights over the row and leaves an audit entry `practices.<model>.<verb>`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.services import Errors, actor, assign, full_clean, require
from profrost.core.text import count_phrase
from profrost.registry.models import Employment

from .. import selectors
from ..models import (
    CRITERIA,
    CRITERION_MAX,
    MAX_TOTAL,
    MIN_REVIEWS,
    PASS_MEAN,
    PUBLISHED,
    Dissemination,
    Practice,
    PracticeReview,
    PracticeStatus,
    ReviewRecommendation,
)
from .common import check_day, set_many

PRACTICE_FIELDS = (
    "title",
    "kind",
    "level",
    "organization",
    "main_author",
    "description",
    "results",
    "file",
    "link",
)
PRACTICE_MANY = ("coauthors", "subjects", "competences")
DISSEMINATION_FIELDS = ("held_on", "kind", "title", "level", "event", "url", "participants")
SHEET_FORMS = ("лист", "листа", "листов")


def may_manage(user, practice):
    """Manages the expertise of the practice: assigns experts, includes, rejects, records
    dissemination (Perm.MANAGE_PRACTICES over the practice's level)."""
    return (
        Practice.objects.changeable_by(user, Perm.MANAGE_PRACTICES).filter(pk=practice.pk).exists()
    )


def may_edit(user, practice):
    """Edits the description: a submitter (Perm.SUBMIT_PRACTICES) until the expertise starts,
    a manager of the practice at any time."""
    if may_manage(user, practice):
        return True
    return (
        practice.status == PracticeStatus.SUBMITTED
        and Practice.objects.changeable_by(user, Perm.SUBMIT_PRACTICES)
        .filter(pk=practice.pk)
        .exists()
    )


def _require_manage(practice, by):
    if not may_manage(by, practice):
        raise PermissionDenied(_("Экспертизой этой практики управляет другой уровень."))


def _locked(practice, expected, message):
    """The practice as stored now, locked for the change, in one of the `expected` statuses."""
    current = Practice.objects.select_for_update().get(pk=practice.pk)
    if current.status not in expected:
        raise ValidationError(message % {"status": current.get_status_display()})
    return current


# Submission -------------------------------------------------------------------------------------


def _check_author(practice, coauthors, errors):
    if practice.main_author_id and practice.organization_id:
        works_there = Employment.objects.filter(
            person_id=practice.main_author_id, organization_id=practice.organization_id
        ).exists()
        if not works_there:
            errors.add("main_author", _("Автор не работает и не работал в выбранной организации."))
    if coauthors and practice.main_author_id in {person.pk for person in coauthors}:
        errors.add("coauthors", _("Автор указан и среди соавторов."))


def _save_practice(practice, data):
    changed = assign(practice, data, PRACTICE_FIELDS)
    if "organization" in changed or not practice.municipality_id:
        practice.fill_place()
    errors = Errors()
    full_clean(practice, errors, exclude=["municipality", "region"])
    if not errors.has("main_author") and not errors.has("organization"):
        _check_author(practice, data.get("coauthors"), errors)
    errors.raise_if_any()
    practice.save()
    return changed + set_many(practice, data, PRACTICE_MANY)


@transaction.atomic
def submit_practice(*, by, data):
    """A teacher submits their own practice; managers submit for people in their scope."""
    practice = Practice(submitted_by=actor(by), submitted_on=timezone.localdate())
    if "organization" not in data or data["organization"] is None:
        raise ValidationError({"organization": _("Укажите организацию.")})
    _save_practice(practice, data)
    require(Practice.objects.changeable_by(by, Perm.SUBMIT_PRACTICES), practice)
    audit.log(by, "practices.practice.submitted", practice)
    return practice


@transaction.atomic
def update_practice(practice, *, by, data):
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if not may_edit(by, practice):
        submitted = Practice.objects.changeable_by(by, Perm.SUBMIT_PRACTICES)
        if submitted.filter(pk=practice.pk).exists():
            raise ValidationError(
                _("Практику можно изменять только до начала экспертизы; сейчас она «%(status)s».")
                % {"status": practice.get_status_display()}
            )
        raise PermissionDenied(_("Недостаточно прав для изменения практики."))
    changed = _save_practice(practice, data)
    require(
        Practice.objects.changeable_by(by, Perm.SUBMIT_PRACTICES)
        | Practice.objects.changeable_by(by, Perm.MANAGE_PRACTICES),
        practice,
    )
    audit.log(by, "practices.practice.updated", practice, fields=sorted(changed))
    return practice


@transaction.atomic
def delete_practice(practice, *, by):
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status not in (PracticeStatus.SUBMITTED, PracticeStatus.REJECTED):
        raise ValidationError(
            _(
                "Практику «%(practice)s» нельзя удалить: она %(status)s. Удалить можно только "
                "поданную или отклонённую практику."
            )
            % {"practice": practice, "status": practice.get_status_display().lower()}
        )
    audit.log(by, "practices.practice.deleted", practice)
    practice.delete()


# Expertise --------------------------------------------------------------------------------------


@transaction.atomic
def assign_experts(practice, *, by, experts, on=None):
    """Names experts for the practice (a score sheet each) and starts its expertise."""
    _require_manage(practice, by)
    practice = _locked(
        practice,
        (PracticeStatus.SUBMITTED, PracticeStatus.EXPERTISE),
        _(
            "Экспертов назначают поданной практике или практике на экспертизе; "
            "сейчас она «%(status)s»."
        ),
    )
    experts = list(experts)
    if not experts:
        raise ValidationError({"experts": _("Выберите хотя бы одного эксперта.")})
    authors = {practice.main_author_id, *practice.coauthors.values_list("pk", flat=True)}
    conflicted = [person for person in experts if person.pk in authors]
    if conflicted:
        raise ValidationError(
            {
                "experts": _("Автор или соавтор не может быть экспертом своей практики: %(names)s.")
                % {"names": ", ".join(person.full_name for person in conflicted)}
            }
        )
    assigned = set(practice.reviews.values_list("expert_id", flat=True))
    repeated = [person for person in experts if person.pk in assigned]
    if repeated:
        raise ValidationError(
            {
                "experts": _("Уже назначены экспертами этой практики: %(names)s.")
                % {"names": ", ".join(person.full_name for person in repeated)}
            }
        )
    day = on or timezone.localdate()
    reviews = PracticeReview.objects.bulk_create(
        PracticeReview(practice=practice, expert=person, assigned_on=day, assigned_by=actor(by))
        for person in experts
    )
    if practice.status == PracticeStatus.SUBMITTED:
        practice.status = PracticeStatus.EXPERTISE
        practice.save(update_fields=["status", "updated"])
    audit.log(
        by,
        "practices.practice.experts_assigned",
        practice,
        experts=[person.pk for person in experts],
    )
    return reviews


@transaction.atomic
def withdraw_review(review, *, by):
    """Takes an expert off a practice before they filled the sheet; with no sheet left the
    practice returns to «submitted»."""
    _require_manage(review.practice, by)
    review = PracticeReview.objects.select_for_update().select_related("practice").get(pk=review.pk)
    if review.is_completed:
        raise ValidationError(_("Эксперт уже заполнил лист оценки: отозвать его нельзя."))
    practice = review.practice
    if practice.status != PracticeStatus.EXPERTISE:
        raise ValidationError(_("Экспертиза практики завершена."))
    audit.log(by, "practices.practicereview.withdrawn", review)
    review.delete()
    if not practice.reviews.exists():
        practice.status = PracticeStatus.SUBMITTED
        practice.save(update_fields=["status", "updated"])
    return practice


def _check_scores(data, errors):
    total = 0
    for name, label in CRITERIA:
        value = data.get(name)
        if value is None or value == "":
            errors.add(name, _("Оцените критерий «%(criterion)s».") % {"criterion": label})
        elif not 0 <= int(value) <= CRITERION_MAX:
            errors.add(
                name,
                _("Балл по критерию «%(criterion)s» — от 0 до %(max)d.")
                % {"criterion": label, "max": CRITERION_MAX},
            )
        else:
            total += int(value)
    return total


@transaction.atomic
def complete_review(review, *, by, data):
    """The expert fills (or corrects, while the expertise lasts) their own score sheet."""
    if by.person_id is None or by.person_id != review.expert_id:
        raise PermissionDenied(_("Лист оценки заполняет только назначенный эксперт."))
    review = PracticeReview.objects.select_for_update().select_related("practice").get(pk=review.pk)
    if review.practice.status != PracticeStatus.EXPERTISE:
        raise ValidationError(_("Экспертиза практики завершена: лист оценки изменить нельзя."))
    errors = Errors()
    total = _check_scores(data, errors)
    recommendation = data.get("recommendation") or ""
    comment = (data.get("comment") or "").strip()
    if recommendation not in ReviewRecommendation.values:
        errors.add("recommendation", _("Выберите рекомендацию."))
    elif recommendation != ReviewRecommendation.INCLUDE and not comment:
        errors.add("comment", _("Обоснуйте рекомендацию доработать или отклонить практику."))
    errors.raise_if_any()
    for name, _label in CRITERIA:
        setattr(review, name, int(data[name]))
    review.total = total
    review.recommendation = recommendation
    review.comment = comment
    review.completed_on = timezone.localdate()
    review.save()
    audit.log(by, "practices.practicereview.completed", review, total=total)
    return review


def inclusion_refusal(practice):
    """Why the practice may not enter the bank now, or None when it may (docs/practices.md:
    at least MIN_REVIEWS completed sheets, none pending, mean total ≥ PASS_MEAN)."""
    if practice.status != PracticeStatus.EXPERTISE:
        return _(
            "В банк включается только практика, прошедшая экспертизу; сейчас она «%(status)s»."
        ) % {"status": practice.get_status_display()}
    summary = selectors.expertise_summary(practice)
    if summary["pending"]:
        return _("Не все эксперты заполнили листы оценки: ожидается ещё %(pending)s.") % {
            "pending": count_phrase(summary["pending"], SHEET_FORMS)
        }
    if summary["completed"] < MIN_REVIEWS:
        return _(
            "Для включения в банк нужно не менее %(minimum)d заполненных листов оценки; "
            "заполнено: %(completed)d."
        ) % {"minimum": MIN_REVIEWS, "completed": summary["completed"]}
    if summary["mean"] < PASS_MEAN:
        return _(
            "Средний балл экспертизы %(mean)s из %(max)d ниже порога %(threshold)d: практика не "
            "может быть включена в банк."
        ) % {
            "mean": selectors.format_mean(summary["mean"]),
            "max": MAX_TOTAL,
            "threshold": PASS_MEAN,
        }
    return None


@transaction.atomic
def include_in_bank(practice, *, by, on=None, comment=""):
    _require_manage(practice, by)
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    refusal = inclusion_refusal(practice)
    if refusal:
        raise ValidationError(refusal)
    day = on or timezone.localdate()
    errors = Errors()
    check_day(
        day,
        "included_on",
        errors,
        not_before=practice.submitted_on,
        not_before_label=_("подачи практики"),
    )
    errors.raise_if_any()
    practice.status = PracticeStatus.IN_BANK
    practice.included_on = day
    practice.decision_comment = comment.strip()
    practice.save(update_fields=["status", "included_on", "decision_comment", "updated"])
    audit.log(by, "practices.practice.included", practice)
    return practice


@transaction.atomic
def reject_practice(practice, *, by, reason, on=None):
    """Rejects a submitted practice or one under expertise; the sheets not filled are cancelled."""
    _require_manage(practice, by)
    practice = _locked(
        practice,
        (PracticeStatus.SUBMITTED, PracticeStatus.EXPERTISE),
        _("Отклонить можно поданную практику или практику на экспертизе; сейчас она «%(status)s»."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Укажите причину отклонения.")})
    cancelled = practice.reviews.filter(completed_on__isnull=True)
    cancelled_count = cancelled.count()
    cancelled.delete()
    practice.status = PracticeStatus.REJECTED
    practice.rejected_on = on or timezone.localdate()
    practice.decision_comment = reason
    practice.save(update_fields=["status", "rejected_on", "decision_comment", "updated"])
    audit.log(by, "practices.practice.rejected", practice, cancelled_reviews=cancelled_count)
    return practice


# Dissemination ----------------------------------------------------------------------------------


def _fill_from_event(data):
    """The title, level and date of a network event, where the user left them empty."""
    event = data.get("event")
    if event is None:
        return data
    filled = dict(data)
    filled["title"] = data.get("title") or event.title[:300]
    filled["level"] = data.get("level") or event.level
    filled["held_on"] = data.get("held_on") or timezone.localtime(event.starts_at).date()
    return filled


def _save_dissemination(dissemination, data):
    data = _fill_from_event(data)
    changed = assign(dissemination, data, DISSEMINATION_FIELDS)
    errors = Errors()
    full_clean(dissemination, errors, exclude=["practice"])
    practice, held_on = dissemination.practice, dissemination.held_on
    too_early = held_on and practice.included_on and held_on < practice.included_on
    if too_early and not errors.has("held_on"):
        errors.add(
            "held_on",
            _("Практика включена в банк %(day)s: распространение не может быть раньше.")
            % {"day": format_date(practice.included_on)},
        )
    errors.raise_if_any()
    dissemination.save()
    return changed


@transaction.atomic
def record_dissemination(practice, *, by, data):
    """Where a practice of the bank was shown; the first record makes it «disseminated»."""
    _require_manage(practice, by)
    practice = _locked(
        practice,
        PUBLISHED,
        _("Распространять можно только практику из банка; сейчас она «%(status)s»."),
    )
    dissemination = Dissemination(practice=practice, recorded_by=actor(by))
    _save_dissemination(dissemination, data)
    if practice.status == PracticeStatus.IN_BANK:
        practice.status = PracticeStatus.DISSEMINATED
        practice.save(update_fields=["status", "updated"])
    audit.log(by, "practices.dissemination.created", dissemination)
    return dissemination


@transaction.atomic
def update_dissemination(dissemination, *, by, data):
    _require_manage(dissemination.practice, by)
    changed = _save_dissemination(dissemination, data)
    audit.log(by, "practices.dissemination.updated", dissemination, fields=sorted(changed))
    return dissemination


@transaction.atomic
def delete_dissemination(dissemination, *, by):
    """Without any dissemination left, the practice is back to «in the bank»."""
    practice = dissemination.practice
    _require_manage(practice, by)
    audit.log(by, "practices.dissemination.deleted", dissemination)
    dissemination.delete()
    if practice.status == PracticeStatus.DISSEMINATED and not practice.disseminations.exists():
        practice.status = PracticeStatus.IN_BANK
        practice.save(update_fields=["status", "updated"])
    return practice
