"""Annual plans of methodical work: list, card with the events and their fulfilment, create,
edit, delete, XLSX."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core import audit
from profrost.core.exporters import xlsx_response
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

from .. import exporters, selectors, services
from ..filters import PlanFilter
from ..forms import PlanForm
from ..models import WorkPlan
from .common import ObjectActionView


class PlanListView(ScopedListView):
    model = WorkPlan
    perm = Perm.VIEW_NETWORK
    title = gettext_lazy("Планы методической работы")
    export_name = "work_plans"
    filterset_class = PlanFilter
    search_fields = ("title", "document")
    search_placeholder = gettext_lazy("Название или реквизиты")
    default_ordering = ("-year", "title")
    create_url_name = "network:plan_create"
    create_perm = Perm.MANAGE_EVENTS
    empty_text = gettext_lazy("Планов не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("title", gettext_lazy("План"), link=True, order_by="title"),
        Column("school_year", gettext_lazy("Учебный год"), order_by="year"),
        Column("get_level_display", gettext_lazy("Чей план"), order_by="level"),
        Column("owner_display", gettext_lazy("Владелец")),
        Column("approved_on", gettext_lazy("Утверждён"), order_by="approved_on"),
        Column("document", gettext_lazy("Реквизиты"), html=False),
        Column("event_count", gettext_lazy("Мероприятий"), order_by="event_count"),
        Column("held_count", gettext_lazy("Проведено"), order_by="held_count"),
        Column("cancelled_count", gettext_lazy("Отменено"), html=False),
        Column("fulfilment", gettext_lazy("Выполнение, %"), order_by="fulfilment"),
    )

    def select(self, queryset):
        return selectors.plans_for_list(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = services.may_create_plans(self.request.user)
        return context


class PlanDetailView(ScopedDetailView):
    model = WorkPlan
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_EVENTS
    template_name = "network/plan_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region", "municipality", "organization", "association")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = selectors.plan_events(self.object)
        context["fulfilment"] = selectors.plan_fulfilment(self.object)
        return context


class PlanFormMixin(ServiceFormMixin):
    model = WorkPlan
    form_class = PlanForm
    change_perm = Perm.MANAGE_EVENTS
    success_message = gettext_lazy("План сохранён.")

    def save(self, form):
        return services.save_plan(form.instance, by=self.request.user, changed=form.changed_data)


class PlanCreateView(PlanFormMixin, ScopedCreateView):
    title = gettext_lazy("Новый план методической работы")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_create_plans(request.user):
            raise PermissionDenied(_("Недостаточно прав для создания плана."))
        return super().dispatch(request, *args, **kwargs)


class PlanUpdateView(PlanFormMixin, ScopedUpdateView):
    perm = Perm.VIEW_NETWORK


class PlanDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = WorkPlan
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_EVENTS
    success_url = reverse_lazy("network:plan_list")
    delete_service = services.delete_plan
    deleted_message = gettext_lazy("План «%(object)s» удалён; его мероприятия остались без плана.")


class PlanXlsxView(ObjectActionView):
    model = WorkPlan

    def get(self, request, *args, **kwargs):
        plan = self.object
        content = exporters.plan_sheet(
            plan, selectors.plan_events(plan), selectors.plan_fulfilment(plan)
        )
        audit.log(request.user, "network.workplan.exported", plan)
        return xlsx_response(f"work_plan_{plan.pk}", content)

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)
