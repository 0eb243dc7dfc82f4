from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.forms import DateInput, ScopedModelForm
from profrost.core.roles import Perm
from profrost.registry.models import Employment, Organization, Person

from .models import Closure, Vacancy


class VacancyForm(ScopedModelForm):
    """Organizations to choose from are those where the user manages vacancies."""

    class Meta:
        model = Vacancy
        fields = ["organization", "position", "subject", "hours", "opened_on", "contact", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.visible_to(self.user, Perm.MANAGE_VACANCIES)
            .select_related("municipality")
            .order_by("short_name")
        )
        self.fields["subject"].empty_label = _("Без предмета")
        self.fields["hours"].widget.attrs.update({"min": "0.5", "max": "40", "step": "0.5"})
        if not self.instance.pk:
            self.initial.setdefault("opened_on", timezone.localdate())


class VacancyCloseForm(forms.Form):
    """Closing a vacancy: when, how, and whom of the organization's staff it was filled with."""

    closed_on = forms.DateField(
        label=_("Дата закрытия"),
        widget=DateInput(),
        error_messages={"invalid": _("Введите дату в формате дд.мм.гггг.")},
    )
    closure = forms.ChoiceField(label=_("Как закрыта"), choices=Closure.choices)
    hired_person = forms.ModelChoiceField(
        label=_("Принятый работник"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Не указан"),
        help_text=_(
            "Работник этой организации. Если его ещё нет в списке, сначала добавьте его в реестр."
        ),
    )

    def __init__(self, *args, vacancy, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("closed_on", timezone.localdate())
        self.initial.setdefault("closure", Closure.HIRED)
        staff = Employment.objects.filter(organization_id=vacancy.organization_id)
        self.fields["hired_person"].queryset = Person.objects.visible_to(
            user, Perm.MANAGE_VACANCIES
        ).filter(pk__in=staff.values("person_id"))
