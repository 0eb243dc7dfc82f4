import socket

import pytest
from aiosmtpd.controller import Controller
from hypothesis import HealthCheck, settings

from profrost.core.roles import Role
from tests import factories

# The suite runs on two busy cores beside PostgreSQL: generation speed is not what the
# property tests are about.
settings.register_profile("profrost", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("profrost")


@pytest.fixture
def region(db):
    return factories.RegionFactory(name="Тестовая область")


@pytest.fixture
def two_orgs(region):
    """Two organizations in two municipalities of one region, each with a teacher."""
    mun_a = factories.MunicipalityFactory(region=region, name="Город А")
    mun_b = factories.MunicipalityFactory(region=region, name="Район Б")
    org_a = factories.OrganizationFactory(municipality=mun_a, short_name="Школа А")
    org_b = factories.OrganizationFactory(municipality=mun_b, short_name="Школа Б")
    person_a = factories.EmploymentFactory(organization=org_a, person__last_name="Альфина").person
    person_b = factories.EmploymentFactory(organization=org_b, person__last_name="Бетова").person
    factories.AttestationFactory(person=person_a)
    factories.AttestationFactory(person=person_b)
    return {
        "mun_a": mun_a,
        "mun_b": mun_b,
        "org_a": org_a,
        "org_b": org_b,
        "person_a": person_a,
        "person_b": person_b,
    }


@pytest.fixture
def org_admin_a(two_orgs):
    return factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_a"])


@pytest.fixture
def regional_admin(region):
    return factories.user_with_role(Role.REGIONAL_ADMIN, region)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def login_lockout_off(settings):
    # Django's test client logs in through authenticate() without a request, which axes
    # refuses. tests/core/test_lockout.py switches the lockout back on.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def second_factor_not_required(settings):
    # Tests log in with force_login as superusers and administrators of every kind; the
    # requirement of a second factor is tested on its own in tests/accounts/test_second_factor.py.
    settings.MFA_REQUIRED_FOR = []


class Inbox:
    """What the SMTP server received: (recipients, raw message) pairs."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost (aiosmtpd, in a thread of its own); mail leaves through
    it, from the test and from the live server alike."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()
