"""Walks every URL pattern of the project: a user of organization A never reaches B's objects."""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from profrost.competences.models import Competence, CompetenceGroup
from profrost.core.roles import Role
from profrost.registry.models import (
    Attestation,
    Employment,
    Municipality,
    Organization,
    Person,
    Region,
)
from tests import factories

# Keyword arguments that are not object ids, and patterns outside the walk with the reason.
PLAIN_KWARGS = {"kind": "staff", "format": "json", "name": "routes.tutor"}
NOT_WALKED = {
    "admin": "Django admin: superusers only, checked in test_admin_is_for_superusers_only",
}
# Reference data that every role reads across the region: nothing of B's to hide.
GLOBAL_MODELS = {Competence, CompetenceGroup}
# Pages that are not HTML lists of scoped rows.
NO_LIST_CHECK = {"logout", "api:schema", "api:docs", "healthz"}


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue
            full_ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else ns
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern), entry


def model_of(entry):
    callback = entry.callback
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    model = getattr(view_class, "model", None)
    if model is None and getattr(view_class, "queryset", None) is not None:
        model = view_class.queryset.model
    return model or getattr(callback, "model", None)


def fill(route, entry, objects):
    """The path of `route` with B's objects; None when a parameter is not understood."""
    path = route.lstrip("^").rstrip("$")
    for key in entry.pattern.converters:
        placeholder = next(
            part for part in path.split("<")[1:] if part.split(">")[0].split(":")[-1] == key
        )
        token = "<" + placeholder.split(">")[0] + ">"
        if key == "pk":
            model = model_of(entry)
            value = objects.get(model)
        elif key.endswith("_pk"):
            value = objects.get(key[:-3])
        else:
            value = PLAIN_KWARGS.get(key)
        if value is None:
            return None
        path = path.replace(token, str(getattr(value, "pk", value)))
    return "/" + path


@pytest.fixture
def world(two_orgs):
    org_b, person_b = two_orgs["org_b"], two_orgs["person_b"]
    objects = {
        Organization: org_b,
        Municipality: two_orgs["mun_b"],
        Person: person_b,
        Employment: person_b.employments.get(),
        Attestation: person_b.attestations.get(),
        Region: factories.RegionFactory(name="Чужая область"),
        "person": person_b,
        "organization": org_b,
    }
    user_b = factories.user_with_role(Role.ORGANIZATION_ADMIN, org_b)
    for extend in EXTENSIONS:
        extend(objects, user_b)
    return objects


def _import_batch(objects, user_b):
    try:
        from profrost.core.models import ImportBatch
    except ImportError:
        return
    objects[ImportBatch] = ImportBatch.objects.create(
        kind="staff", user=user_b, filename="b.csv", content=b""
    )
    from profrost.core.models import Job

    objects[Job] = Job.objects.create(kind="test", title="Задача Б", user=user_b)


def _app_walks():
    """Each app teaches the walk in tests/<app>/walk.py: `extend(objects, user)` adds, for the
    organization, person and region in `objects`, one object of every kind its URLs take."""
    for module in sorted(pkgutil.iter_modules([str(Path(__file__).parents[1])])):
        if module.ispkg and (Path(__file__).parents[1] / module.name / "walk.py").exists():
            yield importlib.import_module(f"tests.{module.name}.walk").extend


EXTENSIONS = [_import_batch, *_app_walks()]


def test_url_walk_objects_of_another_organization_are_out_of_reach(world, org_admin_a, client):
    client.force_login(org_admin_a)
    not_understood = []
    walked = 0
    for name, route, entry in walk(get_resolver().url_patterns):
        if not entry.pattern.converters:
            continue
        if set(entry.pattern.converters) <= set(PLAIN_KWARGS):
            continue  # no object in the path: nothing to reach
        if model_of(entry) in GLOBAL_MODELS:
            continue
        path = fill(route, entry, world)
        if path is None:
            not_understood.append(f"{name} {route}")
            continue
        walked += 1
        got = client.get(path).status_code
        posted = client.post(path).status_code
        # 405: the URL takes no GET (or no POST) at all, whatever the object; then the other
        # method must be the one that refuses.
        assert got in (403, 404) or (got == 405 and posted in (403, 404)), f"GET {path} ({name})"
        assert posted in (403, 404, 405), f"POST {path} ({name})"
    assert not_understood == [], "teach the walk these URL patterns"
    assert walked >= 10


def test_url_walk_lists_never_show_another_organization(world, org_admin_a, client):
    client.force_login(org_admin_a)
    for name, route, entry in walk(get_resolver().url_patterns):
        if entry.pattern.converters or name in NO_LIST_CHECK:
            continue
        response = client.get("/" + route.lstrip("^").rstrip("$"))
        if response.status_code != 200:
            continue
        content = response.content.decode()
        for foreign in ("Бетова", "Школа Б", "Район Б", "Чужая область"):
            assert foreign not in content, f"{route} shows {foreign}"


def test_url_walk_every_page_opens_for_the_regional_admin(two_orgs, regional_admin, client):
    client.force_login(regional_admin)
    failures = []
    objects = {
        "person": two_orgs["person_a"],
        "organization": two_orgs["org_a"],
    }
    objects.update(
        {
            Organization: two_orgs["org_a"],
            Municipality: two_orgs["mun_a"],
            Person: two_orgs["person_a"],
            Employment: two_orgs["person_a"].employments.get(),
            Attestation: two_orgs["person_a"].attestations.get(),
            Region: two_orgs["org_a"].municipality.region,
        }
    )
    for extend in EXTENSIONS:
        extend(objects, regional_admin)
    opened = 0
    for name, route, entry in walk(get_resolver().url_patterns):
        if name in NO_LIST_CHECK or "delete" in (name or "") or "confirm" in (name or ""):
            continue
        path = fill(route, entry, objects) if entry.pattern.converters else "/" + route
        if path is None or "<" in path:
            continue
        response = client.get(path)
        opened += 1
        if response.status_code >= 500:
            failures.append(f"{path}: {response.status_code}")
    assert failures == []
    assert opened >= 30


def test_admin_is_for_superusers_only(regional_admin, client):
    regional_admin.is_staff = True
    regional_admin.save()
    client.force_login(regional_admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
