"""Forms of the programs pages. They limit every choice to the user's scope; the rules live in
the models and `services`, whose errors come back onto the fields through `attach_errors` (core)."""

from decimal import Decimal

from django import forms
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.competences.forms import links_initial, weight_link_form
from profrost.competences.models import Competence
from profrost.core.forms import DateInput, ScopedModelForm, attach_errors, date_field
from profrost.core.lookups import LookupField
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.core.services import Errors
from profrost.registry.lookups import person_lookup
from profrost.registry.models import (
    Employment,
    Organization,
    OrganizationKind,
    Person,
    Region,
)

from . import services
from .models import (
    Cohort,
    DocumentKind,
    Enrollment,
    EnrollmentStatus,
    FundingSource,
    PostCourseSupport,
    Program,
    RegisterDocumentKind,
    RegisterStudyForm,
    RequestStatus,
    TrainingRequest,
)

SUPPORT_FORMS = (
    "Консультация",
    "Методический семинар",
    "Посещение и анализ урока",
    "Мастер-класс слушателя",
    "Стажировка на площадке",
    "Тьюторское сопровождение",
)


def name_empty_choices(form):
    """«— выберите —» (or «— не указано —» when optional) instead of Django's dashes."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not isinstance(
            field, forms.ModelMultipleChoiceField
        ):
            field.empty_label = _("— выберите —") if field.required else _("— не указано —")


class PersonChoiceField(forms.ModelChoiceField):
    """A person labelled with the organization of the current job, to tell namesakes apart."""

    def label_from_instance(self, obj):
        organization = getattr(obj, "organization_name", "")
        return f"{obj.full_name} — {organization}" if organization else obj.full_name


def with_job(people):
    job = (
        Employment.objects.active()
        .filter(person=OuterRef("pk"))
        .order_by("-is_main", "-start_date", "pk")
    )
    return people.annotate(
        organization_name=Subquery(job.values("organization__short_name")[:1])
    ).order_by("last_name", "first_name", "middle_name", "pk")


def employed(people):
    return people.filter(pk__in=Employment.objects.active().values("person_id"))


# Programs --------------------------------------------------------------------------------------


def manager_regions(user):
    scope = resolve_scope(user, Perm.MANAGE_PROGRAMS)
    if scope.everything:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.region_ids)


class ProgramForm(ScopedModelForm):
    url = forms.URLField(label=_("Ссылка"), required=False, assume_scheme="https")
    registry_url = forms.URLField(
        label=_("Ссылка в Федеральном реестре"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Program
        fields = [
            "title",
            "kind",
            "hours",
            "form",
            "provider",
            "provider_name",
            "federal_registry",
            "registry_number",
            "quality_management",
            "registry_url",
            "url",
            "dpp_type",
            "activity_area",
            "speciality_group",
            "qualification",
            "positions",
            "subjects",
            "description",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "positions": forms.SelectMultiple(attrs={"size": 8}),
            "subjects": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "hours": _("Не меньше 16 часов для ПК и 250 часов для ПП."),
            "provider": _("Организация из реестра; если её там нет — укажите название ниже."),
            "positions": _("Для кого программа. Пусто — для всех должностей."),
            "subjects": _("Пусто — без привязки к предметам."),
            "dpp_type": _("Как в ФИС ФРДО; без него удостоверения и дипломы не выгружаются."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organization.objects.visible_to(
            self.user, Perm.VIEW_REGISTRY
        ).order_by("short_name")
        regions = manager_regions(self.user)
        if resolve_scope(self.user, Perm.MANAGE_PROGRAMS).everything or regions.count() > 1:
            self.fields["region"] = forms.ModelChoiceField(
                label=_("Регион"),
                queryset=regions,
                required=not resolve_scope(self.user, Perm.MANAGE_PROGRAMS).everything,
                empty_label=_("— общая для всех регионов —"),
                initial=self.instance.region_id,
            )
        self.fields["provider"].empty_label = _("— не из реестра —")

    def clean_registry_number(self):
        number = self.cleaned_data.get("registry_number", "").strip()
        self.instance.registry_number = number
        if services.registry_number_taken(self.instance):
            raise forms.ValidationError(
                _("Программа с номером %(number)s уже есть в каталоге.") % {"number": number}
            )
        return number

    def validate_unique(self):
        """The number's uniqueness is checked at its field above."""

    def data_for_service(self):
        data = dict(self.cleaned_data)
        if "region" not in self.fields:
            data.pop("region", None)
        return data


