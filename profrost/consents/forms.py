from django import forms
from django.utils.translation import gettext_lazy as _

from profrost.core.forms import date_field

from .models import MAX_SCAN_SIZE, SCAN_EXTENSIONS, ConsentText


class PaperConsentForm(forms.Form):
    given_on = date_field(_("Дата подписания"))
    scan = forms.FileField(
        label=_("Скан подписанного согласия"),
        help_text=_("До %(size)s МБ: %(types)s.")
        % {"size": MAX_SCAN_SIZE // (1024 * 1024), "types": ", ".join(SCAN_EXTENSIONS)},
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Основание отзыва"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Например: заявление работника об отзыве согласия от 01.12.2026."),
    )


class AcceptForm(forms.Form):
    text_id = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=_("Я прочитал(а) текст и даю согласие на обработку моих персональных данных"),
        error_messages={"required": _("Отметьте согласие, чтобы продолжить.")},
    )


class ConsentTextForm(forms.ModelForm):
    class Meta:
        model = ConsentText
        fields = ["title", "operator", "purposes", "body"]
        widgets = {
            "operator": forms.Textarea(attrs={"rows": 2}),
            "purposes": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }
