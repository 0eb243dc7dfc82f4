"""Schemathesis against the API in-process, for tests/api/test_fuzz.py and the schema tests."""

import functools

import schemathesis
from drf_spectacular.generators import SchemaGenerator
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from profrost.core.tokens import issue_token
from profrost.wsgi import application

from .fuzz_report import STATS

CHECKS = [not_a_server_error, response_schema_conformance]

# The coverage phase sends every boundary value the schema allows: about a hundred requests an
# operation, too many for CI. tests/api/test_filter_bounds.py walks the out-of-range filters.
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})


@functools.cache
def load_schema():
    # drf-spectacular's generator, as /api/schema/ answers; no request (and no database) is
    # needed, so the tests can be collected from it.
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(document, config=CONFIG)
    schema.app = application
    return schema


def call_as(user, case):
    """Send the case as the user and check the answer: no 5xx, and as the schema says."""
    # A fresh token per request: DELETE /api/token/ revokes the one a previous case used.
    headers = {"Authorization": f"Token {issue_token(user).key}"}
    response = case.call(headers=headers)
    STATS["requests"] += 1
    STATS["server_errors"] += response.status_code >= 500
    case.validate_response(response, checks=CHECKS, headers=headers)
    return response
