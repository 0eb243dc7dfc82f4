"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of the methodical network:
one object of each kind for the given organization and person. For organization B they lie in
«Район Б», which the administrator of organization A must never reach."""

from datetime import timedelta

from profrost.network import models
from tests.factories import CompetenceFactory
from tests.network import factories


def extend(objects, user):
    organization, person = objects["organization"], objects["person"]
    municipality = organization.municipality
    association = factories.AssociationFactory(
        title=f"РМО {municipality.name}", municipality=municipality, head=person
    )
    membership = factories.MembershipFactory(association=association, person=person, role="head")
    report = models.AssociationReport.objects.create(
        association=association,
        period="2024/2025 учебный год",
        submitted_on=membership.joined_on,
        text="Проведено пять заседаний.",
    )
    plan = factories.WorkPlanFactory(title=f"План {municipality.name}", municipality=municipality)
    event = factories.EventFactory(
        title=f"Семинар {organization.short_name}",
        organizer_organization=organization,
        organizer_association=association,
        plan=plan,
        starts_at=factories.in_days(-3),
        ends_at=factories.in_days(-3) + timedelta(hours=2),
        status=models.EventStatus.HELD,
    )
    participation = factories.ParticipationFactory(
        event=event, person=person, organization=organization, attended=True
    )
    group = models.HorizontalGroup.objects.create(
        association=association,
        competence=CompetenceFactory(code="WALK.NET"),
        starts_on=membership.joined_on,
    )
    objects.update(
        {
            models.Association: association,
            models.Membership: membership,
            models.AssociationReport: report,
            models.WorkPlan: plan,
            models.Event: event,
            models.Participation: participation,
            models.HorizontalGroup: group,
            "association": association,
        }
    )
