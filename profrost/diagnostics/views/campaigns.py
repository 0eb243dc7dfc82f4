"""Campaign pages, a person's own diagnostics, and taking a diagnostic.

The views are thin: assigning, answering, submitting and the campaign changes are `services`, the
reads with their annotations are `selectors`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View, generic

from profrost.core import audit
from profrost.core.exporters import write_xlsx, xlsx_response
from profrost.core.roles import Perm
from profrost.core.services import refusal, require
from profrost.core.tables import Column
from profrost.core.text import plural_form
from profrost.core.views import (
    RefusalAuditMixin,
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    ServiceDeleteMixin,
    get_scoped_or_404,
)

from .. import selectors, services
from ..filters.campaigns import CampaignFilter
from ..forms.campaigns import CampaignForm
from ..models import Attempt, Campaign, CampaignStatus, CompetenceResult, Item, ItemKind

PEOPLE_DATIVE = ("работнику", "работникам", "работникам")
ITEM_FORMS = ("вопрос", "вопроса", "вопросов")
LEVEL_BADGES = {
    "deficit": "text-bg-danger",
    "partial": "text-bg-warning",
    "proficient": "text-bg-success",
}
ATTEMPTS_PER_PAGE = 50


def assigned_message(count):
    return _("Назначено %(count)s %(people)s.") % {
        "count": count,
        "people": plural_form(count, PEOPLE_DATIVE),
    }


# Campaigns --------------------------------------------------------------------------------------


class CampaignListView(ScopedListView):
    model = Campaign
    perm = Perm.VIEW_DIAGNOSTICS
    title = gettext_lazy("Диагностические кампании")
    export_name = "campaigns"
    filterset_class = CampaignFilter
    search_fields = ("title",)
    search_placeholder = gettext_lazy("Название кампании")
    default_ordering = ("-starts_on", "title")
    create_url_name = "diagnostics:campaign_create"
    create_perm = Perm.MANAGE_CAMPAIGNS
    empty_text = gettext_lazy("Кампаний не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("title", gettext_lazy("Кампания"), link=True, order_by="title"),
        Column("instrument", gettext_lazy("Инструмент"), order_by="instrument__title"),
        Column("get_level_display", gettext_lazy("Уровень"), order_by="level"),
        Column("target", gettext_lazy("Охват")),
        Column("starts_on", gettext_lazy("Начало"), order_by="starts_on"),
        Column("ends_on", gettext_lazy("Окончание"), order_by="ends_on"),
        Column("status_label", gettext_lazy("Статус")),
        Column("assigned_count", gettext_lazy("Назначено"), order_by="assigned_count"),
        Column("submitted_count", gettext_lazy("Завершили"), order_by="submitted_count"),
    )

    def select(self, queryset):
        return selectors.campaigns_for_list(queryset, self.request.user)


class CampaignDetailView(ScopedDetailView):
    model = Campaign
    perm = Perm.VIEW_DIAGNOSTICS
    change_perm = Perm.MANAGE_CAMPAIGNS
    template_name = "diagnostics/campaign_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("instrument", "region", "municipality", "organization")
            .prefetch_related("positions", "subjects")
        )

    def export(self):
        campaign = self.object
        headers = [
            _("ФИО"),
            _("Организация"),
            _("Статус"),
            _("Назначена"),
            _("Начата"),
            _("Завершена"),
            _("Отвечено вопросов"),
        ]
        rows = (
            [
                attempt.person.full_name,
                attempt.organization.short_name if attempt.organization else "",
                attempt.get_status_display(),
                timezone.localtime(attempt.created),
                timezone.localtime(attempt.started_at) if attempt.started_at else None,
                timezone.localtime(attempt.submitted_at) if attempt.submitted_at else None,
                attempt.answered,
            ]
            for attempt in selectors.campaign_attempts(campaign, self.request.user).iterator(
                chunk_size=2000
            )
        )
        audit.log(self.request.user, "diagnostics.campaign.attempts_exported", campaign)
        return xlsx_response(f"campaign_{campaign.pk}", write_xlsx(headers, rows, _("Участники")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        user = self.request.user
        total, by_organization = selectors.campaign_progress(campaign, user)
        page = Paginator(selectors.campaign_attempts(campaign, user), ATTEMPTS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context.update(
            status=CampaignStatus(campaign.status),
            started=selectors.is_started(campaign),
            total=total,
            by_organization=by_organization,
            page_obj=page,
            attempts=page.object_list,
            instrument_url=reverse("diagnostics:instrument_detail", args=[campaign.instrument_id]),
        )
        return context


class CampaignCreateView(ScopedCreateView):
    model = Campaign
    form_class = CampaignForm
    change_perm = Perm.MANAGE_CAMPAIGNS
    title = gettext_lazy("Новая диагностическая кампания")

    def form_valid(self, form):
        try:
            self.object, count = services.create_campaign(
                by=self.request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        if count:
            messages.success(self.request, assigned_message(count))
        else:
            messages.warning(
                self.request,
                _(
                    "Кампания создана, но в её охвате нет ни одного работника: "
                    "проверьте уровень, должности и предметы."
                ),
            )
        return redirect(self.object)


class CampaignUpdateView(ScopedUpdateView):
    model = Campaign
    form_class = CampaignForm
    change_perm = Perm.MANAGE_CAMPAIGNS

    def form_valid(self, form):
        try:
            count = services.update_campaign(
                self.object, by=self.request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        text = _("Сохранено.")
        if count is not None:
            text += " " + _("Участники назначены заново.") + " " + assigned_message(count)
        messages.success(self.request, text)
        return redirect(self.object)


class CampaignDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = Campaign
    change_perm = Perm.MANAGE_CAMPAIGNS
    template_name = "diagnostics/campaign_confirm_delete.html"
    success_url = reverse_lazy("diagnostics:campaign_list")
    delete_service = services.delete_campaign
    deleted_message = gettext_lazy("Кампания «%(object)s» удалена.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["started"] = selectors.is_started(self.object)
        context["assigned"] = self.object.attempts.count()
        return context


class CampaignAssignView(View):
    """«Обновить список участников»: assigns the campaign to newcomers of its target."""

    model = Campaign
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        # The object first: outside the scope it is 404 whatever the method.
        self.campaign = get_scoped_or_404(
            Campaign, request.user, kwargs["pk"], Perm.VIEW_DIAGNOSTICS
        )
        require(
            Campaign.objects.changeable_by(request.user, Perm.MANAGE_CAMPAIGNS),
            self.campaign,
            _("Недостаточно прав для изменения кампании."),
        )
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            count = services.assign_newcomers(self.campaign, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(self.campaign)
        if count:
            messages.success(request, assigned_message(count))
        else:
            messages.info(
                request, _("Новых участников нет: все работники из охвата уже назначены.")
            )
        return redirect(self.campaign)


# A person's own diagnostics ---------------------------------------------------------------------


class MyDiagnosticsView(generic.TemplateView):
    template_name = "diagnostics/my_diagnostics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person_id = self.request.user.person_id
        attempts = selectors.attempts_of_person(person_id) if person_id else []
        context.update(
            title=_("Мои диагностики"), rows=selectors.attempt_rows(attempts), person_id=person_id
        )
        return context


# Taking a diagnostic ----------------------------------------------------------------------------


def visible_attempts(user):
    return selectors.attempts_visible_to(user).select_related(
        "campaign__instrument", "person", "organization"
    )


def number_text(value):
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def item_entry(item, answer, position, *, saved=False, error=""):
    """What one item's form shows: the stored answer, and the outcome of the last save."""
    entry = {
        "item": item,
        "position": position,
        "selected": set(answer.options) if answer else set(),
        "number": answer.number if answer else None,
        "number_text": number_text(answer.number) if answer else "",
        "text": answer.text if answer else "",
        "saved": saved,
        "error": error,
    }
    if item.kind == ItemKind.SCALE:
        entry["scale_values"] = list(range(item.scale_min, item.scale_max + 1))
    return entry


