"""State changes of achievements: atomic, validated, audited.

The HTML views and the API call the same functions. Each checks what the user may do with the
row's person or holder, so that the API cannot reach past what the forms offer.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.core.text import count_phrase
from profrost.registry.models import Employment, Person

from .models import (
    Competition,
    CompetitionParticipation,
    CompetitionStage,
    ExpertActivity,
    Publication,
)

PARTICIPANT_FORMS = ("участник", "участника", "участников")

# Who may change each kind of row: a manager within the scope, a teacher their own facts.
OWN_OR_MANAGED = (Perm.MANAGE_ACHIEVEMENTS, Perm.ADD_OWN_ACHIEVEMENTS)
MANAGED = (Perm.MANAGE_ACHIEVEMENTS,)
CHANGE_PERMS = {
    Competition: MANAGED,
    CompetitionParticipation: OWN_OR_MANAGED,
    Publication: OWN_OR_MANAGED,
    ExpertActivity: MANAGED,
}


def changeable(model, user):
    """Rows of `model` the user may change with any of the permissions that change it."""
    rows = model.objects.none()
    for perm in CHANGE_PERMS[model]:
        rows = rows | model.objects.changeable_by(user, perm)
    return rows


def may_change(obj, user):
    return changeable(type(obj), user).filter(pk=obj.pk).exists()


def recordable_people(user, model=Publication):
    """People about whom the user may record rows of `model`."""
    people = Person.objects.none()
    for perm in CHANGE_PERMS[model]:
        people = people | Person.objects.visible_to(user, perm)
    return people


def may_create(user, model):
    return any(not resolve_scope(user, perm).empty for perm in CHANGE_PERMS[model])


def main_organization_id(person_id, on=None):
    """The person's main place of work on the day, else the current one."""
    jobs = Employment.objects.filter(person_id=person_id).order_by("-is_main", "-start_date")
    for day in (on, timezone.localdate()):
        if day is None:
            continue
        found = jobs.active(day).values_list("organization_id", flat=True).first()
        if found:
            return found
    return None


def year_end(year):
    today = timezone.localdate()
    return today if year is None or year >= today.year else date(year, 12, 31)


# Competitions ---------------------------------------------------------------------------------


def holds(scope, competition):
    """Whether a scope of MANAGE_ACHIEVEMENTS covers the holder of the (maybe unsaved) row."""
    return (
        scope.everything
        or competition.region_id in scope.region_ids
        or competition.municipality_id in scope.municipality_ids
        or competition.organization_id in scope.organization_ids
    )


def fill_holder(competition):
    """The region and municipality follow from the organization or municipality holding it."""
    if competition.organization_id:
        competition.municipality_id = competition.organization.municipality_id
    if competition.municipality_id:
        competition.region_id = competition.municipality.region_id


@transaction.atomic
def save_competition(competition, *, by, stages=None):
    """Creates or changes a competition; `stages` (dicts with an optional id) replace its
    stages when given."""
    if competition.pk and not may_change(competition, by):
        raise PermissionDenied(_("Недостаточно прав для изменения конкурса."))
    fill_holder(competition)
    if not holds(resolve_scope(by, Perm.MANAGE_ACHIEVEMENTS), competition):
        raise PermissionDenied(
            _("Конкурс можно вести только в своём регионе, муниципалитете или организации.")
        )
    created = competition.pk is None
    if created:
        competition.created_by = by
    competition.full_clean()
    competition.save()
    if stages is not None:
        sync_stages(competition, stages)
    verb = "created" if created else "updated"
    audit.log(by, f"achievements.competition.{verb}", competition)
    return competition


def sync_stages(competition, stages):
    titles = [" ".join(str(stage.get("title") or "").split()) for stage in stages]
    if any(not title for title in titles):
        raise ValidationError(_("У каждого этапа должно быть название."))
    folded = [title.casefold() for title in titles]
    repeated = next((t for t, f in zip(titles, folded, strict=True) if folded.count(f) > 1), None)
    if repeated:
        raise ValidationError(
            _("Этапы конкурса не должны повторяться: «%(title)s».") % {"title": repeated}
        )
    existing = {stage.pk: stage for stage in competition.stages.all()}
    kept = {stage.get("id") for stage in stages if stage.get("id")}
    if kept - set(existing):
        raise ValidationError(_("Этап относится к другому конкурсу."))
    CompetitionStage.objects.filter(competition=competition).exclude(pk__in=kept).delete()
    for number, (data, title) in enumerate(zip(stages, titles, strict=True), start=1):
        stage = existing.get(data.get("id")) or CompetitionStage(competition=competition)
        stage.title = title
        stage.order = data.get("order") or number
        stage.starts_on = data.get("starts_on")
        stage.ends_on = data.get("ends_on")
        stage.full_clean(exclude=["competition"], validate_unique=False)
        stage.save()


@transaction.atomic
def delete_competition(competition, *, by):
    if not may_change(competition, by):
        raise PermissionDenied(_("Недостаточно прав для удаления конкурса."))
    count = competition.participations.count()
    if count:
        raise ValidationError(
            _("Конкурс нельзя удалить: в нём %(participants)s. Сначала удалите записи об участии.")
            % {"participants": count_phrase(count, PARTICIPANT_FORMS)}
        )
    audit.log(by, "achievements.competition.deleted", competition)
    competition.delete()


# Facts about a person: participations, publications, expert activity ---------------------------


def _save_fact(obj, *, by, label, on):
    """Checks that the user may record facts about the person, keeps the organization snapshot
    current with the person, validates, saves and audits."""
    if obj.person_id is None:
        obj.full_clean()
    model = type(obj)
    if not recordable_people(by, model).filter(pk=obj.person_id).exists():
        raise PermissionDenied(_("Вы не можете вносить сведения об этом работнике."))
    created = obj.pk is None
    if not created and not may_change(obj, by):
        raise PermissionDenied(_("Недостаточно прав для изменения записи."))
    previous = model.objects.filter(pk=obj.pk).values_list("person_id", flat=True).first()
    if created or previous != obj.person_id:
        obj.organization_id = main_organization_id(obj.person_id, on)
    if created:
        obj.created_by = by
    obj.full_clean()
    obj.save()
    audit.log(by, f"achievements.{label}.{'created' if created else 'updated'}", obj)
    return obj


def _delete_fact(obj, *, by, label):
    if not may_change(obj, by):
        raise PermissionDenied(_("Недостаточно прав для удаления записи."))
    audit.log(by, f"achievements.{label}.deleted", obj)
    obj.delete()


@transaction.atomic
def save_participation(participation, *, by):
    if participation.competition_id and not (
        Competition.objects.visible_to(by, Perm.VIEW_NETWORK)
        .filter(pk=participation.competition_id)
        .exists()
    ):
        raise PermissionDenied(_("Конкурс недоступен."))
    competition = participation.competition if participation.competition_id else None
    on = participation.result_date or year_end(competition.year if competition else None)
    return _save_fact(participation, by=by, label="participation", on=on)


@transaction.atomic
def delete_participation(participation, *, by):
    _delete_fact(participation, by=by, label="participation")


@transaction.atomic
def save_publication(publication, *, by):
    return _save_fact(publication, by=by, label="publication", on=year_end(publication.year))


@transaction.atomic
def delete_publication(publication, *, by):
    _delete_fact(publication, by=by, label="publication")


@transaction.atomic
def save_expert_activity(activity, *, by):
    return _save_fact(activity, by=by, label="expert_activity", on=activity.started_on)


@transaction.atomic
def delete_expert_activity(activity, *, by):
    _delete_fact(activity, by=by, label="expert_activity")
