from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from profrost.core.models import AuditEntry
from profrost.datarequests import services
from profrost.datarequests.models import (
    DataRequest,
    FieldKind,
    RecipientStatus,
    RequestAnswer,
    RequestLevel,
    RequestStatus,
)

from .factories import RecipientFactory, in_days
from .world import build_request, fields_of, recipient_of


def answers_of(recipient):
    return {
        answer.field.label: answer.value
        for answer in RequestAnswer.objects.filter(recipient=recipient).select_related("field")
    }


def past_deadline(data_request, days=1):
    DataRequest.objects.filter(pk=data_request.pk).update(deadline=in_days(-days))
    data_request.refresh_from_db()


def full_answer(fields, **overrides):
    raw = {
        fields["Педагогов, нуждающихся в курсах"].pk: "12",
        fields["Есть программа наставничества"].pk: "yes",
    }
    raw.update({fields[label].pk: value for label, value in overrides.items()})
    return raw


# Building: fields change only in a draft


def test_add_field_draft_numbers_fields_in_order(world):
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)

    orders = list(draft.fields.order_by("order").values_list("order", "label"))

    assert [order for order, _label in orders] == [1, 2, 3, 4, 5, 6]
    assert orders[0][1] == "Педагогов, нуждающихся в курсах"


def test_add_field_sent_request_refused(request_a, world):
    with pytest.raises(ValidationError) as error:
        services.add_field(request_a, by=world["methodist_a"], label="Ещё", kind=FieldKind.TEXT)

    assert error.value.messages == ["Запрос уже отправлен: поля можно менять только в черновике."]
    assert request_a.fields.count() == 6


def test_update_and_delete_field_sent_request_refused(request_a, world):
    field = request_a.fields.first()

    with pytest.raises(ValidationError):
        services.update_field(field, by=world["methodist_a"], label="Другое")
    with pytest.raises(ValidationError):
        services.delete_field(field, by=world["methodist_a"])

    field.refresh_from_db()
    assert field.label == "Педагогов, нуждающихся в курсах"


def test_move_field_up_swaps_with_neighbour(world):
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)
    third = fields_of(draft)["Есть программа наставничества"]

    services.move_field(third, by=world["methodist_a"], up=True)

    labels = list(draft.fields.order_by("order").values_list("label", flat=True))
    assert labels[:3] == [
        "Педагогов, нуждающихся в курсах",
        "Есть программа наставничества",
        "Часов обучения на педагога",
    ]


def test_add_field_choice_needs_two_options(world):
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)

    with pytest.raises(ValidationError) as error:
        services.add_field(
            draft, by=world["methodist_a"], label="Форма", kind=FieldKind.CHOICE, choices="Очно"
        )

    assert error.value.message_dict == {
        "choices": ["Укажите не меньше двух вариантов, каждый с новой строки."]
    }


def test_add_field_limits_reversed_refused(world):
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)

    with pytest.raises(ValidationError) as error:
        services.add_field(
            draft,
            by=world["methodist_a"],
            label="Доля",
            kind=FieldKind.NUMBER,
            min_value=Decimal(10),
            max_value=Decimal(1),
        )

    assert error.value.message_dict == {"max_value": ["Верхняя граница меньше нижней."]}


def test_add_field_limits_dropped_for_text(world):
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)

    field = services.add_field(
        draft, by=world["methodist_a"], label="Тема", kind=FieldKind.TEXT, min_value=Decimal(1)
    )

    assert (field.min_value, field.choices) == (None, "")


def test_add_field_by_another_municipality_forbidden(world):
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)

    with pytest.raises(PermissionDenied):
        services.add_field(draft, by=world["methodist_b"], label="Чужое", kind=FieldKind.TEXT)


# Creating and sending


def test_create_request_of_another_municipality_forbidden(world):
    with pytest.raises(PermissionDenied):
        services.create_request(
            by=world["methodist_a"],
            title="Чужой запрос",
            level=RequestLevel.MUNICIPALITY,
            municipality=world["mun_b"],
            deadline=in_days(7),
        )