def item_entries(attempt):
    items = attempt.campaign.instrument.items.prefetch_related("options")
    answers = {answer.item_id: answer for answer in attempt.answers.all()}
    return [
        item_entry(item, answers.get(item.pk), position)
        for position, item in enumerate(items, start=1)
    ]


def answer_block(attempt, user):
    """Why the user may not answer, or "" when they may."""
    if attempt.is_submitted:
        when = timezone.localtime(attempt.submitted_at).strftime("%d.%m.%Y")
        return _("Диагностика завершена %(date)s: ответы изменить нельзя.") % {"date": when}
    denied = _("Отвечать может только сам участник диагностики.")
    return refusal(services.check_can_answer, attempt, user, denied=denied)


def counter_context(attempt):
    return {
        "answered": selectors.answered_count(attempt),
        "total": attempt.campaign.instrument.items.count(),
    }


class AttemptDetailView(RefusalAuditMixin, generic.DetailView):
    """The person answers here while the campaign runs; afterwards, the results. Another
    person's results opened are audited."""

    model = Attempt
    template_name = "diagnostics/attempt_detail.html"

    def get_queryset(self):
        return visible_attempts(self.request.user)

    def get_object(self, queryset=None):
        attempt = super().get_object(queryset)
        if attempt.person_id != self.request.user.person_id and attempt.is_submitted:
            audit.log(
                self.request.user, "diagnostics.attempt.viewed", attempt, person=attempt.person_id
            )
        return attempt

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempt = self.object
        user = self.request.user
        own = user.person_id is not None and user.person_id == attempt.person_id
        block = answer_block(attempt, user)
        results = []
        if attempt.is_submitted:
            results = list(
                CompetenceResult.objects.filter(attempt=attempt)
                .filter(CompetenceResult.private_filter(user))
                .select_related("competence__group")
                .order_by("competence__group__order", "competence__order", "competence__code")
            )
            for result in results:
                result.badge = LEVEL_BADGES.get(result.level, "text-bg-secondary")
        context.update(
            title=attempt.campaign.title,
            own=own,
            editable=not block,
            notice=block,
            entries=item_entries(attempt) if own else [],
            results=results,
            deficit_map_url=reverse("diagnostics:deficit_map", args=[attempt.person_id]),
            campaign_visible=Campaign.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS)
            .filter(pk=attempt.campaign_id)
            .exists(),
            days_left=selectors.days_left_phrase(attempt.campaign.ends_on, timezone.localdate()),
            **counter_context(attempt),
        )
        return context


