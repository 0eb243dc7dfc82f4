"""The public bank (/practices/public/): anonymous visitors see the practices included in the
bank, with search and filters, and nothing else of the system."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profrost.practices.models import PracticeStatus
from profrost.registry.models import ConsentState
from tests.factories import PersonFactory
from tests.practices.factories import DisseminationFactory, PracticeFactory, days_ago


@pytest.fixture
def published(two_orgs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    in_bank = PracticeFactory(
        title="Читательский марафон",
        organization=two_orgs["org_a"],
        status=PracticeStatus.IN_BANK,
        included_on=days_ago(20),
        file=SimpleUploadedFile("marathon.pdf", b"%PDF marathon"),
    )
    disseminated = DisseminationFactory(
        practice__title="Шахматы в начальной школе", practice__organization=two_orgs["org_b"]
    ).practice
    hidden = {
        status: PracticeFactory(title=f"Скрытая практика {status}", status=status)
        for status in (PracticeStatus.SUBMITTED, PracticeStatus.EXPERTISE, PracticeStatus.REJECTED)
    }
    return {"in_bank": in_bank, "disseminated": disseminated, "hidden": hidden}


def test_public_bank_shows_anonymous_visitors_only_published_practices(client, published):
    response = client.get("/practices/public/")

    content = response.content.decode()
    assert response.status_code == 200
    # Newest in the bank first: included 20 and 30 days ago.
    assert [practice.title for practice in response.context["object_list"]] == [
        "Читательский марафон",
        "Шахматы в начальной школе",
    ]
    assert "Скрытая практика" not in content


def test_public_bank_searches_and_filters(client, published):
    found = client.get("/practices/public/", {"q": "шахматы"}).context["object_list"]
    by_status = client.get("/practices/public/", {"status": "in_bank"}).context["object_list"]
    by_place = client.get(
        "/practices/public/", {"municipality": published["in_bank"].municipality_id}
    ).context["object_list"]

    assert [practice.title for practice in found] == ["Шахматы в начальной школе"]
    assert [practice.title for practice in by_status] == ["Читательский марафон"]
    assert [practice.title for practice in by_place] == ["Читательский марафон"]


def test_public_practice_page_and_file_open_without_login(client, published):
    practice = published["in_bank"]

    page = client.get(f"/practices/public/{practice.pk}/")
    download = client.get(f"/practices/public/{practice.pk}/file/")

    assert page.status_code == 200
    assert (download.status_code, b"".join(download.streaming_content)) == (200, b"%PDF marathon")


@pytest.mark.parametrize("status", ["submitted", "expertise", "rejected"])
def test_public_page_of_an_unpublished_practice_is_not_found(client, published, status):
    practice = published["hidden"][status]

    assert client.get(f"/practices/public/{practice.pk}/").status_code == 404
    assert client.get(f"/practices/public/{practice.pk}/file/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/practices/",
        "/practices/my-reviews/",
        "/practices/projects/",
        "/practices/documents/",
        "/practices/new/",
        "/registry/people/",
    ],
)
def test_anonymous_visitors_reach_no_other_page(client, published, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_internal_page_of_a_published_practice_needs_a_login(client, published):
    practice = published["in_bank"]

    response = client.get(f"/practices/{practice.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_public_bank_query_count_does_not_grow_with_rows(client, two_orgs):
    def publish(count):
        for _number in range(count):
            practice = DisseminationFactory(practice__organization=two_orgs["org_a"]).practice
            practice.subjects.add(*practice.subjects.model.objects.all()[:2])

    publish(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/practices/public/").status_code == 200
    publish(4)
    with CaptureQueriesContext(connection) as many:
        client.get("/practices/public/")

    assert len(many) == len(few)


def test_a_person_who_withdrew_consent_is_not_named_in_the_public_bank(client, published):
    practice = published["in_bank"]
    coauthored = published["disseminated"]
    withdrawn = practice.main_author
    withdrawn.consent_state = ConsentState.WITHDRAWN
    withdrawn.save(update_fields=["consent_state"])
    coauthored.coauthors.add(withdrawn, PersonFactory(last_name="Соавторова"))

    listed = client.get("/practices/public/").context["object_list"]
    page = client.get(f"/practices/public/{coauthored.pk}/").content.decode()
    api = client.get("/api/public-practices/").json()

    assert [row.title for row in listed] == ["Шахматы в начальной школе"]
    assert client.get(f"/practices/public/{practice.pk}/").status_code == 404
    assert "Соавторова" in page
    assert withdrawn.last_name not in page
    assert [row["title"] for row in api["results"]] == ["Шахматы в начальной школе"]
    assert len(api["results"][0]["coauthor_names"]) == 1
    assert "Соавторова" in api["results"][0]["coauthor_names"][0]
