"""Schemathesis over the whole API schema, as a regional and as a school administrator.

Every operation of /api/schema/ gets a few generated requests, valid and invalid (derandomized,
so a CI run is reproducible); each answer must not be a 5xx and must match the schema. The
requests go through Django's WSGI application in-process, inside the test's transaction: no
server, and the small world of tests/conftest.py is rolled back after each operation. Marked
`fuzz`: scripts/test.sh runs it as a step of its own, not within the two suites.
"""

import pytest
from hypothesis import HealthCheck, settings

from .fuzzing import call_as, load_schema

pytestmark = [pytest.mark.fuzz, pytest.mark.usefixtures("wsgi_in_transaction")]

schema = load_schema()

# Few examples, always the same: the step stays within minutes and a failure replays.
bounded = settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@bounded
def test_api_holds_for_regional_admin(case, regional_admin):
    call_as(regional_admin, case)


@schema.parametrize()
@bounded
def test_api_holds_for_school_admin(case, org_admin_a):
    call_as(org_admin_a, case)
