"""Pages of innovation projects of sites and their yearly reports."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core.roles import Perm
from profrost.core.tables import Column
from profrost.core.views import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedFormMixin,
    ScopedListView,
    ScopedUpdateView,
    ServiceDeleteMixin,
    ServiceFormMixin,
    get_scoped_or_404,
)

from .. import filters, forms, selectors, services
from ..models import InnovationProject, InnovationReport
from .common import FileView


class ProjectListView(ScopedListView):
    model = InnovationProject
    perm = Perm.VIEW_NETWORK
    title = _("Инновационные проекты и площадки")
    export_name = "innovation_projects"
    filterset_class = filters.ProjectFilter
    search_fields = ("title", "organization__short_name", "document")
    search_placeholder = _("Тема, организация или документ")
    default_ordering = ("-starts_on", "title")
    create_url_name = "practices:project_create"
    create_perm = Perm.MANAGE_PRACTICES
    empty_text = _("Инновационных проектов не найдено.")
    columns = (
        Column("title", _("Тема проекта"), link=True, order_by="title"),
        Column("organization", _("Организация"), order_by="organization__short_name"),
        Column("organization.municipality", _("Муниципалитет"), html=False),
        Column("get_site_kind_display", _("Статус площадки"), order_by="site_kind"),
        Column("get_level_display", _("Уровень"), order_by="level"),
        Column("starts_on", _("Начало"), order_by="starts_on"),
        Column("ends_on", _("Окончание"), order_by="ends_on"),
        Column("get_status_display", _("Состояние"), order_by="status"),
        Column("report_count", _("Отчётов"), order_by="report_count"),
        Column("last_effect_display", _("Эффект по последнему отчёту")),
        Column("document", _("Документ о статусе"), html=False),
        Column("goals", _("Цель и задачи"), html=False),
    )

    def select(self, queryset):
        return selectors.projects_for_list(queryset)


class ProjectDetailView(ScopedDetailView):
    model = InnovationProject
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_PRACTICES
    template_name = "practices/project_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organization__municipality")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project, user = self.object, self.request.user
        context.update(
            title=project.title,
            reports=selectors.project_reports(project),
            can_report=services.may_report(user, project),
            practices=selectors.project_practices(project, user),
        )
        return context


class ProjectCreateView(ServiceFormMixin, ScopedCreateView):
    model = InnovationProject
    form_class = forms.ProjectForm
    change_perm = Perm.MANAGE_PRACTICES
    title = _("Новый инновационный проект")
    success_message = _("Инновационный проект сохранён.")

    def get_initial(self):
        initial = super().get_initial()
        value = self.request.GET.get("organization", "")
        if value.isdigit():
            initial["organization"] = int(value)
        return initial

    def save(self, form):
        return services.create_project(by=self.request.user, data=form.cleaned_data)


class ProjectUpdateView(ServiceFormMixin, ScopedUpdateView):
    model = InnovationProject
    form_class = forms.ProjectForm
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_PRACTICES
    success_message = _("Инновационный проект сохранён.")

    def save(self, form):
        return services.update_project(self.object, by=self.request.user, data=form.cleaned_data)


class ProjectDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = InnovationProject
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_PRACTICES
    success_url = reverse_lazy("practices:project_list")
    delete_service = services.delete_project


class ProjectFileView(FileView):
    model = InnovationProject


class ReportCreateView(ServiceFormMixin, ScopedFormMixin, generic.CreateView):
    model = InnovationReport
    form_class = forms.ReportForm
    success_message = _("Отчёт сохранён.")

    def dispatch(self, request, *args, **kwargs):
        self.project = get_scoped_or_404(
            InnovationProject, request.user, kwargs["project_pk"], Perm.VIEW_NETWORK
        )
        if not services.may_report(request.user, self.project):
            raise PermissionDenied(_("Отчёты этого проекта ведёт другой уровень."))
        return super().dispatch(request, *args, **kwargs)

    def get_title(self):
        return _("Отчёт проекта «%(project)s»") % {"project": self.project}

    def get_success_url(self):
        return self.project.get_absolute_url()

    def save(self, form):
        return services.create_report(self.project, by=self.request.user, data=form.cleaned_data)


class ReportUpdateView(ServiceFormMixin, ScopedUpdateView):
    model = InnovationReport
    form_class = forms.ReportForm
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MATERIALS
    success_message = _("Отчёт сохранён.")

    def get_title(self):
        return _("%(report)s: %(project)s") % {
            "report": self.object,
            "project": self.object.project,
        }

    def save(self, form):
        return services.update_report(self.object, by=self.request.user, data=form.cleaned_data)


class ReportDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = InnovationReport
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MATERIALS
    delete_service = services.delete_report

    def get_success_url(self):
        return self.object.project.get_absolute_url()


class ReportFileView(FileView):
    model = InnovationReport
