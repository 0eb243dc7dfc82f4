import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError

from profrost.api.base import call, call_detail


def refuse(error):
    raise error


def errors_of(caller, error):
    with pytest.raises(ValidationError) as raised:
        caller(refuse, error)
    return raised.value.detail


def test_call_returns_what_the_service_returns():
    assert call(lambda a, *, b: a + b, 1, b=2) == 3


def test_call_answers_field_errors_by_field():
    error = DjangoValidationError({"title": "Пусто.", NON_FIELD_ERRORS: "Даты не сходятся."})

    assert errors_of(call, error) == {
        "title": ["Пусто."],
        "non_field_errors": ["Даты не сходятся."],
    }


def test_call_answers_an_error_without_fields_under_non_field_errors():
    assert errors_of(call, DjangoValidationError("Мест нет.")) == {
        "non_field_errors": ["Мест нет."]
    }


def test_call_detail_answers_an_error_without_fields_under_detail():
    assert errors_of(call_detail, DjangoValidationError("Мест нет.")) == {"detail": ["Мест нет."]}


def test_call_detail_answers_model_errors_of_no_field_under_non_field_errors():
    error = DjangoValidationError({NON_FIELD_ERRORS: "Даты не сходятся."})

    assert errors_of(call_detail, error) == {"non_field_errors": ["Даты не сходятся."]}
