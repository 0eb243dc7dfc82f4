from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.tables import Column
from profrost.core.views import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    ServiceDeleteMixin,
    get_scoped_or_404,
)

from . import filters, forms, selectors, services
from .models import Attestation, Employment, Municipality, Organization, Person

# Municipalities


class MunicipalityListView(ScopedListView):
    model = Municipality
    title = _("Муниципалитеты")
    export_name = "municipalities"
    search_fields = ("name", "oktmo")
    default_ordering = ("name",)
    create_url_name = "registry:municipality_create"
    create_perm = Perm.MANAGE_MUNICIPALITIES
    columns = (
        Column("name", _("Название"), link=True, order_by="name"),
        Column("oktmo", _("ОКТМО"), order_by="oktmo"),
        Column("region", _("Регион")),
        Column("organization_count", _("Организаций"), order_by="organization_count"),
    )

    def select(self, queryset):
        return selectors.municipalities_for_list(queryset)


class MunicipalityDetailView(ScopedDetailView):
    model = Municipality
    change_perm = Perm.MANAGE_MUNICIPALITIES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organizations"] = selectors.organizations_for_list(
            Organization.objects.visible_to(self.request.user).filter(municipality=self.object)
        ).order_by("short_name")
        return context


class MunicipalityCreateView(ScopedCreateView):
    model = Municipality
    form_class = forms.MunicipalityForm
    change_perm = Perm.MANAGE_MUNICIPALITIES
    title = _("Новый муниципалитет")
    audit_action = "registry.municipality.created"


class MunicipalityUpdateView(ScopedUpdateView):
    model = Municipality
    form_class = forms.MunicipalityForm
    change_perm = Perm.MANAGE_MUNICIPALITIES
    audit_action = "registry.municipality.updated"


# Organizations


class OrganizationListView(ScopedListView):
    model = Organization
    title = _("Организации")
    export_name = "organizations"
    filterset_class = filters.OrganizationFilter
    search_fields = ("short_name", "name", "inn")
    search_placeholder = _("Название или ИНН")
    default_ordering = ("short_name",)
    create_url_name = "registry:organization_create"
    create_perm = Perm.MANAGE_ORGANIZATIONS
    columns = (
        Column("short_name", _("Организация"), link=True, order_by="short_name"),
        Column("name", _("Полное наименование"), html=False),
        Column("inn", _("ИНН"), order_by="inn"),
        Column("get_kind_display", _("Тип")),
        Column("municipality", _("Муниципалитет"), order_by="municipality__name"),
        Column("low_results", _("ШНОР")),
        Column("unfavourable_conditions", _("Неблагоприятные условия"), html=False),
        Column("staff_count", _("Работников"), order_by="staff_count"),
        Column("address", _("Адрес"), html=False),
        Column("email", _("E-mail"), html=False),
        Column("phone", _("Телефон"), html=False),
    )

    def select(self, queryset):
        return selectors.organizations_for_list(queryset)


