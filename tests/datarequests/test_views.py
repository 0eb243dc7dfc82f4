import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profrost.datarequests import services
from profrost.datarequests.models import (
    DataRequest,
    FieldKind,
    RecipientStatus,
    RequestAnswer,
    RequestField,
    RequestStatus,
)
from tests import factories

from .factories import in_days
from .world import build_request, fields_of, recipient_of

LIST = "/requests/"
INBOX = "/requests/inbox/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def page(data_request, action=""):
    return f"/requests/{data_request.pk}/{action + '/' if action else ''}"


def answer_url(recipient, action=""):
    return f"/requests/answers/{recipient.pk}/{action + '/' if action else ''}"


def listed(client, url=LIST, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return list(response.context["object_list"])


@pytest.fixture
def regional_request(world):
    """A sent regional request to «Школа А» and «Школа Б»."""
    return build_request(
        world["regional_admin"],
        [world["org_a"], world["org_b"]],
        region=world["region"],
        title="Региональный запрос о стажировках",
    )


# The request list: owner, in-scope non-owner, outsider


def test_request_list_methodist_sees_own_municipality(client, world, request_a, request_b):
    client.force_login(world["methodist_a"])

    assert listed(client) == [request_a]


def test_request_list_regional_admin_sees_both(client, world, request_a, request_b):
    client.force_login(world["regional_admin"])

    assert set(listed(client)) == {request_a, request_b}


def test_request_list_methodist_sees_regional_request_reaching_own_schools(
    client, world, regional_request
):
    client.force_login(world["methodist_a"])

    rows = listed(client)

    assert rows == [regional_request]
    assert (rows[0].recipient_count, rows[0].submitted_count) == (1, 0)


def test_request_list_regional_draft_hidden_from_municipality(client, world):
    build_request(world["regional_admin"], [world["org_a"]], region=world["region"], send=False)
    client.force_login(world["methodist_a"])

    assert listed(client) == []


@pytest.mark.parametrize("user", ["admin_a", "teacher_a"])
def test_request_list_not_for_organizations_and_teachers(client, world, user):
    client.force_login(world[user])

    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}new/").status_code == 403


def test_request_list_counts_answers(client, world, request_a):
    services.submit_answers(
        recipient_of(request_a, world["org_a"]),
        {
            fields_of(request_a)["Педагогов, нуждающихся в курсах"].pk: "3",
            fields_of(request_a)["Есть программа наставничества"].pk: "no",
        },
        by=world["admin_a"],
    )
    DataRequest.objects.filter(pk=request_a.pk).update(deadline=in_days(-1))
    client.force_login(world["methodist_a"])

    row = listed(client)[0]

    assert (row.field_count, row.recipient_count, row.submitted_count, row.overdue_count) == (
        6,
        2,
        1,
        1,
    )


def test_request_list_filters_status_and_search(client, world, request_a):
    draft = build_request(
        world["methodist_a"], [], municipality=world["mun_a"], send=False, title="Сведения о ШМО"
    )
    client.force_login(world["methodist_a"])

    assert listed(client, status="draft") == [draft]
    assert listed(client, q="курсах") == [request_a]


def test_request_list_queries_do_not_grow_with_rows(client, world):
    client.force_login(world["methodist_a"])
    build_request(world["methodist_a"], [world["org_a"]], municipality=world["mun_a"])
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(3):
        build_request(
            world["methodist_a"], [world["org_a"], world["org_a2"]], municipality=world["mun_a"]
        )
    with CaptureQueriesContext(connection) as four:
        response = client.get(LIST)

    assert len(response.context["object_list"]) == 4
    assert len(four) == len(one)


