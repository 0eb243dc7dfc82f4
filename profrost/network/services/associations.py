"""Associations, their members, reports and horizontal learning groups."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.services import actor, follow_level
from profrost.registry.models import Person

from ..models import (
    HorizontalGroup,
    HorizontalGroupStatus,
    Membership,
    MembershipRole,
)
from .common import (
    current,
    jobs_within_reach,
    require_changeable,
    stored,
)

TARGET = ("level", "region_id", "municipality_id", "organization_id")


@transaction.atomic
def save_association(association, *, by, changed=()):
    """Creates or updates an association; its head becomes (or stays) a member in the role of
    head. Who saves it must be able to change the result."""
    created = association.pk is None
    follow_level(association, association.level)
    before = stored(association, TARGET)
    if created:
        association.created_by = actor(by)
    association.full_clean()
    association.save()
    # Handing the headship over is the head's right even though it ends their own; moving the
    # association elsewhere has to stay within the user's reach.
    if before != current(association, TARGET):
        require_changeable(
            association,
            by,
            Perm.MANAGE_ASSOCIATIONS,
            _("Объединение с таким уровнем вне вашей зоны ответственности."),
        )
    sync_head(association)
    verb = "created" if created else "updated"
    audit.log(by, f"network.association.{verb}", association, fields=sorted(changed))
    return association


def sync_head(association, on=None):
    """The head holds a current membership in the role of head; nobody else does."""
    on = on or timezone.localdate()
    current = Membership.objects.filter(association=association, left_on__isnull=True)
    current.filter(role=MembershipRole.HEAD).exclude(person_id=association.head_id).update(
        role=MembershipRole.MEMBER
    )
    if association.head_id is None:
        return
    updated = current.filter(person_id=association.head_id).update(role=MembershipRole.HEAD)
    if not updated:
        Membership.objects.create(
            association=association,
            person_id=association.head_id,
            role=MembershipRole.HEAD,
            joined_on=on,
        )


@transaction.atomic
def delete_association(association, *, by):
    if association.events.exists() or association.plans.exists():
        raise ValidationError(
            _(
                "У объединения есть мероприятия или планы работы: его нельзя удалить. "
                "Снимите отметку «Действует»."
            )
        )
    audit.log(by, "network.association.deleted", association)
    association.memberships.all().delete()
    association.delete()


@transaction.atomic
def add_member(association, person, *, role=MembershipRole.MEMBER, joined_on=None, by):
    joined_on = joined_on or timezone.localdate()
    if role == MembershipRole.HEAD:
        raise ValidationError(_("Руководителя назначают в карточке объединения."))
    if Membership.objects.filter(
        association=association, person=person, left_on__isnull=True
    ).exists():
        raise ValidationError(
            _("%(person)s уже состоит в объединении «%(association)s».")
            % {"person": person, "association": association}
        )
    membership = Membership(association=association, person=person, role=role, joined_on=joined_on)
    membership.full_clean()
    membership.save()
    audit.log(by, "network.membership.created", membership, role=role)
    return membership


@transaction.atomic
def remove_member(membership, *, by, on=None):
    """A member leaves: the membership ends today (one that began today or later is removed)."""
    on = on or timezone.localdate()
    if membership.left_on is not None:
        raise ValidationError(_("Работник уже выбыл из объединения."))
    if membership.association.head_id == membership.person_id:
        raise ValidationError(
            _("%(person)s — руководитель объединения: сначала назначьте другого руководителя.")
            % {"person": membership.person}
        )
    audit.log(by, "network.membership.ended", membership)
    if membership.joined_on >= on:
        membership.delete()
        return None
    membership.left_on = on
    membership.save(update_fields=["left_on"])
    return membership


@transaction.atomic
def save_report(report, *, by):
    created = report.pk is None
    if created:
        report.created_by = actor(by)
    report.full_clean()
    report.save()
    audit.log(by, f"network.associationreport.{'created' if created else 'updated'}", report)
    return report


@transaction.atomic
def delete_report(report, *, by):
    audit.log(by, "network.associationreport.deleted", report)
    report.delete()


@transaction.atomic
def create_horizontal_group(
    association, competence, *, holders, learners, starts_on=None, notes="", by
):
    """A group of horizontal learning: who holds the competence and who needs it, all of them
    current members of the association."""
    holders, learners = set(holders), set(learners)
    if not holders:
        raise ValidationError(_("Отметьте хотя бы одного педагога, владеющего компетенцией."))
    if not learners:
        raise ValidationError(_("Отметьте хотя бы одного педагога, осваивающего компетенцию."))
    if holders & learners:
        raise ValidationError(
            _("Один педагог не может одновременно владеть компетенцией и осваивать её.")
        )
    members = set(
        Membership.objects.filter(association=association, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    strangers = {person.pk for person in holders | learners} - members
    if strangers:
        raise ValidationError(
            _("В группу горизонтального обучения входят только члены объединения.")
        )
    group = HorizontalGroup(
        association=association,
        competence=competence,
        starts_on=starts_on or timezone.localdate(),
        notes=notes,
        created_by=actor(by),
    )
    group.full_clean()
    group.save()
    group.holders.set(holders)
    group.learners.set(learners)
    audit.log(
        by,
        "network.horizontalgroup.created",
        group,
        holders=sorted(p.pk for p in holders),
        learners=sorted(p.pk for p in learners),
    )
    return group


@transaction.atomic
def update_horizontal_group(group, *, by, changed=()):
    if group.status != HorizontalGroupStatus.ACTIVE and group.ends_on is None:
        group.ends_on = max(timezone.localdate(), group.starts_on)
    group.full_clean()
    group.save()
    audit.log(by, "network.horizontalgroup.updated", group, fields=sorted(changed))
    return group


@transaction.atomic
def delete_horizontal_group(group, *, by):
    audit.log(by, "network.horizontalgroup.deleted", group)
    group.delete()


def member_candidates(association, user):
    """Whom the association's managers may add: people working where it acts, and people in
    their own scope; current members excluded."""
    jobs = jobs_within_reach(association)
    own = Person.objects.visible_to(user, Perm.MANAGE_ASSOCIATIONS)
    current = association.memberships.filter(left_on__isnull=True).values("person_id")
    return Person.objects.filter(
        Q(pk__in=jobs.values("person_id")) | Q(pk__in=own.values("pk"))
    ).exclude(pk__in=current)
