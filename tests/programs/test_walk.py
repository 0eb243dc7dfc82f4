"""The project-wide URL walk, limited to the programs area, so that its guarantees are checked
here whatever the state of other areas."""

from django.urls import get_resolver

from profrost.core.models import ImportBatch
from profrost.registry.models import Organization, Person, Region
from tests.core.test_url_walk import EXTENSIONS, fill, walk

OWN_API = ("api:program-", "api:cohort-", "api:enrollment-", "api:training-request-")


def own_patterns():
    for name, route, entry in walk(get_resolver().url_patterns):
        if name and (name.startswith("programs:") or name.startswith(OWN_API)):
            yield name, route, entry


def test_walk_objects_of_another_organization_are_out_of_reach(world, org_admin_a, client):
    client.force_login(org_admin_a)
    walked = []
    for name, route, entry in own_patterns():
        if not entry.pattern.converters:
            continue
        path = fill(route, entry, world)
        assert path is not None, name
        got, posted = client.get(path).status_code, client.post(path).status_code
        assert got in (403, 404) or (got == 405 and posted in (403, 404)), f"GET {path} ({name})"
        assert posted in (403, 404, 405), f"POST {path} ({name})"
        walked.append(name)
    assert len(walked) == 34


def test_walk_lists_never_show_another_organization(world, org_admin_a, client):
    client.force_login(org_admin_a)
    for _name, route, entry in own_patterns():
        if entry.pattern.converters:
            continue
        response = client.get("/" + route)
        if response.status_code != 200:
            continue
        content = response.content.decode()
        for foreign in ("Бетова", "Школа Б", "Район Б", "Чужая область"):
            assert foreign not in content, f"{route} shows {foreign}"


def test_walk_every_page_opens_for_the_regional_admin(two_orgs, regional_admin, client):
    client.force_login(regional_admin)
    objects = {
        "person": two_orgs["person_a"],
        "organization": two_orgs["org_a"],
        Organization: two_orgs["org_a"],
        Person: two_orgs["person_a"],
        Region: two_orgs["org_a"].municipality.region,
    }
    for extend in EXTENSIONS:
        if extend.__module__ == "tests.programs.walk":
            extend(objects, regional_admin)
    objects[ImportBatch] = ImportBatch.objects.create(
        kind="programs", user=regional_admin, filename="programs.xlsx", content=b""
    )
    failures, opened = [], 0
    for name, route, entry in own_patterns():
        if "delete" in name or "confirm" in name:
            continue
        path = fill(route, entry, objects) if entry.pattern.converters else "/" + route
        if path is None:
            continue
        response = client.get(path)
        opened += 1
        if response.status_code != 200 and response.status_code not in (302, 405):
            failures.append(f"{path}: {response.status_code}")
    assert failures == []
    assert opened >= 30