def test_request_list_xlsx_export(client, world, request_a):
    client.force_login(world["methodist_a"])

    response = client.get(LIST, {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="data_requests.xlsx"'


# Creating and building


def test_request_create_municipal_methodist_makes_draft(client, world):
    client.force_login(world["methodist_a"])

    response = client.post(
        f"{LIST}new/",
        {
            "title": "Сведения о наставничестве",
            "instructions": "",
            "level": "municipality",
            "municipality": world["mun_a"].pk,
            "deadline": in_days(10).strftime("%d.%m.%Y"),
        },
    )

    created = DataRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{created.pk}/"
    assert (created.status, created.municipality, created.region) == (
        RequestStatus.DRAFT,
        world["mun_a"],
        world["region"],
    )


def test_request_create_form_offers_own_municipality_only(client, world):
    client.force_login(world["methodist_a"])

    form = client.get(f"{LIST}new/").context["form"]

    assert list(form.fields["municipality"].queryset) == [world["mun_a"]]
    assert "region" not in form.fields


def test_request_create_other_municipality_refused(client, world):
    client.force_login(world["methodist_a"])

    response = client.post(
        f"{LIST}new/",
        {
            "title": "Чужой",
            "level": "municipality",
            "municipality": world["mun_b"].pk,
            "deadline": in_days(10).strftime("%d.%m.%Y"),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["municipality"]
    assert DataRequest.objects.count() == 0


def test_field_create_htmx_returns_builder_with_field(client, world):
    draft = build_request(
        world["methodist_a"], [], municipality=world["mun_a"], send=False, fields=[]
    )
    client.force_login(world["methodist_a"])

    response = client.post(
        page(draft, "fields/new"),
        {
            "label": "Число наставников",
            "kind": FieldKind.INTEGER,
            "required": "on",
            "min_value": "0",
            "max_value": "",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert 'id="fields"' in response.content.decode()
    assert "Число наставников" in response.content.decode()
    assert list(draft.fields.values_list("label", "min_value")) == [("Число наставников", 0)]


def test_field_create_htmx_invalid_shows_errors(client, world):
    draft = build_request(
        world["methodist_a"], [], municipality=world["mun_a"], send=False, fields=[]
    )
    client.force_login(world["methodist_a"])

    response = client.post(
        page(draft, "fields/new"),
        {"label": "Форма", "kind": FieldKind.CHOICE, "choices": "Очно"},
        **HTMX,
    )

    assert response.status_code == 200
    assert "Укажите не меньше двух вариантов" in response.content.decode()
    assert draft.fields.count() == 0


def test_field_create_sent_request_refused(client, world, request_a):
    client.force_login(world["methodist_a"])

    response = client.post(
        page(request_a, "fields/new"), {"label": "Ещё", "kind": FieldKind.TEXT}, **HTMX
    )

    assert "поля можно менять только в черновике" in response.content.decode()
    assert request_a.fields.count() == 6


def test_field_update_move_and_delete_in_draft(client, world):
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)
    fields = fields_of(draft)
    hours = fields["Часов обучения на педагога"]
    client.force_login(world["methodist_a"])

    client.post(
        f"/requests/fields/{hours.pk}/edit/",
        {"label": "Часов на педагога", "kind": FieldKind.NUMBER, "max_value": "144"},
        **HTMX,
    )
    client.post(f"/requests/fields/{hours.pk}/move/", {"up": "1"}, **HTMX)
    client.post(f"/requests/fields/{fields['Комментарий'].pk}/delete/", **HTMX)

    labels = list(draft.fields.order_by("order").values_list("label", flat=True))
    assert labels[:2] == ["Часов на педагога", "Педагогов, нуждающихся в курсах"]
    assert "Комментарий" not in labels
    assert RequestField.objects.get(pk=hours.pk).max_value == 144


def test_field_update_outsider_not_found_non_owner_forbidden(client, world, regional_request):
    field = regional_request.fields.first()

    client.force_login(world["methodist_b"])
    assert client.post(f"/requests/fields/{field.pk}/edit/").status_code == 403  # sees it
    client.force_login(
        factories.user_with_role("municipal_methodist", factories.MunicipalityFactory())
    )
    assert client.post(f"/requests/fields/{field.pk}/edit/").status_code == 404


# Detail, sending, closing: owner / in-scope non-owner / outsider


def test_request_detail_owner_sees_progress(client, world, request_a):
    client.force_login(world["methodist_a"])

    response = client.get(page(request_a))

    assert response.status_code == 200
    assert response.context["can_change"] is True
    assert response.context["progress"]["total"] == 2


def test_request_detail_non_owner_reads_but_cannot_change(client, world, regional_request):
    client.force_login(world["methodist_a"])

    response = client.get(page(regional_request))

    assert response.status_code == 200
    assert response.context["can_change"] is False
    assert [r.organization for r in response.context["recipients"]] == [world["org_a"]]
    for action in ("edit", "send", "close", "reopen", "delete", "recipients/clear"):
        assert client.post(page(regional_request, action)).status_code == 403, action


def test_request_detail_outsider_not_found(client, world, request_a):
    client.force_login(world["methodist_b"])

    for action in ("", "edit", "send", "close", "summary", "recipients", "fields/new"):
        assert client.get(page(request_a, action)).status_code == 404, action


def test_request_send_page_then_post_sends(client, world):
    draft = build_request(
        world["methodist_a"], [world["org_a"]], municipality=world["mun_a"], send=False
    )
    client.force_login(world["methodist_a"])

    confirm = client.get(page(draft, "send"))
    response = client.post(page(draft, "send"))

    assert "Запрос получат 1 организации" in confirm.content.decode()
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == RequestStatus.SENT


def test_request_send_empty_shows_reasons(client, world):
    draft = build_request(
        world["methodist_a"], [], municipality=world["mun_a"], send=False, fields=[]
    )
    client.force_login(world["methodist_a"])

    response = client.post(page(draft, "send"), follow=True)

    content = response.content.decode()
    assert "Добавьте хотя бы одно поле." in content
    assert "Выберите хотя бы одну организацию-получателя." in content


def test_request_close_then_reopen(client, world, request_a):
    client.force_login(world["methodist_a"])

    client.post(page(request_a, "close"))
    request_a.refresh_from_db()
    assert request_a.status == RequestStatus.CLOSED
    client.post(page(request_a, "reopen"), {"deadline": in_days(3).strftime("%d.%m.%Y")})
    request_a.refresh_from_db()
    assert (request_a.status, request_a.deadline) == (RequestStatus.SENT, in_days(3))


# Recipients


def test_recipients_add_all_schools_of_municipality(client, world):
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)
    client.force_login(world["methodist_a"])

    client.post(f"{page(draft, 'recipients')}?kind=school", {"mode": "all"})

    assert set(draft.recipients.values_list("organization__short_name", flat=True)) == {
        "Школа А",
        "Школа А2",
    }


def test_recipients_offered_only_in_scope(client, world):
    regional = build_request(world["regional_admin"], [], region=world["region"], send=False)
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)
    client.force_login(world["methodist_a"])

    offered = list(client.get(page(draft, "recipients")).context["organizations"])
    client.force_login(world["regional_admin"])
    offered_region = list(client.get(page(regional, "recipients")).context["organizations"])

    assert {org.short_name for org in offered} == {"Школа А", "Школа А2", "Детский сад А"}
    assert "Школа Б" in {org.short_name for org in offered_region}


def test_recipients_pick_ignores_organizations_outside_scope(client, world):
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)
    client.force_login(world["methodist_a"])

    client.post(
        page(draft, "recipients"),
        {"mode": "selected", "organizations": [world["org_a2"].pk, world["org_b"].pk]},
    )

    assert list(draft.recipients.values_list("organization__short_name", flat=True)) == ["Школа А2"]


def test_recipient_remove_in_draft(client, world):
    draft = build_request(
        world["methodist_a"],
        [world["org_a"], world["org_a2"]],
        municipality=world["mun_a"],
        send=False,
    )
    client.force_login(world["methodist_a"])

    client.post(f"/requests/recipients/{recipient_of(draft, world['org_a']).pk}/remove/")

    assert list(draft.recipients.values_list("organization__short_name", flat=True)) == ["Школа А2"]


# The inbox and the answer form


def test_inbox_shows_own_sent_requests_only(client, world, request_a, request_b):
    build_request(
        world["methodist_a"],
        [world["org_a"]],
        municipality=world["mun_a"],
        send=False,
        title="Черновик",
    )
    client.force_login(world["admin_a"])

    rows = listed(client, INBOX)

    assert [row.request for row in rows] == [request_a]
    assert (rows[0].answered, rows[0].field_count) == (0, 6)


def test_inbox_empty_state(client, world):
    client.force_login(world["admin_b"])

    response = client.get(INBOX)

    assert response.status_code == 200
    assert "Запросов данных для вашей организации пока нет" in response.content.decode()


def test_inbox_not_for_methodists(client, world):
    client.force_login(world["methodist_a"])

    assert client.get(INBOX).status_code == 403


def test_inbox_queries_do_not_grow_with_rows(client, world):
    client.force_login(world["admin_a"])
    build_request(world["methodist_a"], [world["org_a"]], municipality=world["mun_a"])
    client.get(INBOX)
    with CaptureQueriesContext(connection) as one:
        client.get(INBOX)
    for _ in range(3):
        build_request(world["methodist_a"], [world["org_a"]], municipality=world["mun_a"])
    with CaptureQueriesContext(connection) as four:
        response = client.get(INBOX)

    assert len(response.context["object_list"]) == 4
    assert len(four) == len(one)


def test_answer_page_owner_outsider_sender(client, world, request_a):
    recipient = recipient_of(request_a, world["org_a"])

    client.force_login(world["admin_a"])
    own = client.get(answer_url(recipient))
    client.force_login(world["admin_a2"])
    neighbour = client.get(answer_url(recipient))
    client.force_login(world["methodist_a"])
    sender = client.get(answer_url(recipient))
    sender_post = client.post(answer_url(recipient), {"action": "save"})

    assert (own.status_code, own.context["editable"]) == (200, True)
    assert neighbour.status_code == 404
    assert (sender.status_code, sender.context["editable"]) == (200, False)
    assert sender_post.status_code == 403


def test_answer_submit_whole_form(client, world, request_a):
    recipient = recipient_of(request_a, world["org_a"])
    fields = fields_of(request_a)
    client.force_login(world["admin_a"])

    response = client.post(
        answer_url(recipient),
        {
            "action": "submit",
            f"field-{fields['Педагогов, нуждающихся в курсах'].pk}": "4",
            f"field-{fields['Часов обучения на педагога'].pk}": "36,5",
            f"field-{fields['Есть программа наставничества'].pk}": "yes",
            f"field-{fields['Форма обучения'].pk}": "Смешанно",
        },
    )

    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.SUBMITTED
    assert RequestAnswer.objects.filter(recipient=recipient).count() == 4


def test_answer_submit_with_errors_writes_nothing_and_shows_them(client, world, request_a):
    recipient = recipient_of(request_a, world["org_a"])
    fields = fields_of(request_a)
    client.force_login(world["admin_a"])

    response = client.post(
        answer_url(recipient),
        {
            "action": "submit",
            f"field-{fields['Педагогов, нуждающихся в курсах'].pk}": "4,5",
            f"field-{fields['Комментарий'].pk}": "Важно",
        },
    )

    assert response.status_code == 400
    errors = {e["field"].label: e["error"] for e in response.context["entries"] if e["error"]}
    assert errors == {
        "Педагогов, нуждающихся в курсах": "Введите целое число, без дробной части.",
        "Есть программа наставничества": "Заполните обязательное поле.",
    }
    typed = {e["field"].label: e["input"] for e in response.context["entries"]}
    assert typed["Комментарий"] == "Важно"
    assert RequestAnswer.objects.filter(recipient=recipient).count() == 0


def test_answer_field_htmx_saves_one_field(client, world, request_a):
    recipient = recipient_of(request_a, world["org_a"])
    field = fields_of(request_a)["Часов обучения на педагога"]
    client.force_login(world["admin_a"])

    response = client.post(
        answer_url(recipient, f"fields/{field.pk}"), {f"field-{field.pk}": "18"}, **HTMX
    )

    content = response.content.decode()
    assert "Сохранено" in content
    assert 'id="answer-counter"' in content
    assert "Заполнено 1 из 6" in content
    assert RequestAnswer.objects.get(recipient=recipient).number == 18


def test_answer_field_htmx_wrong_value_shows_message(client, world, request_a):
    recipient = recipient_of(request_a, world["org_a"])
    field = fields_of(request_a)["Дата утверждения плана"]
    client.force_login(world["admin_a"])

    response = client.post(
        answer_url(recipient, f"fields/{field.pk}"), {f"field-{field.pk}": "завтра"}, **HTMX
    )

    content = response.content.decode()
    assert "Введите дату в формате дд.мм.гггг." in content
    assert 'value="завтра"' in content
    assert RequestAnswer.objects.count() == 0


def test_answer_page_after_deadline_read_only_with_reason(client, world, request_a):
    recipient = recipient_of(request_a, world["org_a"])
    DataRequest.objects.filter(pk=request_a.pk).update(deadline=in_days(-1))
    client.force_login(world["admin_a"])

    response = client.get(answer_url(recipient))
    posted = client.post(answer_url(recipient), {"action": "save"}, follow=True)

    assert response.context["editable"] is False
    assert "Срок ответа истёк" in response.context["notice"]
    assert "Срок ответа истёк" in posted.content.decode()


def test_answer_return_by_sender_shows_comment_to_organization(client, world, request_a):
    recipient = recipient_of(request_a, world["org_a"])
    fields = fields_of(request_a)
    services.submit_answers(
        recipient,
        {
            fields["Педагогов, нуждающихся в курсах"].pk: "4",
            fields["Есть программа наставничества"].pk: "no",
        },
        by=world["admin_a"],
    )
    client.force_login(world["admin_a"])
    assert client.post(answer_url(recipient, "return"), {"comment": "x"}).status_code == 404
    client.force_login(world["methodist_a"])

    client.post(answer_url(recipient, "return"), {"comment": "Программа есть, проверьте."})
    client.force_login(world["admin_a"])
    response = client.get(answer_url(recipient))

    assert response.context["editable"] is True
    assert "Программа есть, проверьте." in response.content.decode()


def test_inbox_counts_requests_waiting_for_answer(client, world, request_a):
    late = build_request(world["methodist_a"], [world["org_a"]], municipality=world["mun_a"])
    DataRequest.objects.filter(pk=late.pk).update(deadline=in_days(-1))
    client.force_login(world["admin_a"])

    response = client.get(INBOX)

    assert response.context["waiting"] == 1
    assert "Ждут вашего ответа: 1 запрос." in response.content.decode()


def test_request_of_another_municipality_invisible_to_organization_admin(client, world, request_b):
    recipient = recipient_of(request_b, world["org_b"])
    client.force_login(world["admin_a"])

    assert client.get(answer_url(recipient)).status_code == 404
    assert client.post(answer_url(recipient), {"action": "submit"}).status_code == 404
    assert "Сведения о наставничестве Района Б" not in client.get(INBOX).content.decode()


def test_field_update_htmx_get_edits_inline(client, world):
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)
    field = fields_of(draft)["Форма обучения"]
    client.force_login(world["methodist_a"])

    response = client.get(f"/requests/fields/{field.pk}/edit/", **HTMX)

    assert response.status_code == 200
    assert response.context["editing"] == field.pk
    assert f'action="/requests/fields/{field.pk}/edit/"' in response.content.decode()


@pytest.mark.parametrize("action", ["", "summary", "recipients"])
def test_request_pages_queries_do_not_grow_with_recipients(client, world, action):
    few = build_request(world["methodist_a"], [world["org_a"]], municipality=world["mun_a"])
    organizations = [factories.OrganizationFactory(municipality=world["mun_a"]) for _ in range(4)]
    many = build_request(
        world["methodist_a"], [world["org_a"], *organizations], municipality=world["mun_a"]
    )
    fields = fields_of(many)
    for recipient in many.recipients.all():
        services.save_answers(
            recipient,
            {fields["Комментарий"].pk: "Есть"},
            by=factories.user_with_role("organization_admin", recipient.organization),
        )
    client.force_login(world["methodist_a"])
    client.get(page(few, action))
    with CaptureQueriesContext(connection) as one:
        client.get(page(few, action))
    with CaptureQueriesContext(connection) as five:
        response = client.get(page(many, action))

    assert response.status_code == 200
    assert len(five) == len(one)