def test_create_request_regional_by_municipal_methodist_forbidden(world):
    with pytest.raises(PermissionDenied):
        services.create_request(
            by=world["methodist_a"],
            title="Региональный",
            level=RequestLevel.REGION,
            region=world["region"],
            deadline=in_days(7),
        )


def test_create_request_past_deadline_refused(world):
    with pytest.raises(ValidationError) as error:
        services.create_request(
            by=world["methodist_a"],
            title="Вчерашний",
            level=RequestLevel.MUNICIPALITY,
            municipality=world["mun_a"],
            deadline=in_days(-1),
        )

    assert error.value.message_dict == {"deadline": ["Срок ответа не может быть в прошлом."]}


def test_send_request_empty_refused_with_both_reasons(world):
    draft = build_request(
        world["methodist_a"], [], municipality=world["mun_a"], send=False, fields=[]
    )

    with pytest.raises(ValidationError) as error:
        services.send_request(draft, by=world["methodist_a"])

    assert error.value.messages == [
        "Добавьте хотя бы одно поле.",
        "Выберите хотя бы одну организацию-получателя.",
    ]
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT


def test_send_request_sets_status_and_audits(world):
    draft = build_request(
        world["methodist_a"], [world["org_a"]], municipality=world["mun_a"], send=False
    )

    services.send_request(draft, by=world["methodist_a"])

    draft.refresh_from_db()
    assert draft.status == RequestStatus.SENT
    assert draft.sent_at is not None
    entry = AuditEntry.objects.get(action="datarequests.request.sent")
    assert (entry.object_id, entry.data) == (str(draft.pk), {"recipients": 1})


def test_add_recipients_outside_scope_refused(world):
    draft = build_request(world["methodist_a"], [], municipality=world["mun_a"], send=False)

    with pytest.raises(ValidationError) as error:
        services.add_recipients(draft, [world["org_a"], world["org_b"]], by=world["methodist_a"])

    assert error.value.messages == [
        "Запрос можно отправить только организациям своей области действия."
    ]
    assert draft.recipients.count() == 0


def test_add_recipients_regional_request_any_municipality_of_region(world):
    regional = build_request(
        world["regional_admin"],
        [world["org_a"], world["org_b"]],
        region=world["region"],
        send=False,
    )

    assert set(regional.recipients.values_list("organization__short_name", flat=True)) == {
        "Школа А",
        "Школа Б",
    }


def test_add_recipients_twice_adds_once(world):
    draft = build_request(
        world["methodist_a"], [world["org_a"]], municipality=world["mun_a"], send=False
    )

    added = services.add_recipients(
        draft, [world["org_a"], world["org_a2"]], by=world["methodist_a"]
    )

    assert (added, draft.recipients.count()) == (1, 2)


def test_send_request_recipient_outside_scope_refused(world):
    draft = build_request(
        world["methodist_a"], [world["org_a"]], municipality=world["mun_a"], send=False
    )
    RecipientFactory(request=draft, organization=world["org_b"])  # slipped past the services

    with pytest.raises(ValidationError) as error:
        services.send_request(draft, by=world["methodist_a"])

    assert error.value.messages == ["Организации вне вашей области действия: Школа Б."]


def test_send_request_past_deadline_refused(world):
    draft = build_request(
        world["methodist_a"], [world["org_a"]], municipality=world["mun_a"], send=False
    )
    past_deadline(draft)

    with pytest.raises(ValidationError) as error:
        services.send_request(draft, by=world["methodist_a"])

    assert error.value.messages == ["Срок ответа уже прошёл: укажите новый срок."]


def test_remove_recipient_after_sending_refused(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])

    with pytest.raises(ValidationError):
        services.remove_recipient(recipient, by=world["methodist_a"])

    assert request_a.recipients.count() == 2


def test_delete_request_sent_refused(request_a, world):
    with pytest.raises(ValidationError) as error:
        services.delete_request(request_a, by=world["methodist_a"])

    assert error.value.messages == ["Отправленный запрос удалить нельзя: его можно закрыть."]


# Answering