class OrganizationDetailView(ScopedDetailView):
    model = Organization
    change_perm = Perm.EDIT_OWN_ORGANIZATION

    def get_queryset(self):
        return super().get_queryset().select_related("municipality__region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["staff"] = selectors.organization_staff(self.object, user)
        context["statuses"] = self.object.statuses.all()
        context["can_delete"] = (
            Organization.objects.visible_to(user, Perm.MANAGE_ORGANIZATIONS)
            .filter(pk=self.object.pk)
            .exists()
        )
        context["can_add_staff"] = (
            Organization.objects.visible_to(user, Perm.MANAGE_STAFF)
            .filter(pk=self.object.pk)
            .exists()
        )
        return context


class OrganizationCreateView(ScopedCreateView):
    model = Organization
    form_class = forms.OrganizationForm
    change_perm = Perm.MANAGE_ORGANIZATIONS
    title = _("Новая организация")
    audit_action = "registry.organization.created"


class OrganizationUpdateView(ScopedUpdateView):
    model = Organization
    form_class = forms.OrganizationForm
    change_perm = Perm.EDIT_OWN_ORGANIZATION
    audit_action = "registry.organization.updated"


class OrganizationDeleteView(ScopedDeleteView):
    model = Organization
    change_perm = Perm.MANAGE_ORGANIZATIONS
    audit_action = "registry.organization.deleted"
    success_url = reverse_lazy("registry:organization_list")


# People


class PersonListView(ScopedListView):
    model = Person
    audit_reads = True
    title = _("Работники")
    export_name = "staff"
    filterset_class = filters.PersonFilter
    search_fields = ("last_name", "first_name", "middle_name", "email")
    search_placeholder = _("ФИО или e-mail")
    default_ordering = ("last_name", "first_name", "middle_name")
    create_url_name = "registry:person_create"
    create_perm = Perm.MANAGE_STAFF
    # The accounts app answers (by URL name: the registry does not import it).
    bulk_actions = (("accounts:invite_selected", _("Пригласить выбранных"), Perm.MANAGE_ACCOUNTS),)
    columns = (
        Column("full_name", _("ФИО"), link=True, order_by="last_name"),
        Column("birth_date", _("Дата рождения"), order_by="birth_date"),
        Column("organization_name", _("Организация")),
        Column("position_name", _("Должность")),
        Column("category_display", _("Категория")),
        Column("career_start", _("Начало пед. деятельности"), html=False),
        Column("snils_display", _("СНИЛС"), html=False),
        Column("email", _("E-mail"), html=False),
        Column("phone", _("Телефон"), html=False),
        Column("is_young_specialist", _("Молодой специалист")),
        Column("get_consent_state_display", _("Согласие на обработку ПДн")),
    )

    def select(self, queryset):
        return selectors.people_for_list(queryset)


class PersonDetailView(ScopedDetailView):
    model = Person
    change_perm = Perm.MANAGE_STAFF

    def get_queryset(self):
        return super().get_queryset().select_related("citizenship")

    def get_object(self, queryset=None):
        person = super().get_object(queryset)
        # 152-ФЗ: who looked at personal data is logged.
        audit.log(self.request.user, "registry.person.viewed", person)
        return person

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        user = self.request.user
        context["employments"] = (
            Employment.objects.visible_to(user)
            .filter(person=person)
            .select_related("organization", "position")
            .prefetch_related("subjects")
        )
        context["attestations"] = person.attestations.select_related("position")
        context["young"] = person.is_young_specialist()
        context["age"] = person.age()
        context["career_years"] = person.career_years()
        context["history"] = person.history.select_related("history_user")[:10]
        context["today"] = timezone.localdate()
        # The journal's readers (core/views_pages.py) open what was done with this person.
        context["journal_url"] = (
            reverse("audit") + f"?person={person.pk}"
            if has_perm_anywhere(user, Perm.MANAGE_MUNICIPALITIES)
            else ""
        )
        return context


class PersonCreateView(ScopedCreateView):
    model = Person
    form_class = forms.PersonCreateForm
    change_perm = Perm.MANAGE_STAFF
    title = _("Новый работник")

    def get_initial(self):
        initial = super().get_initial()
        organization_id = self.request.GET.get("organization")
        if organization_id and organization_id.isdigit():
            initial["organization"] = organization_id
        return initial

    def save(self, form):
        data = form.cleaned_data
        employment = {
            key: data[key]
            for key in ("organization", "position", "subjects", "is_main", "start_date")
        }
        # The form has checked for namesakes and shown them (PersonCreateForm.clean).
        return services.create_person(
            by=self.request.user,
            person_data=data,
            employment_data=employment,
            namesake_confirmed=True,
        )


class PersonUpdateView(ScopedUpdateView):
    model = Person
    form_class = forms.PersonForm
    change_perm = Perm.MANAGE_STAFF
    audit_action = "registry.person.updated"


class PersonDeleteView(ScopedDeleteView):
    model = Person
    change_perm = Perm.MANAGE_STAFF
    audit_action = "registry.person.deleted"
    success_url = reverse_lazy("registry:person_list")


# Employments and attestations belong to a person


class PersonChildMixin:
    """Create views for an employment or an attestation of a person the user may change."""

    def dispatch(self, request, *args, **kwargs):
        self.person = get_scoped_or_404(Person, request.user, kwargs["person_pk"])
        if (
            not Person.objects.visible_to(request.user, Perm.MANAGE_STAFF)
            .filter(pk=self.person.pk)
            .exists()
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return self.person.get_absolute_url()


class EmploymentCreateView(PersonChildMixin, ScopedCreateView):
    model = Employment
    form_class = forms.EmploymentForm
    change_perm = Perm.MANAGE_STAFF
    audit_action = "registry.employment.created"

    def get_title(self):
        return _("Новое место работы: %(person)s") % {"person": self.person}

    def save(self, form):
        form.instance.person = self.person
        return form.save()


class EmploymentUpdateView(ScopedUpdateView):
    model = Employment
    form_class = forms.EmploymentForm
    change_perm = Perm.MANAGE_STAFF
    audit_action = "registry.employment.updated"

    def get_success_url(self):
        return self.object.person.get_absolute_url()


class EmploymentDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = Employment
    change_perm = Perm.MANAGE_STAFF
    delete_service = services.delete_employment
    deleted_message = _("Место работы удалено.")

    def get_success_url(self):
        return self.object.person.get_absolute_url()


class AttestationCreateView(PersonChildMixin, ScopedCreateView):
    model = Attestation
    form_class = forms.AttestationForm
    change_perm = Perm.MANAGE_STAFF
    audit_action = "registry.attestation.created"

    def get_title(self):
        return _("Новая аттестация: %(person)s") % {"person": self.person}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.person}


class AttestationUpdateView(ScopedUpdateView):
    model = Attestation
    form_class = forms.AttestationForm
    change_perm = Perm.MANAGE_STAFF
    audit_action = "registry.attestation.updated"

    def get_success_url(self):
        return self.object.person.get_absolute_url()


class AttestationDeleteView(ScopedDeleteView):
    model = Attestation
    change_perm = Perm.MANAGE_STAFF
    audit_action = "registry.attestation.deleted"

    def get_success_url(self):
        return self.object.person.get_absolute_url()


class AttestationDueListView(ScopedListView):
    """People whose latest attestation ends within the chosen months, or has ended."""

    model = Attestation
    title = _("Сроки аттестации")
    export_name = "attestation_due"
    filterset_class = filters.AttestationFilter
    search_fields = ("person__last_name", "person__first_name", "person__middle_name")
    search_placeholder = _("ФИО")
    default_ordering = ("valid_until",)
    template_name = "registry/attestation_due.html"
    empty_text = _("Ни у кого не истекает срок аттестации в выбранный период.")
    columns = (
        Column("person.full_name", _("ФИО"), link=True, order_by="person__last_name"),
        Column("get_category_display", _("Категория")),
        Column("decision_date", _("Дата решения"), order_by="decision_date"),
        Column("valid_until", _("Действует до"), order_by="valid_until"),
        Column("organization_name", _("Организация")),
    )
    month_choices = (3, 6, 12)

    def months(self):
        value = self.request.GET.get("months", "6")
        return int(value) if value.isdigit() and int(value) in self.month_choices else 6

    def base_queryset(self):
        return selectors.with_main_organization(
            selectors.attestation_due(self.request.user, months=self.months())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["months"] = self.months()
        context["month_choices"] = self.month_choices
        context["today"] = timezone.localdate()
        return context


class MyDocumentDataView(generic.UpdateView):
    """The user's own data for the documents of their ДПО training (gender, citizenship, the
    diploma of their prior education): the person keeps them, as the school does in the staff
    form (docs/frdo.md)."""

    form_class = forms.DocumentDataForm
    template_name = "core/form.html"

    def get_object(self, queryset=None):
        if not self.request.user.person_id:
            raise Http404
        return Person.objects.get(pk=self.request.user.person_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Данные для документов об обучении"), **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            person = form.save()
            audit.log(self.request.user, "registry.person.document_data_updated", person)
        messages.success(self.request, _("Данные для документов об обучении сохранены."))
        return redirect("registry:my_document_data")