class AttemptAnswerView(View):
    """Saves one item's answer. With HTMX it answers with the item and the counter; without
    JavaScript the form posts here and comes back to the attempt page."""

    def dispatch(self, request, *args, **kwargs):
        self.attempt = get_object_or_404(visible_attempts(request.user), pk=kwargs["attempt_pk"])
        items = Item.objects.filter(instrument=self.attempt.campaign.instrument_id)
        self.item = get_object_or_404(items.prefetch_related("options"), pk=kwargs["item_pk"])
        return super().dispatch(request, *args, **kwargs)

    def page_url(self):
        return f"{self.attempt.get_absolute_url()}#item-{self.item.pk}"

    def get(self, request, *args, **kwargs):
        return redirect(self.page_url())

    def post(self, request, *args, **kwargs):
        error = ""
        try:
            self.save(request)
        except ValidationError as exc:
            error = exc.messages[0]
        if request.htmx:
            return self.render_item(request, error)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Ответ сохранён."))
        return redirect(self.page_url())

    def save(self, request):
        user = request.user
        services.check_can_answer(self.attempt, user)  # 403 for anyone but the person
        options = request.POST.getlist("options")
        if not all(option.strip().isdigit() for option in options):
            raise ValidationError(_("Выбран вариант, которого нет в вопросе."))
        services.save_answer(
            self.attempt,
            self.item,
            by=user,
            options=options,
            number=request.POST.get("number"),
            text=request.POST.get("text", ""),
        )

    def render_item(self, request, error):
        answer = self.attempt.answers.filter(item=self.item).first()
        item_ids = list(
            Item.objects.filter(instrument=self.item.instrument_id).values_list("pk", flat=True)
        )
        position = item_ids.index(self.item.pk) + 1
        context = {
            "attempt": self.attempt,
            "entry": item_entry(self.item, answer, position, saved=not error, error=error),
            "editable": True,
            "oob": True,
            **counter_context(self.attempt),
        }
        return render(request, "diagnostics/_attempt_answer_response.html", context)


class AttemptSubmitView(generic.DetailView):
    """«Завершить»: a confirmation that names the unanswered items, then one submission."""

    model = Attempt
    template_name = "diagnostics/attempt_confirm_submit.html"

    def get_queryset(self):
        return visible_attempts(self.request.user)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            services.check_can_answer(self.object, request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(self.object)
        counts = counter_context(self.object)
        unanswered = counts["total"] - counts["answered"]
        context = self.get_context_data(
            object=self.object,
            unanswered=unanswered,
            unanswered_forms=plural_form(unanswered, ITEM_FORMS),
            **counts,
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        attempt = self.get_object()
        try:
            services.submit_attempt(attempt, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(attempt)
        messages.success(request, _("Диагностика завершена. Ниже — ваши результаты."))
        return redirect(attempt)