def test_save_answers_own_organization_draft(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    fields = fields_of(request_a)

    services.save_answers(
        recipient,
        {fields["Педагогов, нуждающихся в курсах"].pk: "7", fields["Комментарий"].pk: "Нужны"},
        by=world["admin_a"],
    )

    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.DRAFT
    assert answers_of(recipient) == {"Педагогов, нуждающихся в курсах": 7, "Комментарий": "Нужны"}


def test_save_answers_other_organization_forbidden(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    field = fields_of(request_a)["Комментарий"]

    for user in (world["admin_a2"], world["admin_b"], world["methodist_a"], world["teacher_a"]):
        with pytest.raises(PermissionDenied):
            services.save_answers(recipient, {field.pk: "чужой ответ"}, by=user)

    assert RequestAnswer.objects.count() == 0


def test_save_answers_draft_request_forbidden(world):
    draft = build_request(
        world["methodist_a"], [world["org_a"]], municipality=world["mun_a"], send=False
    )
    field = draft.fields.first()

    with pytest.raises(PermissionDenied):
        services.save_answers(
            recipient_of(draft, world["org_a"]), {field.pk: "1"}, by=world["admin_a"]
        )


def test_save_answers_invalid_value_writes_nothing(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    fields = fields_of(request_a)

    with pytest.raises(ValidationError) as error:
        services.save_answers(
            recipient,
            {fields["Комментарий"].pk: "Нужны", fields["Часов обучения на педагога"].pk: "много"},
            by=world["admin_a"],
        )

    assert error.value.message_dict == {
        str(fields["Часов обучения на педагога"].pk): ["Введите число, например 12,5."]
    }
    recipient.refresh_from_db()
    assert (answers_of(recipient), recipient.status) == ({}, RecipientStatus.NOT_STARTED)


def test_submit_answers_required_missing_writes_nothing(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    fields = fields_of(request_a)

    with pytest.raises(ValidationError) as error:
        services.submit_answers(
            recipient, {fields["Педагогов, нуждающихся в курсах"].pk: "5"}, by=world["admin_a"]
        )

    assert error.value.message_dict == {
        str(fields["Есть программа наставничества"].pk): ["Заполните обязательное поле."]
    }
    recipient.refresh_from_db()
    assert (answers_of(recipient), recipient.status) == ({}, RecipientStatus.NOT_STARTED)


def test_submit_answers_out_of_range_refused(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    fields = fields_of(request_a)

    with pytest.raises(ValidationError) as error:
        services.submit_answers(
            recipient,
            full_answer(fields, **{"Педагогов, нуждающихся в курсах": "-3"}),
            by=world["admin_a"],
        )

    assert error.value.messages == ["Значение должно быть не меньше 0."]
    assert answers_of(recipient) == {}


def test_submit_answers_completes_kept_draft(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    fields = fields_of(request_a)
    services.save_answers(recipient, full_answer(fields), by=world["admin_a"])

    services.submit_answers(
        recipient, {fields["Дата утверждения плана"].pk: "01.09.2026"}, by=world["admin_a"]
    )

    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.SUBMITTED
    assert recipient.submitted_by == world["admin_a"]
    assert answers_of(recipient) == {
        "Педагогов, нуждающихся в курсах": 12,
        "Есть программа наставничества": True,
        "Дата утверждения плана": timezone.datetime(2026, 9, 1).date(),
    }
    assert AuditEntry.objects.filter(
        action="datarequests.recipient.submitted", object_id=str(recipient.pk)
    ).exists()


def test_save_answers_empty_value_clears_answer(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    field = fields_of(request_a)["Комментарий"]
    services.save_answers(recipient, {field.pk: "Текст"}, by=world["admin_a"])

    services.save_answers(recipient, {field.pk: ""}, by=world["admin_a"])

    assert answers_of(recipient) == {}


def test_submit_answers_twice_refused(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    services.submit_answers(recipient, full_answer(fields_of(request_a)), by=world["admin_a"])

    with pytest.raises(ValidationError) as error:
        services.save_answers(recipient, {}, by=world["admin_a"])

    assert error.value.messages == [
        "Ответ уже отправлен. Чтобы исправить его, попросите методиста вернуть ответ на доработку."
    ]


def test_save_answers_after_deadline_refused(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    past_deadline(request_a, days=2)
    deadline = request_a.deadline.strftime("%d.%m.%Y")

    with pytest.raises(ValidationError) as error:
        services.save_answers(recipient, full_answer(fields_of(request_a)), by=world["admin_a"])

    assert error.value.messages == [
        f"Срок ответа истёк {deadline}: ответы больше не принимаются. Если сведения всё же "
        "нужно отправить, обратитесь к методисту: он может продлить срок."
    ]


def test_save_answers_on_deadline_day_accepted(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    DataRequest.objects.filter(pk=request_a.pk).update(deadline=timezone.localdate())

    services.save_answers(recipient, full_answer(fields_of(request_a)), by=world["admin_a"])

    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.DRAFT


def test_save_answers_closed_request_refused(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    services.close_request(request_a, by=world["methodist_a"])

    with pytest.raises(ValidationError) as error:
        services.save_answers(recipient, full_answer(fields_of(request_a)), by=world["admin_a"])

    assert error.value.messages == ["Запрос закрыт: ответы больше не принимаются."]


def test_update_request_new_deadline_lets_late_organization_answer(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    past_deadline(request_a)

    services.update_request(request_a, by=world["methodist_a"], deadline=in_days(3))
    services.submit_answers(recipient, full_answer(fields_of(request_a)), by=world["admin_a"])

    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.SUBMITTED


def test_reopen_request_closed_accepts_answers_again(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    services.close_request(request_a, by=world["methodist_a"])

    services.reopen_request(request_a, by=world["methodist_a"], deadline=in_days(5))
    services.save_answers(recipient, full_answer(fields_of(request_a)), by=world["admin_a"])

    request_a.refresh_from_db()
    assert (request_a.status, request_a.deadline) == (RequestStatus.SENT, in_days(5))


def test_reopen_request_past_deadline_refused(request_a, world):
    services.close_request(request_a, by=world["methodist_a"])

    with pytest.raises(ValidationError):
        services.reopen_request(
            request_a, by=world["methodist_a"], deadline=timezone.localdate() - timedelta(days=1)
        )


# Returning for correction


def test_return_answers_with_comment_lets_organization_correct_after_deadline(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    fields = fields_of(request_a)
    services.submit_answers(recipient, full_answer(fields), by=world["admin_a"])
    past_deadline(request_a)

    services.return_answers(
        recipient, by=world["methodist_a"], comment="Проверьте число педагогов."
    )
    services.submit_answers(
        recipient,
        {fields["Педагогов, нуждающихся в курсах"].pk: "9"},
        by=world["admin_a"],
    )

    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.SUBMITTED
    assert recipient.return_comment == "Проверьте число педагогов."
    assert answers_of(recipient)["Педагогов, нуждающихся в курсах"] == 9


def test_return_answers_keeps_returned_status_while_saving_draft(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    fields = fields_of(request_a)
    services.submit_answers(recipient, full_answer(fields), by=world["admin_a"])
    services.return_answers(recipient, by=world["methodist_a"], comment="Уточните.")

    services.save_answers(recipient, {fields["Комментарий"].pk: "Уточнили"}, by=world["admin_a"])

    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.RETURNED


def test_return_answers_without_comment_refused(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    services.submit_answers(recipient, full_answer(fields_of(request_a)), by=world["admin_a"])

    with pytest.raises(ValidationError) as error:
        services.return_answers(recipient, by=world["methodist_a"], comment="  ")

    assert error.value.message_dict == {"comment": ["Напишите, что нужно исправить."]}


def test_return_answers_not_submitted_refused(request_a, world):
    with pytest.raises(ValidationError) as error:
        services.return_answers(
            recipient_of(request_a, world["org_a"]), by=world["methodist_a"], comment="Почему?"
        )

    assert error.value.messages == ["Вернуть на доработку можно только отправленный ответ."]


def test_return_answers_by_recipient_forbidden(request_a, world):
    recipient = recipient_of(request_a, world["org_a"])
    services.submit_answers(recipient, full_answer(fields_of(request_a)), by=world["admin_a"])

    with pytest.raises(PermissionDenied):
        services.return_answers(recipient, by=world["admin_a"], comment="Сам себе")
