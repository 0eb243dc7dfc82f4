"""The data-requests test world, shared by tests/datarequests and tests/api."""

from profrost.core.roles import Role
from profrost.datarequests import services
from profrost.datarequests.models import FieldKind, RequestLevel
from profrost.registry.models import OrganizationKind
from tests import factories
from tests.datarequests.factories import in_days

# The fields of the usual test request: (label, kind, extra).
FIELDS = [
    ("Педагогов, нуждающихся в курсах", FieldKind.INTEGER, {"min_value": 0}),
    ("Часов обучения на педагога", FieldKind.NUMBER, {"required": False}),
    ("Есть программа наставничества", FieldKind.BOOLEAN, {}),
    ("Дата утверждения плана", FieldKind.DATE, {"required": False}),
    (
        "Форма обучения",
        FieldKind.CHOICE,
        {"choices": "Очно\nДистанционно\nСмешанно", "required": False},
    ),
    ("Комментарий", FieldKind.TEXT, {"required": False}),
]


def make_world(two_orgs, region, org_admin_a, regional_admin):
    """Two municipalities: «Город А» with two schools and a kindergarten, «Район Б» with one
    school; a municipal methodist of each, an administrator of each school, a teacher."""
    mun_a, mun_b = two_orgs["mun_a"], two_orgs["mun_b"]
    org_a2 = factories.OrganizationFactory(municipality=mun_a, short_name="Школа А2")
    kindergarten_a = factories.OrganizationFactory(
        municipality=mun_a, short_name="Детский сад А", kind=OrganizationKind.KINDERGARTEN
    )
    return {
        **two_orgs,
        "region": region,
        "org_a2": org_a2,
        "kindergarten_a": kindergarten_a,
        "methodist_a": factories.user_with_role(Role.MUNICIPAL_METHODIST, mun_a),
        "methodist_b": factories.user_with_role(Role.MUNICIPAL_METHODIST, mun_b),
        "admin_a": org_admin_a,
        "admin_a2": factories.user_with_role(Role.ORGANIZATION_ADMIN, org_a2),
        "admin_b": factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"]),
        "regional_admin": regional_admin,
        "teacher_a": factories.teacher_user(two_orgs["person_a"]),
    }


def build_request(
    by,
    organizations,
    *,
    municipality=None,
    region=None,
    send=True,
    fields=FIELDS,
    title="Потребность в курсах повышения квалификации на 2027 год",
):
    """A request made through the services, as a methodist makes it on the pages."""
    level = RequestLevel.MUNICIPALITY if municipality else RequestLevel.REGION
    data_request = services.create_request(
        by=by,
        title=title,
        level=level,
        region=region,
        municipality=municipality,
        deadline=in_days(14),
        instructions="Укажите сведения на 1 сентября.",
    )
    for label, kind, extra in fields:
        services.add_field(data_request, by=by, label=label, kind=kind, **extra)
    if organizations:
        services.add_recipients(data_request, organizations, by=by)
    if send:
        services.send_request(data_request, by=by)
    data_request.refresh_from_db()
    return data_request


def recipient_of(data_request, organization):
    return data_request.recipients.get(organization=organization)


def fields_of(data_request):
    return {field.label: field for field in data_request.fields.all()}


def make_request_a(world):
    """A sent request of «Город А» to its two schools."""
    return build_request(
        world["methodist_a"], [world["org_a"], world["org_a2"]], municipality=world["mun_a"]
    )


def make_request_b(world):
    """A sent request of «Район Б» to «Школа Б»."""
    return build_request(
        world["methodist_b"],
        [world["org_b"]],
        municipality=world["mun_b"],
        title="Сведения о наставничестве Района Б",
    )
