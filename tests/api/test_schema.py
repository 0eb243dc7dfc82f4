import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient

from .fuzzing import call_as, load_schema

SWAGGER_BUNDLE = "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"


def test_schema_endpoint_returns_registry_paths(db):
    response = APIClient().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/regions/",
        "/api/municipalities/",
        "/api/organizations/{id}/",
        "/api/people/",
        "/api/employments/",
        "/api/attestations/",
        "/api/positions/",
        "/api/subjects/",
        "/api/token/",
        "/api/me/",
    ):
        assert path in paths


@pytest.mark.django_db
def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    assert target.read_text(encoding="utf-8").startswith("openapi: 3")


def test_swagger_page_loads_offline(db):
    response = APIClient().get("/api/docs/")

    assert response.status_code == 200
    assert SWAGGER_BUNDLE in response.content.decode()
    assert finders.find(SWAGGER_BUNDLE) is not None


@pytest.mark.parametrize("url", ["/api/", "/api/people/", "/api/organizations/", "/api/me/"])
def test_browsable_api_renders(org_admin_a, url):
    client = APIClient()
    client.force_login(org_admin_a)

    response = client.get(url, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# Answers schemathesis (tests/api/test_fuzz.py) found not matching the schema.


def operation(method, path):
    return load_schema()[path][method]


@pytest.mark.usefixtures("wsgi_in_transaction")
def test_me_with_a_blank_email_answers_as_the_schema_says(regional_admin):
    regional_admin.email = ""
    regional_admin.save()

    response = call_as(regional_admin, operation("GET", "/api/me/").Case())

    assert response.json()["email"] == ""


@pytest.mark.usefixtures("wsgi_in_transaction")
def test_retirement_forecast_answers_one_object_as_the_schema_says(org_admin_a):
    response = call_as(org_admin_a, operation("GET", "/api/retirement-forecast/").Case())

    assert response.json()["age"] == 65
