"""An empty choice reads «— не выбрано —» on every page, never Django's «---------» (issue 19)."""

from django.urls import get_resolver

from tests.core.test_url_walk import NO_LIST_CHECK, walk

DASHES = "---------"


def test_no_page_without_parameters_shows_dashes_for_an_empty_choice(client, regional_admin):
    client.force_login(regional_admin)
    opened, with_empty = 0, []
    for name, route, entry in walk(get_resolver().url_patterns):
        if entry.pattern.converters or name in NO_LIST_CHECK:
            continue
        path = "/" + route.lstrip("^").rstrip("$")
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        opened += 1
        content = response.content.decode(errors="ignore")
        assert DASHES not in content, path
        if "— не выбрано —" in content:
            with_empty.append(path)
    assert opened > 50
    # The forms that have an optional choice say so in words.
    assert "/registry/people/new/" in with_empty, with_empty
