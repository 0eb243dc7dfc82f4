"""The project-wide URL walk, for this app's pages and endpoints only, so that it can be run on
its own: a user of organization A never reaches organization B's rows, a regional administrator
opens every page, an anonymous visitor opens only the public bank."""

import pytest
from django.urls import get_resolver

from profrost.core.roles import Role
from profrost.registry.models import Employment, Municipality, Organization, Person, Region
from tests import factories
from tests.core.test_url_walk import fill, walk
from tests.practices.walk import extend

API_PREFIXES = (
    "api:practice",
    "api:public-practice",
    "api:innovation-",
    "api:methodical-document",
)


def ours(name):
    return bool(name) and (name.startswith("practices:") or name.startswith(API_PREFIXES))


def patterns():
    return [entry for entry in walk(get_resolver().url_patterns) if ours(entry[0])]


def objects_of(two_orgs, suffix, user):
    organization, person = two_orgs[f"org_{suffix}"], two_orgs[f"person_{suffix}"]
    objects = {
        Organization: organization,
        Municipality: two_orgs[f"mun_{suffix}"],
        Person: person,
        Employment: person.employments.get(),
        Region: organization.municipality.region,
        "organization": organization,
        "person": person,
    }
    extend(objects, user)
    return objects


def test_walk_covers_the_app(two_orgs):
    names = {name for name, _route, _entry in patterns()}

    assert {"practices:practice_detail", "practices:public_bank", "api:practice-detail"} <= names
    assert len(names) >= 40


def test_walk_objects_of_another_organization_are_out_of_reach(client, two_orgs, org_admin_a):
    user_b = factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"])
    objects = objects_of(two_orgs, "b", user_b)
    client.force_login(org_admin_a)
    walked = []
    for name, route, entry in patterns():
        if not entry.pattern.converters:
            continue
        path = fill(route, entry, objects)
        assert path is not None, f"the walk does not understand {name}"
        got, posted = client.get(path).status_code, client.post(path).status_code
        assert got in (403, 404) or (got == 405 and posted in (403, 404)), f"GET {path}"
        assert posted in (403, 404, 405), f"POST {path}"
        walked.append(name)
    assert len(walked) >= 30


def test_walk_lists_never_show_another_organization(client, two_orgs, org_admin_a):
    user_b = factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"])
    objects_of(two_orgs, "b", user_b)
    client.force_login(org_admin_a)
    for _name, route, entry in patterns():
        if entry.pattern.converters:
            continue
        content = client.get("/" + route).content.decode()
        for foreign in ("Бетова", "Школа Б", "Район Б", "для обхода"):
            assert foreign not in content, f"{route} shows {foreign}"


# Pages a regional administrator does not get with 200, and why: the walk's rows have no files,
# its practice is only submitted (not in the public bank), and a score sheet is its expert's.
NOT_OPENED = {
    "practices:practice_file": 404,
    "practices:project_file": 404,
    "practices:report_file": 404,
    "practices:document_file": 404,
    "practices:public_detail": 404,
    "practices:public_file": 404,
    "practices:review_form": 403,
}


def test_walk_every_page_opens_for_the_regional_admin(client, two_orgs, regional_admin):
    objects = objects_of(two_orgs, "a", regional_admin)
    client.force_login(regional_admin)
    failures = []
    for name, route, entry in patterns():
        path = fill(route, entry, objects) if entry.pattern.converters else "/" + route
        status = client.get(path).status_code
        if name.startswith("api:"):
            expected_ok = status < 500
        else:
            expected_ok = status == NOT_OPENED.get(name, 200)
        if not expected_ok:
            failures.append(f"{path} ({name}): {status}")
    assert failures == []


@pytest.mark.parametrize("public", [True, False])
def test_walk_anonymous_visitors_open_only_the_public_bank(client, two_orgs, public):
    objects = objects_of(two_orgs, "a", None)
    for name, route, entry in patterns():
        if name.startswith("api:"):
            continue
        is_public = ":public_" in name
        if is_public != public:
            continue
        path = fill(route, entry, objects) if entry.pattern.converters else "/" + route
        response = client.get(path)
        if public:
            assert response.status_code in (200, 404), path
        else:
            assert response.status_code == 302, path
            assert response["Location"].startswith("/accounts/login/"), path
