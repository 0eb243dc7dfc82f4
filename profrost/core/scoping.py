"""The one door to rows a user may see or change.

`resolve_scope(user, perm)` reads the user's role assignments once per request and returns the
scope over which the user holds `perm`. Every scoped model's queryset has `visible_to(user, perm)`,
which turns that scope into a filter through the model's `scope_filter(scope)`.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from .roles import ROLE_LEVEL, Level, Perm, roles_granting

SCOPE_LEVELS = ("region", "municipality", "organization")


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    region_ids: frozenset = field(default_factory=frozenset)
    municipality_ids: frozenset = field(default_factory=frozenset)
    organization_ids: frozenset = field(default_factory=frozenset)
    person_ids: frozenset = field(default_factory=frozenset)

    @property
    def empty(self):
        return not (
            self.everything
            or self.region_ids
            or self.municipality_ids
            or self.organization_ids
            or self.person_ids
        )

    @property
    def top_level(self):
        """The widest level the scope reaches: «region», «municipality», «organization» or None
        (a teacher's own record, or nothing)."""
        if self.everything or self.region_ids:
            return "region"
        if self.municipality_ids:
            return "municipality"
        if self.organization_ids:
            return "organization"
        return None

    def levels_of(self, choices):
        """The members of a level choices class (values among «region», «municipality»,
        «organization») at the scope's own level and below: a regional role works at every
        level, a municipal one below the region, an organization's administrator in the own
        organization only."""
        if self.top_level is None:
            return []
        below = SCOPE_LEVELS[SCOPE_LEVELS.index(self.top_level) :]
        return [level for level in choices if level in below]

    def q(self, *, region=None, municipality=None, organization=None, person=None):
        """A filter matching rows inside the scope, given each level's lookup path."""
        query = Q(pk__in=[])
        for path, ids in (
            (region, self.region_ids),
            (municipality, self.municipality_ids),
            (organization, self.organization_ids),
            (person, self.person_ids),
        ):
            if path and ids:
                query |= Q(**{f"{path}__in": ids})
        return query


EVERYTHING = Scope(everything=True)
NOTHING = Scope()


def resolve_scope(user, perm=Perm.VIEW_REGISTRY):
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return EVERYTHING
    cache = user.__dict__.setdefault("_scope_cache", {})
    if perm not in cache:
        cache[perm] = _build_scope(user, perm)
    return cache[perm]


def _role_assignments(user):
    """The user's role assignments, read once per request whatever the permissions asked."""
    if "_role_assignments" not in user.__dict__:
        user.__dict__["_role_assignments"] = list(user.roles.all())
    return user.__dict__["_role_assignments"]


def _build_scope(user, perm):
    ids = {level: set() for level in Level}
    granting = set(roles_granting(perm))
    for assignment in _role_assignments(user):
        if assignment.role not in granting:
            continue
        level = ROLE_LEVEL[assignment.role]
        if level == Level.REGION:
            ids[level].add(assignment.region_id)
        elif level == Level.MUNICIPALITY:
            ids[level].add(assignment.municipality_id)
        elif level == Level.ORGANIZATION:
            ids[level].add(assignment.organization_id)
        elif user.person_id:
            ids[level].add(user.person_id)
    return Scope(
        region_ids=frozenset(ids[Level.REGION]),
        municipality_ids=frozenset(ids[Level.MUNICIPALITY]),
        organization_ids=frozenset(ids[Level.ORGANIZATION]),
        person_ids=frozenset(ids[Level.PERSON]),
    )


def has_perm_anywhere(user, perm):
    return not resolve_scope(user, perm).empty


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, perm=Perm.VIEW_REGISTRY):
        """The rows inside the user's scope for `perm`; of a model with a `private_filter`
        (a rule on top of the scope, such as sensitive results), only those it lets through."""
        rows = self.within(resolve_scope(user, perm), self.model.scope_filter)
        private = getattr(self.model, "private_filter", None)
        return rows.filter(private(user)) if private else rows

    def within(self, scope, build_filter):
        """Rows inside the scope by `build_filter(scope)`: all of them for everything, none for
        an empty scope."""
        if scope.everything:
            return self
        if scope.empty:
            return self.none()
        return self.filter(build_filter(scope))

    def changeable_by(self, user, perm):
        """Rows the user may change with `perm`: the model's `change_filter` when it has one
        (rows everybody reads but only their owners change), else its view scope."""
        change_filter = getattr(self.model, "change_filter", None) or self.model.scope_filter
        return self.within(resolve_scope(user, perm), change_filter)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
