from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from profrost.core.models import AuditEntry
from profrost.datarequests import services
from profrost.datarequests.models import (
    DataRequest,
    RecipientStatus,
    RequestAnswer,
    RequestStatus,
)
from tests.datarequests.factories import in_days
from tests.datarequests.world import (
    build_request,
    fields_of,
    make_request_a,
    make_request_b,
    make_world,
    recipient_of,
)

REQUESTS = "/api/data-requests/"
RECIPIENTS = "/api/data-request-recipients/"


@pytest.fixture
def world(two_orgs, region, org_admin_a, regional_admin):
    return make_world(two_orgs, region, org_admin_a, regional_admin)


@pytest.fixture
def request_a(world):
    return make_request_a(world)


@pytest.fixture
def request_b(world):
    return make_request_b(world)


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def complete(data_request):
    fields = fields_of(data_request)
    return {
        str(fields["Педагогов, нуждающихся в курсах"].pk): 12,
        str(fields["Часов обучения на педагога"].pk): "36,5",
        str(fields["Есть программа наставничества"].pk): True,
        str(fields["Дата утверждения плана"].pk): "2026-09-01",
    }


# Requests: the sender side


def test_requests_methodist_lists_own_municipality(world, request_a, request_b):
    assert ids(client_for(world["methodist_a"]).get(REQUESTS)) == [request_a.pk]


def test_requests_regional_admin_lists_both(world, request_a, request_b):
    assert ids(client_for(world["regional_admin"]).get(REQUESTS)) == sorted(
        [request_a.pk, request_b.pk]
    )


def test_requests_organization_admin_lists_none(world, request_a):
    assert ids(client_for(world["admin_a"]).get(REQUESTS)) == []


def test_requests_outsider_detail_not_found(world, request_a):
    client = client_for(world["methodist_b"])

    assert client.get(f"{REQUESTS}{request_a.pk}/").status_code == 404
    assert client.post(f"{REQUESTS}{request_a.pk}/close/").status_code == 404
    assert client.get(f"{REQUESTS}{request_a.pk}/summary/").status_code == 404


def test_requests_detail_has_fields_and_counts(world, request_a):
    data = client_for(world["methodist_a"]).get(f"{REQUESTS}{request_a.pk}/").json()

    assert (data["status"], data["recipient_count"], data["submitted_count"]) == ("sent", 2, 0)
    assert [field["kind"] for field in data["fields"]] == [
        "integer",
        "number",
        "boolean",
        "date",
        "choice",
        "text",
    ]
    assert data["fields"][4]["choice_list"] == ["Очно", "Дистанционно", "Смешанно"]


def test_requests_list_queries_do_not_grow_with_rows(world):
    client = client_for(world["methodist_a"])
    build_request(world["methodist_a"], [world["org_a"]], municipality=world["mun_a"])
    client.get(REQUESTS)
    with CaptureQueriesContext(connection) as one:
        client.get(REQUESTS)
    for _ in range(3):
        build_request(world["methodist_a"], [world["org_a"]], municipality=world["mun_a"])
    with CaptureQueriesContext(connection) as four:
        response = client.get(REQUESTS)

    assert response.json()["count"] == 4
    assert len(four) == len(one)


