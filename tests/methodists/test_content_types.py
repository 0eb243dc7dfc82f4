"""The methodists' content types leave «routes» with the models (migration 0002)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

migration = importlib.import_module("profrost.methodists.migrations.0002_move_content_types")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    # The tests delete and rename content types; the manager's cache must not keep them.
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


def test_a_stale_routes_content_type_is_removed_with_its_permissions():
    stale = ContentType.objects.create(app_label="routes", model="methodist")
    Permission.objects.create(content_type=stale, codename="view_old_methodist", name="old")
    migration.move_content_types(apps, None)
    assert not ContentType.objects.filter(app_label="routes", model="methodist").exists()
    assert not Permission.objects.filter(codename="view_old_methodist").exists()
    assert ContentType.objects.filter(app_label="methodists", model="methodist").exists()


def test_a_routes_content_type_moves_when_the_new_one_is_missing():
    ContentType.objects.filter(app_label="methodists", model="methodistassignment").delete()
    old = ContentType.objects.create(app_label="routes", model="methodistassignment")
    migration.move_content_types(apps, None)
    old.refresh_from_db()
    assert old.app_label == "methodists"
