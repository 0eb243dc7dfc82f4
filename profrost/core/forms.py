from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

DATE_ERROR = _("Введите дату в формате дд.мм.гггг.")


class DateInput(forms.DateInput):
    """The browser's own date picker. Its value travels as ISO (гггг-мм-дд), which is also how it
    is written into the page, while the person sees and types дд.мм.гггг (chromium, Firefox
    and Safari in a Russian locale); the server accepts both (`profrost/formats/ru`), so a form
    posted without the picker still takes дд.мм.гггг."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ScopedModelForm(forms.ModelForm):
    """A model form that knows its user, so choices can be limited to the user's scope."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.error_messages["invalid"] = DATE_ERROR


def date_field(label, required=True, **kwargs):
    """A form's date typed as дд.мм.гггг, with the Russian message for a wrong one."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages={"invalid": DATE_ERROR},
        **kwargs,
    )


def attach_errors(form, error):
    """Shows a service's ValidationError on the form: each message at its field when the form
    has it, otherwise above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(target, messages)
