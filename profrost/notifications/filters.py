"""Filters of the inbox."""

import django_filters
from django.utils.translation import gettext_lazy as _

from profrost.core.filters import FilterSet

from .models import Notification, NotificationKind

ALL = _("Все")


class NotificationFilter(FilterSet):
    kind = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Вид"), choices=NotificationKind.choices
    )
    state = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Показать"),
        choices=[("unread", _("Непрочитанные")), ("read", _("Прочитанные"))],
        method="filter_state",
    )

    class Meta:
        model = Notification
        fields = []

    def filter_state(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "unread")
