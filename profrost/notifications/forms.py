from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationKind


class SettingForm(forms.Form):
    digest = forms.BooleanField(
        label=_("Раз в день одним письмом"),
        required=False,
        help_text=_("Вместо отдельного письма о каждом событии — одна сводка в день."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("О чём сообщать"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Выключенный вид не приходит ни письмом, ни в разделе «Уведомления»."),
    )
