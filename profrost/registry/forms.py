from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profrost.core.forms import ScopedModelForm
from profrost.core.importers.references import reference_key
from profrost.core.lookups import LookupField
from profrost.core.roles import Perm

from . import models
from .lookups import organization_lookup
from .selectors import namesakes
from .services import namesake_message
from .validators import normalize_snils, validate_snils


class MunicipalityForm(ScopedModelForm):
    class Meta:
        model = models.Municipality
        fields = ["region", "name", "oktmo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = models.Region.objects.visible_to(
            self.user, Perm.MANAGE_MUNICIPALITIES
        )


class OrganizationForm(ScopedModelForm):
    """Municipality, ИНН and the flags are set by municipal or regional staff only."""

    RESTRICTED = ("municipality", "inn", "low_results", "unfavourable_conditions")

    class Meta:
        model = models.Organization
        fields = [
            "municipality",
            "name",
            "short_name",
            "inn",
            "kind",
            "address",
            "email",
            "phone",
            "low_results",
            "unfavourable_conditions",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = models.Municipality.objects.visible_to(
            self.user, Perm.MANAGE_ORGANIZATIONS
        )
        instance = self.instance
        may_manage = (
            not instance.pk
            or models.Organization.objects.visible_to(self.user, Perm.MANAGE_ORGANIZATIONS)
            .filter(pk=instance.pk)
            .exists()
        )
        if not may_manage:
            for name in self.RESTRICTED:
                self.fields[name].disabled = True
            self.fields["municipality"].queryset = models.Municipality.objects.filter(
                pk=instance.municipality_id
            )

    def clean_inn(self):
        return "".join(ch for ch in self.cleaned_data["inn"] if ch.isdigit())


# What the federal register of documents on education needs of a learner (docs/frdo.md).
DOCUMENT_DATA_FIELDS = [
    "gender",
    "citizenship",
    "education_level",
    "diploma_last_name",
    "diploma_series",
    "diploma_number",
]


def limit_citizenship(form):
    """Only the countries in force are offered; the person's own stays, even if withdrawn."""
    field = form.fields["citizenship"]
    current = form.instance.citizenship_id if form.instance.pk else None
    field.queryset = models.Country.objects.filter(Q(is_active=True) | Q(code=current))


class DocumentDataForm(forms.ModelForm):
    """A person's own data for their ДПО documents, kept by themselves («Мои данные»)."""

    class Meta:
        model = models.Person
        fields = DOCUMENT_DATA_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_citizenship(self)


class PersonForm(ScopedModelForm):
    class Meta:
        model = models.Person
        fields = [
            "last_name",
            "first_name",
            "middle_name",
            "birth_date",
            "snils",
            "email",
            "phone",
            "career_start",
            *DOCUMENT_DATA_FIELDS,
        ]
        help_texts = {"snils": _("11 цифр, можно с дефисами: 123-456-789 01.")}

    snils = forms.CharField(label=_("СНИЛС"), required=False, max_length=14)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.snils:
            self.initial["snils"] = self.instance.snils_display
        limit_citizenship(self)

    def clean_snils(self):
        digits = normalize_snils(self.cleaned_data.get("snils"))
        if not digits:
            return None
        validate_snils(digits)
        duplicate = models.Person.objects.filter(snils=digits).exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(_("Работник с таким СНИЛС уже есть в реестре."))
        return digits

    def clean(self):
        cleaned = super().clean()
        for name in ("last_name", "first_name", "middle_name"):
            if cleaned.get(name):
                cleaned[name] = " ".join(cleaned[name].split())
        return cleaned


class EmploymentForm(ScopedModelForm):
    organization = LookupField("registry.staff_organizations", label=_("Организация"))

    class Meta:
        model = models.Employment
        fields = ["organization", "position", "subjects", "is_main", "start_date", "end_date"]
        widgets = {"subjects": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].bind(self.user)

    def clean(self):
        data = super().clean()
        names = [data.get(key) for key in ("last_name", "first_name", "middle_name", "birth_date")]
        if data.get("namesake") or not (names[0] and names[1] and names[3]):
            return data
        found = namesakes(*names)
        if found:
            self.fields["namesake"].widget = forms.CheckboxInput()
            self.add_error("namesake", namesake_message(found[0], self.user))
        return data


class PersonCreateForm(PersonForm):
    """A new person comes with a first employment, so it lies inside someone's scope."""

    organization = LookupField("registry.staff_organizations", label=_("Организация"))
    position = forms.ModelChoiceField(label=_("Должность"), queryset=models.Position.objects.all())
    subjects = forms.ModelMultipleChoiceField(
        label=_("Предметы"),
        queryset=models.Subject.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    is_main = forms.BooleanField(label=_("Основное место работы"), required=False, initial=True)
    start_date = forms.DateField(label=_("Дата начала работы"))
    # Shown only when a person with the same ФИО and birth date is already in the registry.
    namesake = forms.BooleanField(
        label=_("Это другой человек с теми же ФИО и датой рождения"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].bind(self.user)

    def clean(self):
        data = super().clean()
        names = [data.get(key) for key in ("last_name", "first_name", "middle_name", "birth_date")]
        if data.get("namesake") or not (names[0] and names[1] and names[3]):
            return data
        found = namesakes(*names)
        if found:
            self.fields["namesake"].widget = forms.CheckboxInput()
            self.add_error("namesake", namesake_message(found[0], self.user))
        return data


@organization_lookup("registry.staff_organizations")
def staff_organizations(user):
    """Organizations where the user keeps the staff records."""
    return models.Organization.objects.visible_to(user, Perm.MANAGE_STAFF)


class AttestationForm(ScopedModelForm):
    class Meta:
        model = models.Attestation
        fields = ["category", "decision_date", "order_number", "position"]

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        if person is not None:
            self.instance.person = person


class SynonymForm(ScopedModelForm):
    class Meta:
        model = models.ReferenceSynonym
        fields = ["kind", "synonym", "position", "subject"]
        help_texts = {
            "synonym": _("Например, «зам. директора по УВР» или «Английский язык»."),
            "position": _("Для синонима должности."),
            "subject": _("Для синонима предмета."),
        }

    def clean(self):
        cleaned = super().clean()
        key = reference_key(cleaned.get("synonym") or "")
        same = models.ReferenceSynonym.objects.filter(kind=cleaned.get("kind"), key=key)
        taken = same.exclude(pk=self.instance.pk).first()
        if key and taken:
            raise forms.ValidationError(
                _("Такой синоним уже есть: «%(synonym)s».") % {"synonym": taken}
            )
        return cleaned
