"""Pages of mentoring pairs. Every change goes through `services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core.forms import attach_errors
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
    get_scoped_or_404,
)
from profrost.diagnostics.selectors import deficit_map_url
from profrost.registry.models import Person

from .. import filters, forms, selectors, services
from ..models import MentoringPair

PAIR_SEARCH = (
    "mentee__last_name",
    "mentee__first_name",
    "mentee__middle_name",
    "mentor__last_name",
    "mentor__first_name",
    "mentor__middle_name",
)


class PairListView(ScopedListView):
    model = MentoringPair
    perm = Perm.VIEW_NETWORK
    title = _("Наставнические пары")
    export_name = "mentoring_pairs"
    filterset_class = filters.PairFilter
    search_fields = PAIR_SEARCH
    search_placeholder = _("ФИО наставника или наставляемого")
    default_ordering = ("-starts_on", "mentee__last_name")
    create_url_name = "mentoring:pair_create"
    create_perm = Perm.MANAGE_MENTORING
    extra_actions = (
        ("mentoring:young_without_mentor", _("Без наставника"), Perm.MANAGE_MENTORING),
        ("mentoring:program_list", _("Программы"), Perm.VIEW_NETWORK),
    )
    empty_text = _("Наставнических пар не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("mentee.full_name", _("Наставляемый"), link=True, order_by="mentee__last_name"),
        Column("mentor.full_name", _("Наставник"), order_by="mentor__last_name"),
        Column("organization", _("Организация"), order_by="organization__short_name"),
        Column("organization.municipality", _("Муниципалитет"), html=False),
        Column("get_kind_display", _("Форма"), order_by="kind"),
        Column("program", _("Программа")),
        Column("starts_on", _("Начало"), order_by="starts_on"),
        Column("planned_end_on", _("Плановое окончание"), order_by="planned_end_on"),
        Column("get_status_display", _("Состояние"), order_by="status"),
        Column("meeting_count", _("Встреч"), order_by="meeting_count"),
        Column("last_meeting_on", _("Последняя встреча"), order_by="last_meeting_on"),
        Column("ended_on", _("Дата окончания"), html=False),
        Column("goals", _("Цели и задачи"), html=False),
        Column("deficit_list", _("Дефициты"), html=False),
        Column("result", _("Результаты"), html=False),
    )

    def select(self, queryset):
        return selectors.pairs_for_list(queryset)


class PairDetailView(ScopedDetailView):
    model = MentoringPair
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MENTORING
    template_name = "mentoring/pair_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("mentor", "mentee", "organization__municipality", "program")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pair, user = self.object, self.request.user
        can_keep = selectors.may_keep(user, pair)
        context.update(meetings_context(pair, user, can_keep=can_keep))
        context.update(
            title=str(pair),
            can_keep=can_keep,
            deficits=list(selectors.mentee_deficits(pair, user)),
            mentee_young=pair.mentee.is_young_specialist(),
            person_urls=person_urls(user, pair),
            deficit_map_url=deficit_map_url(user, pair.mentee_id),
        )
        return context


def meetings_context(pair, user, *, can_keep, form=None):
    keep = can_keep and pair.is_active
    return {
        "pair": pair,
        "meetings": selectors.pair_meetings(pair),
        "can_keep_meetings": keep,
        "meeting_form": (form or forms.MeetingForm(user=user)) if keep else None,
    }


def person_urls(user, pair):
    """Links to the registry cards of the pair's people that the user may open."""
    visible = Person.objects.visible_to(user).filter(pk__in=[pair.mentor_id, pair.mentee_id])
    pks = set(visible.values_list("pk", flat=True))
    return {
        role: reverse("registry:person_detail", args=[pk])
        for role, pk in (("mentor", pair.mentor_id), ("mentee", pair.mentee_id))
        if pk in pks
    }


class PairCreateView(ServiceFormMixin, ScopedCreateView):
    model = MentoringPair
    form_class = forms.PairForm
    change_perm = Perm.MANAGE_MENTORING
    title = _("Новая наставническая пара")
    success_message = _("Наставническая пара сохранена.")

    def get_initial(self):
        initial = super().get_initial()
        for name in ("mentee", "organization", "program"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial

    def save(self, form):
        return services.create_pair(by=self.request.user, data=form.cleaned_data)


class PairUpdateView(ServiceFormMixin, ScopedUpdateView):
    model = MentoringPair
    form_class = forms.PairForm
    success_message = _("Сохранено.")
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MENTORING

    def save(self, form):
        return services.update_pair(self.object, by=self.request.user, data=form.cleaned_data)


class PairEndView(generic.FormView):
    """Completing a pair with its results (managers and the mentor), or terminating it with a
    reason (managers)."""

    model = MentoringPair
    form_class = forms.EndPairForm
    template_name = "mentoring/pair_end.html"
    terminate = False

    def dispatch(self, request, *args, **kwargs):
        self.pair = get_scoped_or_404(MentoringPair, request.user, kwargs["pk"], Perm.VIEW_NETWORK)
        allowed = (
            selectors.may_manage(request.user, self.pair)
            if self.terminate
            else selectors.may_keep(request.user, self.pair)
        )
        if not allowed:
            raise PermissionDenied(_("Недостаточно прав для изменения записи."))
        if not self.pair.is_active:
            messages.info(request, _("Наставничество уже завершено или прекращено."))
            return redirect(self.pair.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "terminate": self.terminate}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        title = _("Прекращение наставничества") if self.terminate else _("Итоги наставничества")
        context.update(pair=self.pair, title=title, terminate=self.terminate)
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if self.terminate:
                services.terminate_pair(
                    self.pair, by=self.request.user, ended_on=data["ended_on"], reason=data["text"]
                )
            else:
                services.complete_pair(
                    self.pair, by=self.request.user, ended_on=data["ended_on"], result=data["text"]
                )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "result" in error.error_dict:
                error.error_dict["text"] = error.error_dict.pop("result")
            attach_errors(form, error)
            return self.form_invalid(form)
        message = _("Наставничество прекращено.") if self.terminate else _("Итоги сохранены.")
        messages.success(self.request, message)
        return redirect(self.pair.get_absolute_url())


class PairDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = MentoringPair
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MENTORING
    success_url = reverse_lazy("mentoring:pair_list")
    delete_service = services.delete_pair


def deficit_options(request):
    """The `<option>`s of the chosen mentee's deficits, for the pair form (HTMX)."""
    mentee = forms.person_or_none(request.user, request.GET.get("mentee"))
    deficits = selectors.deficit_choices(request.user, mentee.pk if mentee else None)
    field = forms.DeficitChoiceField(queryset=deficits)
    options = [(deficit.pk, field.label_from_instance(deficit)) for deficit in deficits]
    return render(request, "mentoring/_deficit_options.html", {"options": options})
