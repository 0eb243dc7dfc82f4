"""Headers every answer carries: `Cache-Control: no-store` to a logged-in user, the CSP."""

import re

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from profrost.core.tokens import issue_token

TEMPLATES = settings.BASE_DIR / "profrost" / "templates"
PAGES = [
    "/",
    "/registry/people/",
    "/registry/people/?export=xlsx",
    "/api/people/",
    "/no-such-page/",
]


@pytest.fixture
def client_a(org_admin_a):
    client = Client()
    client.force_login(org_admin_a)
    return client


@pytest.mark.parametrize("url", PAGES)
def test_it_forbids_storing_what_a_logged_in_user_gets(client_a, url):
    response = client_a.get(url)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_it_forbids_storing_the_api_answer_to_a_token(org_admin_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(org_admin_a).key}")

    response = client.get("/api/people/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_it_leaves_anonymous_answers_as_their_views_set_them(db):
    redirect = Client().get("/registry/people/")
    refused = APIClient().get("/api/people/")

    assert redirect.status_code == 302
    assert "Cache-Control" not in redirect
    assert refused.status_code in (401, 403)
    assert "Cache-Control" not in refused


def test_the_login_page_is_not_cached_by_its_own_view(db):
    response = Client().get("/accounts/login/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_every_answer_carries_the_content_security_policy(client_a):
    policy = client_a.get("/registry/people/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))

    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),  # a script with its code in the page
    re.compile(r"\son[a-z]+\s*=", re.I),  # onclick=, onchange=…
    re.compile(r"\bhx-on|javascript:|<style", re.I),
]


def test_templates_have_no_inline_script_or_style():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for pattern in INLINE
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]

    assert found == []