LinkFormSet = forms.formset_factory(weight_link_form(max_digits=4), extra=2, can_delete=True)


class ProgramEditor:
    """The program form with its competence weights, validated together."""

    def __init__(self, data=None, *, user, program=None):
        self.program = program
        self.form = ProgramForm(data, instance=program, user=user)
        initial = links_initial(program.links) if program is not None else []
        self.links = LinkFormSet(data, prefix="links", initial=initial)
        self.link_errors = []

    def is_valid(self):
        valid = all([self.form.is_valid(), self.links.is_valid()])
        if not valid:
            return False
        problems = Errors()
        services.check_links(self.link_data(), problems)
        self.link_errors = problems.errors.get("competences", [])
        return not self.link_errors

    def link_data(self):
        return [
            (row["competence"], row.get("weight") or Decimal(1))
            for row in self.links.cleaned_data
            if row and row.get("competence") and not row.get("DELETE")
        ]

    def add_errors(self, error):
        if hasattr(error, "error_dict") and "competences" in error.error_dict:
            self.link_errors += error.message_dict["competences"]
            error = type(error)({k: v for k, v in error.error_dict.items() if k != "competences"})
            if not error.error_dict:
                return
        attach_errors(self.form, error)


# Cohorts ---------------------------------------------------------------------------------------


class CohortForm(ScopedModelForm):
    link = forms.URLField(
        label=_("Ссылка на занятия"),
        required=False,
        assume_scheme="https",
        help_text=_("Для занятий с применением ДОТ."),
    )

    class Meta:
        model = Cohort
        fields = [
            "title",
            "starts_on",
            "ends_on",
            "applications_close_on",
            "capacity",
            "place",
            "link",
        ]
        help_texts = {
            "title": _("Например: «Поток 1, весна». Пусто — по дате начала."),
            "applications_close_on": _("Пусто — заявки принимаются до окончания потока."),
            "place": _("Адрес для очных занятий."),
        }

    def validate_unique(self):
        """The dates rule is the model's clean(); its database twin would repeat the message."""


@person_lookup("programs.applicants")
def applicants(user):
    """People the user may enrol: with a current job, in the scope of APPLY_ENROLMENTS."""
    return employed(Person.objects.visible_to(user, Perm.APPLY_ENROLMENTS))


@person_lookup("programs.requesters")
def requesters(user):
    """People whose training requests the user keeps: with a current job."""
    return employed(Person.objects.visible_to(user, Perm.MANAGE_TRAINING_REQUESTS))


