"""Pages of staffing needs: vacancies, the summary of open ones, the retirement forecast.

The whole section is for managers and methodists (a scope over an organization or wider); a
teacher, whose scope is their own record, gets 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.services import require
from profrost.core.tables import Column
from profrost.core.views import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    ServiceDeleteMixin,
    ServiceFormMixin,
    get_scoped_or_404,
)
from profrost.registry.models import Person

from . import exporters, filters, forms, selectors, services
from .models import Vacancy

PERM = selectors.PERM
MANAGE = Perm.MANAGE_VACANCIES


class ManagersOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.is_manager(request.user):
            raise PermissionDenied(
                _("Раздел «Кадровая потребность» доступен руководителям и методистам.")
            )
        return super().dispatch(request, *args, **kwargs)


def list_url(**filters):
    query = QueryDict(mutable=True)
    query.update({key: value for key, value in filters.items() if value not in (None, "")})
    return f"{reverse('staffing:vacancy_list')}?{query.urlencode()}"


# Vacancies --------------------------------------------------------------------------------------


class VacancyListView(ManagersOnlyMixin, ScopedListView):
    model = Vacancy
    perm = PERM
    title = _("Вакансии")
    export_name = "vacancies"
    filterset_class = filters.VacancyFilter
    search_fields = (
        "organization__short_name",
        "position__name",
        "subject__name",
        "contact",
        "notes",
    )
    search_placeholder = _("Организация, должность, предмет")
    default_ordering = ("-opened_on",)
    create_url_name = "staffing:vacancy_create"
    create_perm = MANAGE
    template_name = "staffing/vacancy_list.html"
    empty_text = _("Вакансий не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("position", _("Должность"), link=True, order_by="position__name"),
        Column("subject", _("Предмет"), order_by="subject__name"),
        Column("hours_display", _("Часов в неделю"), order_by="hours", xlsx=False),
        Column("hours", _("Часов в неделю"), html=False),
        Column("organization", _("Организация"), order_by="organization__short_name"),
        Column(
            "organization.municipality",
            _("Муниципалитет"),
            order_by="organization__municipality__name",
        ),
        Column("opened_on", _("Открыта"), order_by="opened_on"),
        Column("closed_on", _("Закрыта"), order_by="closed_on"),
        Column("state_display", _("Состояние")),
        Column("hired_person", _("Принятый работник"), html=False),
        Column("contact", _("Контакт"), html=False),
        Column("notes", _("Примечание"), html=False),
    )

    def select(self, queryset):
        return selectors.vacancies_for_list(queryset)


class VacancyDetailView(ManagersOnlyMixin, ScopedDetailView):
    model = Vacancy
    perm = PERM
    change_perm = MANAGE
    template_name = "staffing/vacancy_detail.html"

    def get_queryset(self):
        return selectors.vacancies_for_list(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vacancy = self.object
        context["title"] = str(vacancy)
        until = vacancy.closed_on or timezone.localdate()
        context["days_open"] = max((until - vacancy.opened_on).days, 0)
        context["same_need_url"] = list_url(
            is_open="true",
            position=vacancy.position_id,
            subject=vacancy.subject_id or selectors.NO_SUBJECT,
            municipality=vacancy.organization.municipality_id,
        )
        return context


class VacancyCreateView(ManagersOnlyMixin, ServiceFormMixin, ScopedCreateView):
    model = Vacancy
    form_class = forms.VacancyForm
    change_perm = MANAGE
    title = _("Новая вакансия")
    success_message = _("Вакансия добавлена.")

    def get_initial(self):
        initial = super().get_initial()
        organization = self.request.GET.get("organization", "")
        if organization.isdigit():
            initial["organization"] = organization
        return initial

    def save(self, form):
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        return services.create_vacancy(by=self.request.user, **data)


class VacancyUpdateView(ManagersOnlyMixin, ServiceFormMixin, ScopedUpdateView):
    model = Vacancy
    perm = PERM
    form_class = forms.VacancyForm
    change_perm = MANAGE
    success_message = _("Вакансия сохранена.")

    def get_title(self):
        return _("Изменение вакансии: %(vacancy)s") % {"vacancy": self.object}

    def save(self, form):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.update_vacancy(form.instance, by=self.request.user, **changes)


class VacancyChangeMixin:
    """An action on one vacancy: outside the view scope 404, not changeable 403."""

    model = Vacancy

    def dispatch(self, request, *args, **kwargs):
        self.object = get_scoped_or_404(Vacancy, request.user, kwargs["pk"], PERM)
        require(
            Vacancy.objects.changeable_by(request.user, MANAGE),
            self.object,
            _("Недостаточно прав для изменения вакансии."),
        )
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()


class VacancyCloseView(ManagersOnlyMixin, VacancyChangeMixin, ServiceFormMixin, generic.FormView):
    form_class = forms.VacancyCloseForm
    template_name = "core/form.html"
    success_message = _("Вакансия закрыта.")

    def get(self, request, *args, **kwargs):
        if not self.object.is_open:
            messages.info(request, _("Вакансия уже закрыта."))
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "vacancy": self.object, "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Закрытие вакансии: %(vacancy)s") % {"vacancy": self.object}
        return context

    def save(self, form):
        data = form.cleaned_data
        services.close_vacancy(
            self.object,
            by=self.request.user,
            closed_on=data["closed_on"],
            closure=data["closure"],
            hired_person=data["hired_person"],
        )
        return self.object


class VacancyReopenView(ManagersOnlyMixin, VacancyChangeMixin, generic.TemplateView):
    template_name = "staffing/vacancy_reopen.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.object}

    def post(self, request, *args, **kwargs):
        try:
            services.reopen_vacancy(self.object, by=request.user)
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, _("Вакансия снова открыта."))
        return redirect(self.get_success_url())


class VacancyDeleteView(ManagersOnlyMixin, ServiceDeleteMixin, ScopedDeleteView):
    model = Vacancy
    perm = PERM
    change_perm = MANAGE
    success_url = reverse_lazy("staffing:vacancy_list")
    delete_service = services.delete_vacancy
    deleted_message = _("Вакансия «%(object)s» удалена.")


# The summary ------------------------------------------------------------------------------------


class SummaryView(ManagersOnlyMixin, generic.TemplateView):
    """Open vacancies on a date by position and subject and by organization, with the load."""

    template_name = "staffing/summary.html"

    def get(self, request, *args, **kwargs):
        self.form = filters.SummaryForm(request.GET or None, user=request.user)
        self.params = self.form.params()
        vacancies = Vacancy.objects.visible_to(request.user, PERM)
        if self.params["municipality"]:
            vacancies = vacancies.filter(organization__municipality=self.params["municipality"])
        if self.params["organization"]:
            vacancies = vacancies.filter(organization=self.params["organization"])
        self.summary = selectors.vacancy_summary(vacancies, self.params["day"])
        if request.GET.get("export") == "xlsx":
            audit.log(request.user, "staffing.summary.exported", filters=request.GET.urlencode())
            return exporters.VacancySummaryExporter(
                self.summary, request.GET.get("table", "")
            ).response()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        base = {
            "open_on": format_date(self.params["day"]),
            "municipality": getattr(self.params["municipality"], "pk", None),
            "organization": getattr(self.params["organization"], "pk", None),
        }
        summary = self.summary
        for row in [summary.total, *summary.by_position, *summary.by_organization]:
            row.url = list_url(**{**base, **row.filters})
        query = self.request.GET.copy()
        query.pop("export", None)
        query.pop("table", None)
        context.update(
            title=_("Сводка вакансий"),
            form=self.form,
            summary=summary,
            export_query=query.urlencode(),
            by_position=exporters.BY_POSITION,
            by_organization=exporters.BY_ORGANIZATION,
        )
        return context


# The retirement forecast ------------------------------------------------------------------------


class RetirementForecastView(ManagersOnlyMixin, generic.TemplateView):
    """Teaching staff reaching the chosen age in each of the next years, by subject."""

    template_name = "staffing/forecast.html"

    def get(self, request, *args, **kwargs):
        self.form = filters.ForecastForm(request.GET or None, user=request.user)
        self.params = self.form.params()
        self.forecast = selectors.retirement_forecast(
            request.user, today=timezone.localdate(), **self.params
        )
        if request.GET.get("export") == "xlsx":
            audit.log(
                request.user,
                "staffing.retirement_forecast.exported",
                filters=request.GET.urlencode(),
            )
            return exporters.ForecastExporter(self.forecast).response()
        return super().get(request, *args, **kwargs)

    def people_url(self, **cell):
        params = self.params
        query = QueryDict(mutable=True)
        values = {
            "age": params["age"],
            "horizon": params["horizon"],
            "municipality": getattr(params["municipality"], "pk", None),
            "organization": getattr(params["organization"], "pk", None),
            **cell,
        }
        query.update({key: value for key, value in values.items() if value not in (None, "")})
        return f"{reverse('staffing:retirement_people')}?{query.urlencode()}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forecast = self.forecast
        for row in [*forecast.rows, forecast.totals]:
            for cell in row.cells:
                cell.url = self.people_url(year=cell.key, subject=row.subject)
            row.url = self.people_url(subject=row.subject)
        query = self.request.GET.copy()
        query.pop("export", None)
        context.update(
            title=_("Прогноз выбытия по возрасту"),
            form=self.form,
            forecast=forecast,
            today=timezone.localdate(),
            export_query=query.urlencode(),
        )
        return context


class SubjectsColumn(Column):
    """The subjects of the person's teaching jobs in the user's scope (prefetched)."""

    def value(self, obj):
        names = {}
        for job in getattr(obj, "teaching_jobs", []):
            for subject in job.subjects.all():
                names[subject.name] = True
        return ", ".join(names)


class RetirementPeopleView(ManagersOnlyMixin, ScopedListView):
    """The people behind one number of the forecast."""

    model = Person
    perm = PERM
    title = _("Достигают возраста")
    export_name = "retirement_people"
    filterset_class = filters.RetirementPeopleFilter
    search_fields = ("last_name", "first_name", "middle_name")
    search_placeholder = _("ФИО")
    default_ordering = ("birth_date", "last_name", "first_name")
    template_name = "staffing/retirement_people.html"
    empty_text = _("Таких работников нет.")
    columns = (
        Column("full_name", _("ФИО"), link=True, order_by="last_name"),
        Column("birth_date", _("Дата рождения"), order_by="birth_date"),
        Column("reach_year", _("Год достижения возраста")),
        Column("organization_name", _("Организация"), order_by="organization_name"),
        Column("position_name", _("Должность")),
        SubjectsColumn("teaching_jobs", _("Предметы")),
    )

    def base_queryset(self):
        self.cell = filters.RetirementPeopleFilter(
            self.request.GET or None, queryset=Person.objects.none(), request=self.request
        )
        return selectors.retirement_people(
            self.request.user, today=timezone.localdate(), **self.cell.params()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.cell.params()
        back = QueryDict(mutable=True)
        back.update(
            {
                key: getattr(params[key], "pk", params[key])
                for key in ("age", "horizon", "municipality", "organization")
                if params[key]
            }
        )
        context["params"] = params
        context["forecast_url"] = f"{reverse('staffing:retirement_forecast')}?{back.urlencode()}"
        return context
