"""Filters of the request list and of the inbox; the HTML pages and the API use the same sets."""

import django_filters
from django.utils.translation import gettext_lazy as _

from profrost.core.filters import FilterSet, date_filter, visible
from profrost.core.roles import Perm
from profrost.registry.filters import ALL
from profrost.registry.models import Municipality

from .models import DataRequest, RecipientStatus, RequestLevel, RequestRecipient, RequestStatus

visible_municipalities = visible(Municipality, Perm.MANAGE_DATA_REQUESTS)


class DataRequestFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Статус"), choices=RequestStatus.choices
    )
    level = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Уровень"), choices=RequestLevel.choices
    )
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Муниципалитет"), queryset=visible_municipalities
    )
    deadline_from = date_filter(_("Срок с"), field_name="deadline", lookup_expr="gte")
    deadline_to = date_filter(_("Срок по"), field_name="deadline", lookup_expr="lte")

    class Meta:
        model = DataRequest
        fields = []


class InboxFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Состояние ответа"), choices=RecipientStatus.choices
    )
    request_status = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Запрос"),
        field_name="request__status",
        choices=[(RequestStatus.SENT, _("Открыт")), (RequestStatus.CLOSED, _("Закрыт"))],
    )

    class Meta:
        model = RequestRecipient
        fields = []
