"""Pages of targeted recommendations.

A recommendation is seen by its issuing side and by its addressee (ANSWER_RECOMMENDATIONS is the
view permission: every role that sees monitoring holds it, and a teacher holds it for what is
addressed to their own person). Outside that scope: 404. The addressee answers; the issuing side
writes, accepts, returns and closes; anyone else in the scope gets 403 for those actions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View, generic

from profrost.core.forms import attach_errors
from profrost.core.scoping import has_perm_anywhere
from profrost.core.services import require
from profrost.core.tables import Column
from profrost.core.text import plural_form
from profrost.core.views import (
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
    get_scoped_or_404,
    message_errors,
)

from .. import services
from ..filters import RecommendationFilter
from ..forms import (
    AnswerForm,
    ApplyRulesForm,
    RecommendationForm,
    RecommendationUpdateForm,
    ReviewForm,
)
from ..models import (
    MonitoringPeriod,
    PeriodStatus,
    Recommendation,
    RecommendationStatus,
)
from ..rules import RULES, rule_name
from ..selectors import indicator_name, indicator_or_none
from .common import ANSWER, COMPUTE, MANAGE, VIEW, NameColumn

RECOMMENDATION_FORMS = ("рекомендация", "рекомендации", "рекомендаций")


class RecommendationListView(ScopedListView):
    """The issuing side's list and, for an addressee, the inbox."""

    model = Recommendation
    perm = ANSWER
    title = gettext_lazy("Адресные рекомендации")
    template_name = "monitoring/recommendation_list.html"
    filterset_class = RecommendationFilter
    search_fields = (
        "title",
        "text",
        "organization__short_name",
        "municipality__name",
        "person__last_name",
    )
    search_placeholder = gettext_lazy("Тема, текст или адресат")
    default_ordering = ("-created",)
    create_url_name = "monitoring:recommendation_create"
    create_perm = MANAGE
    extra_actions = (("monitoring:recommendation_rules", gettext_lazy("Правила"), VIEW),)
    export_name = "recommendations"
    empty_text = gettext_lazy(
        "Рекомендаций не найдено. Рекомендации выдаются по итогам рассчитанного периода "
        "мониторинга — правилами или вручную."
    )
    columns = (
        Column("created", gettext_lazy("Создана"), order_by="created"),
        Column("title", gettext_lazy("Тема"), link=True, order_by="title"),
        Column("addressee_name", gettext_lazy("Кому")),
        Column("get_addressee_level_display", gettext_lazy("Адресат"), html=False),
        NameColumn("indicator", gettext_lazy("Показатель"), name_of=indicator_name),
        NameColumn("rule", gettext_lazy("Правило"), html=False, name_of=rule_name),
        Column("period", gettext_lazy("Период")),
        Column("value", gettext_lazy("Значение"), html=False),
        Column("threshold", gettext_lazy("Порог (цель)"), html=False),
        Column("deadline", gettext_lazy("Срок ответа"), order_by="deadline"),
        Column("get_status_display", gettext_lazy("Статус"), order_by="status"),
        Column("text", gettext_lazy("Текст"), html=False),
        Column("answer", gettext_lazy("Ответ"), html=False),
        Column("answered_at", gettext_lazy("Дата ответа"), html=False),
    )

    def select(self, queryset):
        return queryset.select_related("organization", "municipality", "person", "period")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        inbox = Recommendation.objects.answerable_by(user, ANSWER).filter(
            status=RecommendationStatus.NEW
        )
        context["inbox_waiting"] = inbox.count()
        context["is_issuer"] = has_perm_anywhere(user, MANAGE)
        return context


class RecommendationDetailView(ScopedDetailView):
    model = Recommendation
    perm = ANSWER
    template_name = "monitoring/recommendation_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "organization__municipality",
                "municipality",
                "person",
                "period",
                "region",
                "created_by",
                "answered_by",
                "reviewed_by",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_manage = services.may_manage(self.request.user, self.object)
        context.update(recommendation_context(self.request, self.object, can_manage))
        return context


def recommendation_context(request, recommendation, can_manage, answer_form=None, review=None):
    may_answer = services.may_answer(request.user, recommendation)
    return {
        "object": recommendation,
        "can_change": can_manage,
        "may_answer": may_answer and recommendation.is_open,
        "may_manage": can_manage,
        "answer_form": answer_form
        or AnswerForm(initial={"answer": recommendation.answer} if recommendation.answer else None),
        "review_form": review or ReviewForm(),
        "can_view_period": has_perm_anywhere(request.user, VIEW),
        "overdue": recommendation.is_overdue(),
        "rule": RULES.get(recommendation.rule),
        "indicator": indicator_or_none(recommendation.indicator),
    }


