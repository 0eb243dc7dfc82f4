"""Pages of management decisions: seen with VIEW_MONITORING and changed with MANAGE_DECISIONS."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View, generic

from profrost.core.scoping import has_perm_anywhere
from profrost.core.tables import Column
from profrost.core.views import (
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
    get_scoped_or_404,
    message_errors,
)

from .. import selectors, services
from ..filters import DecisionFilter
from ..forms import (
    DecisionForm,
    DecisionStatusForm,
)
from ..models import (
    DecisionStatus,
    ManagementDecision,
)
from ..selectors import indicator_list
from .common import DECIDE, VIEW, NameColumn


class DecisionListView(ScopedListView):
    model = ManagementDecision
    perm = VIEW
    title = gettext_lazy("Управленческие решения")
    filterset_class = DecisionFilter
    search_fields = ("title", "measures", "document_number", "responsible_text")
    search_placeholder = gettext_lazy("Решение, меры, номер документа")
    default_ordering = ("-decided_on",)
    create_url_name = "monitoring:decision_create"
    create_perm = DECIDE
    export_name = "decisions"
    empty_text = gettext_lazy(
        "Решений не найдено. Управленческие решения принимаются по итогам анализа показателей."
    )
    columns = (
        Column("decided_on", gettext_lazy("Дата"), order_by="decided_on"),
        Column("title", gettext_lazy("Решение"), link=True, order_by="title"),
        Column("scope_name", gettext_lazy("Регион или муниципалитет")),
        Column("document_number", gettext_lazy("Документ")),
        Column("responsible", gettext_lazy("Ответственный")),
        Column("deadline", gettext_lazy("Срок"), order_by="deadline"),
        Column("get_status_display", gettext_lazy("Статус"), order_by="status"),
        NameColumn("indicators", gettext_lazy("Показатели"), html=False, name_of=indicator_list),
        Column("based_on", gettext_lazy("По итогам периода"), html=False),
        Column("measures", gettext_lazy("Меры"), html=False),
        Column("result", gettext_lazy("Результат"), html=False),
        Column("done_on", gettext_lazy("Исполнено"), html=False),
    )

    def select(self, queryset):
        return queryset.select_related("region", "municipality", "responsible_person", "based_on")


class DecisionDetailView(ScopedDetailView):
    model = ManagementDecision
    perm = VIEW
    change_perm = DECIDE
    template_name = "monitoring/decision_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "region", "municipality", "responsible_person", "based_on", "created_by"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = self.object
        context.update(
            effect=selectors.decision_effect(decision),
            next_statuses=[
                (status, DecisionStatus(status).label)
                for status in services.next_statuses(decision)
            ],
            status_form=DecisionStatusForm(initial={"result": decision.result}),
            overdue=decision.is_overdue(timezone.localdate()),
        )
        return context


class DecisionFormMixin(ServiceFormMixin):
    model = ManagementDecision
    form_class = DecisionForm
    template_name = "monitoring/decision_form.html"
    success_message = gettext_lazy("Решение сохранено.")

    def save(self, form):
        return services.save_decision(form.instance, by=self.request.user)


class DecisionCreateView(DecisionFormMixin, generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(request.user, DECIDE):
            raise PermissionDenied(_("Недостаточно прав для решений."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "prefill": self.request.GET}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Новое управленческое решение"), **kwargs)


class DecisionUpdateView(DecisionFormMixin, generic.UpdateView):
    def get_object(self, queryset=None):
        decision = get_scoped_or_404(ManagementDecision, self.request.user, self.kwargs["pk"], VIEW)
        if not services.may_decide(self.request.user, decision):
            raise PermissionDenied(_("Недостаточно прав для изменения решения."))
        return decision

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        title = _("Изменение решения: %(title)s") % {"title": self.object}
        return super().get_context_data(title=title, **kwargs)


class DecisionStatusView(View):
    """POST: a new status (and the result, when done)."""

    model = ManagementDecision

    def post(self, request, pk):
        decision = get_scoped_or_404(ManagementDecision, request.user, pk, VIEW)
        if not services.may_decide(request.user, decision):
            raise PermissionDenied(_("Недостаточно прав для изменения решения."))
        form = DecisionStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Выберите статус."))
            return redirect(decision)
        try:
            services.set_decision_status(
                decision,
                form.cleaned_data["status"],
                by=request.user,
                result=form.cleaned_data["result"] if "result" in request.POST else None,
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, _("Статус решения изменён."))
        return redirect(decision)
