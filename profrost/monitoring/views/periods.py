"""Pages of monitoring periods: the list, creating one, its page with the computation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from profrost.core.roles import Perm
from profrost.core.services import require
from profrost.core.tables import Column
from profrost.core.views import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    get_scoped_or_404,
)

from .. import services
from ..forms import PeriodForm
from ..models import MonitoringPeriod


class PeriodListView(ScopedListView):
    model = MonitoringPeriod
    perm = Perm.VIEW_MONITORING
    title = gettext_lazy("Периоды мониторинга")
    columns = (
        Column("title", gettext_lazy("Период"), link=True, order_by="title"),
        Column("get_level_display", gettext_lazy("Уровень")),
        Column("municipality", gettext_lazy("Муниципалитет")),
        Column("starts_on", gettext_lazy("Начало"), order_by="starts_on"),
        Column("ends_on", gettext_lazy("Окончание"), order_by="ends_on"),
        Column("get_status_display", gettext_lazy("Состояние")),
        Column("computed_at", gettext_lazy("Рассчитан")),
    )
    search_fields = ("title",)
    default_ordering = ("-ends_on",)
    create_url_name = "monitoring:period_create"
    create_perm = Perm.COMPUTE_MONITORING
    empty_text = gettext_lazy(
        "Периодов мониторинга пока нет. Мониторинг проводится не реже двух раз в год."
    )

    def select(self, queryset):
        return queryset.select_related("municipality")


class PeriodCreateView(ScopedCreateView):
    model = MonitoringPeriod
    form_class = PeriodForm
    change_perm = Perm.COMPUTE_MONITORING
    title = gettext_lazy("Новый период мониторинга")
    audit_action = "monitoring.period.created"


class PeriodDetailView(ScopedDetailView):
    model = MonitoringPeriod
    perm = Perm.VIEW_MONITORING
    change_perm = Perm.COMPUTE_MONITORING
    template_name = "monitoring/period_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "municipality", "job")


class PeriodComputeView(View):
    """Starts (or restarts) the computation of a period as a background job."""

    def post(self, request, pk):
        period = get_scoped_or_404(MonitoringPeriod, request.user, pk, Perm.VIEW_MONITORING)
        require(
            MonitoringPeriod.objects.changeable_by(request.user, Perm.COMPUTE_MONITORING),
            period,
            _("Недостаточно прав для расчёта периода."),
        )
        try:
            services.start_computation(period, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(reverse("monitoring:period_detail", args=[period.pk]))


PeriodComputeView.model = MonitoringPeriod


class PeriodDeleteView(ScopedDeleteView):
    model = MonitoringPeriod
    perm = Perm.VIEW_MONITORING
    change_perm = Perm.COMPUTE_MONITORING
    audit_action = "monitoring.period.deleted"

    def get_success_url(self):
        return reverse("monitoring:period_list")
