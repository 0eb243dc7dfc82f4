"""Every filter of every list endpoint refuses a value out of its range with a 400, never a 500.

The endpoints and their query parameters come from the API schema, so a new endpoint or filter
is walked without being listed here.
"""

import django_filters
import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from profrost import urls  # noqa: F401  (imports every view, so every filter set)
from profrost.core.filters import FilterSet

# Pagination has its own answers (a page past the last is a 404, a big page size is cut down).
NOT_FILTERS = {"page", "page_size", "search", "ordering"}
TOO_BIG = "99999999999999999999"
BAD_VALUES = {"integer": TOO_BIG, "number": TOO_BIG, "date": "31.13.99999", "enum": "нет-такого"}


def list_filters():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] != "query" or parameter["name"] in NOT_FILTERS:
                continue
            kind = value_kind(parameter["schema"])
            if kind:
                yield pytest.param(path, parameter["name"], kind, id=f"{path}?{parameter['name']}")


def value_kind(schema):
    if schema.get("type") == "array":
        schema = schema["items"]
    if "enum" in schema:
        return "enum"
    if schema.get("format") == "date":
        return "date"
    return schema.get("type") if schema.get("type") in ("integer", "number") else None


@pytest.fixture
def client(regional_admin):
    client = APIClient()
    client.force_authenticate(regional_admin)
    return client


@pytest.mark.parametrize(("path", "name", "kind"), list(list_filters()))
def test_filter_out_of_range_is_refused(client, path, name, kind):
    response = client.get(path, {name: BAD_VALUES[kind]})

    assert response.status_code == 400, response.content.decode()[:300]
    assert name in response.json()


def test_attestation_person_too_big_is_refused_in_russian(client):
    response = client.get("/api/attestations/", {"person": TOO_BIG})

    assert response.status_code == 400
    assert response.json() == {"person": ["Число вне допустимых пределов: не больше 19 цифр."]}


def test_filter_in_range_still_filters(client):
    response = client.get("/api/methodist-assignments/", {"methodist": 2**63 - 1})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_every_filter_set_has_the_bounded_base():
    unbounded = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in subclasses(django_filters.FilterSet)
        if cls.__module__.startswith("profrost.") and not issubclass(cls, FilterSet)
    ]

    assert unbounded == []


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def test_the_page_with_the_same_filter_set_shows_the_error(regional_admin):
    page = Client()
    page.force_login(regional_admin)

    response = page.get("/programs/", {"hours_from": TOO_BIG})

    assert response.status_code == 200
    assert "Число вне допустимых пределов" in response.content.decode()