def test_requests_create_draft_with_fields_and_recipients_then_send(world):
    client = client_for(world["methodist_a"])

    created = client.post(
        REQUESTS,
        {
            "title": "Сведения о наставничестве",
            "level": "municipality",
            "municipality": world["mun_a"].pk,
            "deadline": in_days(10).isoformat(),
            "fields": [
                {"label": "Пар наставников", "kind": "integer", "min_value": "0"},
                {"label": "Форма", "kind": "choice", "choices": ["Очно", "Смешанно"]},
            ],
            "organizations": [world["org_a"].pk, world["org_a2"].pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    sent = client.post(f"{REQUESTS}{pk}/send/")

    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "sent"
    data_request = DataRequest.objects.get(pk=pk)
    assert list(data_request.fields.values_list("label", "kind", "min_value")) == [
        ("Пар наставников", "integer", Decimal(0)),
        ("Форма", "choice", None),
    ]
    assert data_request.recipients.count() == 2
    assert AuditEntry.objects.filter(action="datarequests.request.sent").count() == 1


def test_requests_create_with_organization_outside_scope_refused(world):
    response = client_for(world["methodist_a"]).post(
        REQUESTS,
        {
            "title": "Чужие",
            "level": "municipality",
            "municipality": world["mun_a"].pk,
            "deadline": in_days(10).isoformat(),
            "organizations": [world["org_b"].pk],
        },
        format="json",
    )

    assert response.status_code == 400
    assert "organizations" in response.json()
    assert DataRequest.objects.count() == 0


def test_requests_create_bad_field_writes_nothing(world):
    response = client_for(world["methodist_a"]).post(
        REQUESTS,
        {
            "title": "С ошибкой",
            "level": "municipality",
            "municipality": world["mun_a"].pk,
            "deadline": in_days(10).isoformat(),
            "fields": [{"label": "Форма", "kind": "choice", "choices": ["Очно"]}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "choices": ["Укажите не меньше двух вариантов, каждый с новой строки."]
    }
    assert DataRequest.objects.count() == 0


def test_requests_create_forbidden_for_organization_admin(world):
    response = client_for(world["admin_a"]).post(
        REQUESTS,
        {
            "title": "Нельзя",
            "level": "municipality",
            "municipality": world["mun_a"].pk,
            "deadline": in_days(10).isoformat(),
        },
        format="json",
    )

    assert response.status_code == 403
    assert DataRequest.objects.count() == 0


def test_requests_send_empty_draft_refused(world):
    draft = build_request(
        world["methodist_a"], [], municipality=world["mun_a"], send=False, fields=[]
    )

    response = client_for(world["methodist_a"]).post(f"{REQUESTS}{draft.pk}/send/")

    assert response.status_code == 400
    assert response.json() == {
        "detail": [
            "Добавьте хотя бы одно поле.",
            "Выберите хотя бы одну организацию-получателя.",
        ]
    }


def test_requests_close_by_non_owner_forbidden(world):
    regional = build_request(world["regional_admin"], [world["org_a"]], region=world["region"])

    response = client_for(world["methodist_a"]).post(f"{REQUESTS}{regional.pk}/close/")

    assert response.status_code == 403
    regional.refresh_from_db()
    assert regional.status == RequestStatus.SENT


def test_requests_summary_totals(world, request_a):
    services.submit_answers(
        recipient_of(request_a, world["org_a"]), complete(request_a), by=world["admin_a"]
    )
    other = complete(request_a)
    other[str(fields_of(request_a)["Педагогов, нуждающихся в курсах"].pk)] = 5
    services.submit_answers(recipient_of(request_a, world["org_a2"]), other, by=world["admin_a2"])

    data = client_for(world["methodist_a"]).get(f"{REQUESTS}{request_a.pk}/summary/").json()

    need = data["columns"][0]
    assert (need["total"], need["mean"], need["answered"]) == ("17.0000", "8.50", 2)
    assert data["columns"][2]["yes"] == 2
    assert data["rows"][0]["values"][:4] == [12, "36.5000", True, "2026-09-01"]


# Recipients: both sides


def test_recipients_organization_admin_sees_own_only(world, request_a, request_b):
    own = recipient_of(request_a, world["org_a"])

    assert ids(client_for(world["admin_a"]).get(RECIPIENTS)) == [own.pk]


def test_recipients_sender_sees_all_of_its_requests(world, request_a, request_b):
    assert ids(client_for(world["methodist_a"]).get(RECIPIENTS)) == sorted(
        request_a.recipients.values_list("pk", flat=True)
    )


def test_recipients_draft_request_hidden_from_organization(world):
    build_request(world["methodist_a"], [world["org_a"]], municipality=world["mun_a"], send=False)

    assert ids(client_for(world["admin_a"]).get(RECIPIENTS)) == []


def test_recipients_answer_submit(world, request_a):
    recipient = recipient_of(request_a, world["org_a"])

    response = client_for(world["admin_a"]).post(
        f"{RECIPIENTS}{recipient.pk}/answer/",
        {"values": complete(request_a), "submit": True},
        format="json",
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "submitted"
    assert {answer["value"] for answer in data["answers"]} == {
        12,
        "36.5000",
        True,
        "2026-09-01",
    }


def test_recipients_answer_invalid_writes_nothing(world, request_a):
    recipient = recipient_of(request_a, world["org_a"])
    values = complete(request_a)
    bad = str(fields_of(request_a)["Педагогов, нуждающихся в курсах"].pk)
    values[bad] = 2.5

    response = client_for(world["admin_a"]).post(
        f"{RECIPIENTS}{recipient.pk}/answer/",
        {"values": values, "submit": True},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"values": {bad: ["Введите целое число, без дробной части."]}}
    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.NOT_STARTED
    assert RequestAnswer.objects.count() == 0


def test_recipients_answer_other_organization_not_found(world, request_a):
    recipient = recipient_of(request_a, world["org_a"])

    response = client_for(world["admin_b"]).post(
        f"{RECIPIENTS}{recipient.pk}/answer/", {"values": {}}, format="json"
    )

    assert response.status_code == 404


def test_recipients_answer_by_sender_forbidden(world, request_a):
    recipient = recipient_of(request_a, world["org_a"])

    response = client_for(world["methodist_a"]).post(
        f"{RECIPIENTS}{recipient.pk}/answer/", {"values": complete(request_a)}, format="json"
    )

    assert response.status_code == 403
    assert RequestAnswer.objects.count() == 0


def test_recipients_answer_after_deadline_refused(world, request_a):
    recipient = recipient_of(request_a, world["org_a"])
    DataRequest.objects.filter(pk=request_a.pk).update(deadline=in_days(-1))

    response = client_for(world["admin_a"]).post(
        f"{RECIPIENTS}{recipient.pk}/answer/", {"values": complete(request_a)}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"][0].startswith("Срок ответа истёк")


def test_recipients_return_for_correction(world, request_a):
    recipient = recipient_of(request_a, world["org_a"])
    services.submit_answers(recipient, complete(request_a), by=world["admin_a"])

    refused = client_for(world["admin_a"]).post(
        f"{RECIPIENTS}{recipient.pk}/return/", {"comment": "Сам"}, format="json"
    )
    response = client_for(world["methodist_a"]).post(
        f"{RECIPIENTS}{recipient.pk}/return/", {"comment": "Уточните часы."}, format="json"
    )

    assert refused.status_code == 403
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["return_comment"]) == (
        "returned",
        "Уточните часы.",
    )


def test_recipients_list_queries_do_not_grow_with_rows(world):
    client = client_for(world["admin_a"])
    build_request(world["methodist_a"], [world["org_a"]], municipality=world["mun_a"])
    client.get(RECIPIENTS)
    with CaptureQueriesContext(connection) as one:
        client.get(RECIPIENTS)
    for _ in range(3):
        build_request(world["methodist_a"], [world["org_a"]], municipality=world["mun_a"])
    with CaptureQueriesContext(connection) as four:
        response = client.get(RECIPIENTS)

    assert response.json()["count"] == 4
    assert len(four) == len(one)
