"""The places around a scope: where its people work and what it manages.

Associations, plans and events reach a region, a municipality or an organization (their
`region`, `municipality`, `organization` fields, the lower ones empty above their level). A user
sees what reaches a place around the scope: a teacher the region, the municipality and the
organizations where they work; an organization's administrator the own organization, its
municipality and region; a municipal methodist the municipality, its organizations and region.
"""

from dataclasses import dataclass

from django.db.models import Q

from profrost.registry.models import Municipality, Organization, Region


@dataclass(frozen=True)
class Places:
    regions: object  # querysets of ids, used as subqueries
    municipalities: object
    organizations: object

    def reach_q(self, prefix=""):
        """Rows whose reach (region, municipality, organization fields under `prefix`) lies
        around the scope."""
        region, municipality, organization = (
            f"{prefix}region",
            f"{prefix}municipality",
            f"{prefix}organization",
        )
        return (
            Q(
                **{
                    f"{organization}__isnull": True,
                    f"{municipality}__isnull": True,
                    f"{region}__in": self.regions,
                }
            )
            | Q(**{f"{organization}__isnull": True, f"{municipality}__in": self.municipalities})
            | Q(**{f"{organization}__in": self.organizations})
        )


def places(scope):
    organizations = Organization.objects.filter(Organization.scope_filter(scope))
    municipalities = Municipality.objects.filter(
        scope.q(region="region", municipality="pk")
        | Q(pk__in=organizations.values("municipality_id"))
    )
    regions = Region.objects.filter(
        scope.q(region="pk") | Q(pk__in=municipalities.values("region_id"))
    )
    return Places(
        regions=regions.values("pk"),
        municipalities=municipalities.values("pk"),
        organizations=organizations.values("pk"),
    )


def target_change_q(scope, prefix=""):
    """Rows whose target lies inside the scope of a manager (not of a teacher's own record)."""
    return scope.q(
        region=f"{prefix}region",
        municipality=f"{prefix}municipality",
        organization=f"{prefix}organization",
    )