class ApplyForm(forms.Form):
    person = LookupField("programs.applicants", label=_("Работник"))
    note = forms.CharField(
        label=_("Комментарий"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].bind(user)
        name_empty_choices(self)
        if user is not None and user.person_id and not self.is_bound:
            self.fields["person"].initial = user.person_id


# Enrolment moves -------------------------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Комментарий"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class CompleteForm(forms.Form):
    document_kind = forms.ChoiceField(label=_("Документ"), choices=DocumentKind.choices)
    document_number = forms.CharField(
        label=_("Номер документа"),
        max_length=100,
        required=False,
        help_text=_(
            "Номер удостоверения о ПК или диплома о ПП. Если у провайдера настроена нумерация, "
            "его можно не набирать: номер и регистрационный номер будут выданы автоматически."
        ),
    )
    completed_on = forms.DateField(
        label=_("Дата окончания обучения"),
        widget=DateInput(),
        error_messages={"invalid": _("Введите дату в формате дд.мм.гггг.")},
    )

    def __init__(self, *args, enrollment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enrollment is not None and not self.is_bound:
            cohort = enrollment.cohort
            kind = services.DOCUMENT_OF.get(cohort.program.kind, DocumentKind.OTHER)
            self.fields["document_kind"].initial = kind
            self.fields["completed_on"].initial = min(cohort.ends_on, timezone.localdate())


# Post-course support ---------------------------------------------------------------------------


class SupportForm(ScopedModelForm):
    by = PersonChoiceField(
        label=_("Кто сопровождал"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Методисты ИРО (ЦНППМ), муниципальной методической службы или коллеги."),
    )

    class Meta:
        model = PostCourseSupport
        fields = ["date", "form", "by", "description", "result"]
        widgets = {
            "form": forms.TextInput(attrs={"list": "support-forms"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, enrollment=None, **kwargs):
        super().__init__(*args, **kwargs)
        enrollment = enrollment or self.instance.enrollment
        methodical = Q(
            organization__kind__in=[
                OrganizationKind.INSTITUTE,
                OrganizationKind.METHODICAL_SERVICE,
            ]
        )
        if enrollment.organization_id:
            methodical |= Q(organization_id=enrollment.organization_id)
        jobs = Employment.objects.active().filter(methodical)
        people = Person.objects.visible_to(self.user, Perm.VIEW_REGISTRY).filter(
            pk__in=jobs.values("person_id")
        )
        self.fields["by"].queryset = with_job(people)
        self.support_forms = SUPPORT_FORMS
        name_empty_choices(self)


# Training requests -----------------------------------------------------------------------------


class RequestForm(ScopedModelForm):
    """A request of a person (`staff=False`) or of a whole staff (`staff=True`)."""

    person = LookupField("programs.requesters", label=_("Работник"))

    class Meta:
        model = TrainingRequest
        fields = [
            "organization",
            "person",
            "year",
            "direction",
            "competence",
            "program",
            "headcount",
            "filed_on",
            "note",
        ]
        widgets = {
            "direction": forms.TextInput(attrs={"list": "request-directions"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "direction": _(
                "Например: «Формирование функциональной грамотности». Пусто — по программе "
                "или компетенции."
            ),
            "headcount": _("Сколько работников коллектива хотят обучаться по направлению."),
            "filed_on": _("Пусто — сегодня. Заявку, поданную на бумаге, вносят с её датой."),
        }

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            staff = self.instance.person_id is None
        self.staff = staff
        perm = Perm.MANAGE_TRAINING_REQUESTS
        self.fields["direction"].required = False
        self.fields["filed_on"].required = False
        self.fields["year"].initial = timezone.localdate().year + 1
        self.fields["competence"].queryset = Competence.objects.filter(is_active=True).order_by(
            "group__order", "order", "code"
        )
        self.fields["program"].queryset = (
            Program.objects.visible_to(self.user, Perm.VIEW_PROGRAMS)
            .filter(is_active=True)
            .order_by("title")
        )
        if staff:
            del self.fields["person"]
            self.fields["organization"].queryset = services.staff_organizations(self.user).order_by(
                "short_name"
            )
        else:
            del self.fields["headcount"]
            self.fields["person"].bind(self.user)
            self.fields["organization"].queryset = Organization.objects.visible_to(
                self.user, perm
            ).order_by("short_name")
            self.fields["organization"].required = False
            self.fields["organization"].help_text = _("Пусто — основное место работы работника.")
            if self.user is not None and self.user.person_id and not self.is_bound:
                self.fields["person"].initial = self.user.person_id
        name_empty_choices(self)
        organizations = self.fields["organization"].queryset
        if staff and not self.is_bound and not self.instance.pk and organizations.count() == 1:
            self.fields["organization"].initial = organizations.get().pk

    def clean_filed_on(self):
        return self.cleaned_data.get("filed_on") or timezone.localdate()


class ReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("Статус"), choices=RequestStatus.choices)
    note = forms.CharField(label=_("Комментарий"), required=False, max_length=500)


# ФИС ФРДО --------------------------------------------------------------------------------------


class RegisterPeriodForm(forms.Form):
    """The provider and the period of issue the pre-check and the export are for."""

    provider = forms.ModelChoiceField(label=_("Организация-провайдер"), queryset=None)
    issued_from = date_field(_("Выданы с"))
    issued_to = date_field(_("Выданы по"))

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("issued_from"), cleaned.get("issued_to")
        if start and end and end < start:
            self.add_error("issued_to", _("Конец периода раньше его начала."))
        return cleaned


class DocumentForm(ScopedModelForm):
    """The document's data as ФИС ФРДО takes them, corrected by the provider."""

    class Meta:
        model = Enrollment
        fields = list(services.DOCUMENT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        enrollment = self.instance
        self.fields["original"].queryset = (
            Enrollment.objects.filter(
                person=enrollment.person_id, status=EnrollmentStatus.COMPLETED
            )
            .exclude(pk=enrollment.pk)
            .select_related("cohort__program")
        )
        for name, model in (
            ("document_type", RegisterDocumentKind),
            ("study_form", RegisterStudyForm),
            ("funding", FundingSource),
        ):
            current = getattr(enrollment, f"{name}_id")
            self.fields[name].queryset = model.objects.filter(Q(is_active=True) | Q(pk=current))
