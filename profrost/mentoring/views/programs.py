"""Pages of mentoring programmes. Every change goes through `services`."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from profrost.core.roles import Perm
from profrost.core.tables import Column
from profrost.core.views import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    ServiceDeleteMixin,
    ServiceFormMixin,
)
from profrost.registry.models import Organization

from .. import filters, forms, selectors, services
from ..models import MentoringProgram, ProgramLevel


class ProgramListView(ScopedListView):
    model = MentoringProgram
    perm = Perm.VIEW_NETWORK
    title = _("Программы наставничества")
    export_name = "mentoring_programs"
    filterset_class = filters.ProgramFilter
    search_fields = ("title", "document_number")
    search_placeholder = _("Название или номер приказа")
    default_ordering = ("-starts_on", "title")
    create_url_name = "mentoring:program_create"
    create_perm = Perm.MANAGE_MENTORING
    extra_actions = (("mentoring:pair_list", _("Наставнические пары"), Perm.VIEW_NETWORK),)
    empty_text = _("Программ наставничества не найдено.")
    columns = (
        Column("title", _("Программа"), link=True, order_by="title"),
        Column("get_level_display", _("Уровень"), order_by="level"),
        Column("target", _("Организация или муниципалитет")),
        Column("starts_on", _("Начало"), order_by="starts_on"),
        Column("ends_on", _("Окончание"), order_by="ends_on"),
        Column("status_label", _("Статус")),
        Column("coordinator", _("Куратор")),
        Column("active_pair_count", _("Действующих пар"), order_by="active_pair_count"),
        Column("pair_count", _("Всего пар"), order_by="pair_count"),
        Column("allow_several_mentors", _("Несколько наставников"), html=False),
        Column("document_number", _("Номер приказа"), html=False),
        Column("document_date", _("Дата приказа"), html=False),
        Column("goals", _("Цели и задачи"), html=False),
    )

    def select(self, queryset):
        return selectors.programs_for_list(queryset, self.request.user)


class ProgramDetailView(ScopedDetailView):
    model = MentoringProgram
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MENTORING
    template_name = "mentoring/program_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region", "municipality", "organization", "coordinator")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program, user = self.object, self.request.user
        organizations = Organization.objects.visible_to(user, Perm.MANAGE_MENTORING)
        if program.level == ProgramLevel.ORGANIZATION:
            organizations = organizations.filter(pk=program.organization_id)
        else:
            organizations = organizations.filter(municipality=program.municipality_id)
        context.update(
            title=program.title,
            pairs=selectors.program_pairs(program, user),
            can_add_pair=organizations.exists(),
            status_label=program.status.label,
        )
        return context


class ProgramCreateView(ServiceFormMixin, ScopedCreateView):
    model = MentoringProgram
    form_class = forms.ProgramForm
    change_perm = Perm.MANAGE_MENTORING
    title = _("Новая программа наставничества")
    success_message = _("Программа наставничества сохранена.")

    def save(self, form):
        return services.create_program(by=self.request.user, data=form.cleaned_data)


class ProgramUpdateView(ServiceFormMixin, ScopedUpdateView):
    model = MentoringProgram
    form_class = forms.ProgramForm
    success_message = _("Сохранено.")
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MENTORING

    def save(self, form):
        return services.update_program(self.object, by=self.request.user, data=form.cleaned_data)


class ProgramDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = MentoringProgram
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MENTORING
    success_url = reverse_lazy("mentoring:program_list")
    delete_service = services.delete_program