class RecommendationCreateView(ServiceFormMixin, generic.FormView):
    """A recommendation written by hand; pre-filled from ?period=&indicator=&organization= (or
    municipality=, person=)."""

    form_class = RecommendationForm
    template_name = "monitoring/recommendation_form.html"
    success_message = gettext_lazy("Рекомендация отправлена адресату.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(request.user, MANAGE):
            raise PermissionDenied(_("Рекомендации пишут методисты."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "prefill": self.request.GET}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Новая адресная рекомендация"), addressing=True, **kwargs
        )

    def save(self, form):
        data = form.cleaned_data
        return services.create_recommendation(
            by=self.request.user,
            title=data["title"],
            text=data["text"],
            organization=data.get("organization"),
            municipality=data.get("municipality"),
            person=data.get("person"),
            period=data.get("period"),
            indicator=data.get("indicator") or "",
            deadline=data.get("deadline"),
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class RecommendationMixin:
    """One recommendation of the user's scope (404 outside)."""

    model = Recommendation

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.recommendation = get_scoped_or_404(
                Recommendation, request.user, kwargs["pk"], ANSWER
            )
        return super().dispatch(request, *args, **kwargs)

    def detail(self):
        return redirect(self.recommendation)


class RecommendationUpdateView(RecommendationMixin, ServiceFormMixin, generic.FormView):
    form_class = RecommendationUpdateForm
    template_name = "monitoring/recommendation_form.html"
    success_message = gettext_lazy("Рекомендация изменена.")

    def get(self, request, *args, **kwargs):
        self.check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check()
        return super().post(request, *args, **kwargs)

    def check(self):
        if not services.may_manage(self.request.user, self.recommendation):
            raise PermissionDenied(_("Изменять рекомендацию может тот, кто её выдал."))

    def get_initial(self):
        recommendation = self.recommendation
        return {
            "title": recommendation.title,
            "text": recommendation.text,
            "deadline": recommendation.deadline,
        }

    def get_context_data(self, **kwargs):
        title = _("Изменение рекомендации: %(title)s") % {"title": self.recommendation}
        return super().get_context_data(title=title, **kwargs)

    def save(self, form):
        data = form.cleaned_data
        return services.update_recommendation(self.recommendation, by=self.request.user, **data)

    def get_success_url(self):
        return self.recommendation.get_absolute_url()


class RecommendationAnswerView(RecommendationMixin, View):
    """The addressee's answer: the form on the detail page, button «Ответить»."""

    def post(self, request, pk):
        recommendation = self.recommendation
        if not services.may_answer(request.user, recommendation):
            raise PermissionDenied(_("Ответить может только адресат рекомендации."))
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_recommendation(
                    recommendation, by=request.user, answer=form.cleaned_data["answer"]
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Ответ отправлен."))
                return self.detail()
        can_manage = services.may_manage(request.user, recommendation)
        context = recommendation_context(request, recommendation, can_manage, answer_form=form)
        return render(request, "monitoring/recommendation_detail.html", context)


class RecommendationReviewView(RecommendationMixin, View):
    """The issuing side accepts the answer, returns it for more work, or closes."""

    action = ""
    done_messages = {
        "accept": gettext_lazy("Ответ принят."),
        "return": gettext_lazy("Рекомендация возвращена адресату на доработку."),
        "close": gettext_lazy("Рекомендация закрыта."),
    }

    def post(self, request, pk):
        recommendation = self.recommendation
        if not services.may_manage(request.user, recommendation):
            raise PermissionDenied(_("Рассматривает ответ тот, кто выдал рекомендацию."))
        form = ReviewForm(request.POST)
        form.is_valid()
        note = form.cleaned_data.get("note", "")
        service = {
            "accept": services.accept_recommendation,
            "return": services.return_recommendation,
            "close": services.close_recommendation,
        }[self.action]
        try:
            service(recommendation, by=request.user, note=note)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                attach_errors(form, error)
                context = recommendation_context(request, recommendation, True, review=form)
                return render(request, "monitoring/recommendation_detail.html", context)
            message_errors(request, error)
            return self.detail()
        messages.success(request, self.done_messages[self.action])
        return self.detail()


class RecommendationRulesView(generic.TemplateView):
    """The rules, what each reads and its threshold; and the periods they may be applied to."""

    template_name = "monitoring/recommendation_rules.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(request.user, VIEW):
            raise PermissionDenied(_("Недостаточно прав."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        periods = (
            MonitoringPeriod.objects.changeable_by(self.request.user, COMPUTE)
            .filter(status=PeriodStatus.COMPUTED)
            .select_related("municipality", "region")
            .order_by("-ends_on", "title")[:10]
        )
        return super().get_context_data(
            rules=list(RULES.values()), periods=periods, apply_form=ApplyRulesForm(), **kwargs
        )


class ApplyRulesView(View):
    """POST: the rules write their recommendations for a computed period (idempotent)."""

    model = MonitoringPeriod

    def post(self, request, pk):
        period = get_scoped_or_404(MonitoringPeriod, request.user, pk, VIEW)
        require(
            MonitoringPeriod.objects.changeable_by(request.user, COMPUTE),
            period,
            _("Правила применяет тот, кто рассчитывает период."),
        )
        form = ApplyRulesForm(request.POST)
        if not form.is_valid():
            message_errors(request, ValidationError(form.errors["deadline"]))
            return redirect(period)
        try:
            created = services.apply_rules(
                period, by=request.user, deadline=form.cleaned_data.get("deadline")
            )
        except ValidationError as error:
            message_errors(request, error)
            return redirect(period)
        total = sum(created.values())
        if total:
            messages.success(
                request,
                _("Выдано %(count)s %(noun)s по правилам.")
                % {"count": total, "noun": plural_form(total, RECOMMENDATION_FORMS)},
            )
        else:
            messages.info(
                request, _("Новых рекомендаций нет: правила уже применялись или не сработали.")
            )
        return redirect(reverse("monitoring:recommendation_list") + f"?period={period.pk}")
