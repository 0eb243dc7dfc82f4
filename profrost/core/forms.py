from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """Dates are typed as дд.мм.гггг."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {"placeholder": _("дд.мм.гггг"), "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d.%m.%Y")


class ScopedModelForm(forms.ModelForm):
    """A model form that knows its user, so choices can be limited to the user's scope."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.error_messages["invalid"] = _("Введите дату в формате дд.мм.гггг.")
