"""Competitions and participations in them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from profrost.core import audit
from profrost.core.exporters import write_xlsx, xlsx_response
from profrost.core.forms import attach_errors
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.core.tables import Column
from profrost.core.views import ScopedDetailView, ScopedFormMixin, ScopedListView

from . import filters, forms, selectors, services
from .mixins import (
    FactCreateView,
    FactDeleteView,
    FactObjectMixin,
    FactUpdateView,
    RecordDetailView,
    next_url,
)
from .models import Competition, CompetitionParticipation

PARTICIPANTS_PER_PAGE = 50


# Competitions -----------------------------------------------------------------------------------


class CompetitionListView(ScopedListView):
    model = Competition
    perm = Perm.VIEW_NETWORK
    title = gettext_lazy("Конкурсы профессионального мастерства")
    export_name = "competitions"
    filterset_class = filters.CompetitionFilter
    search_fields = ("title", "organizer")
    search_placeholder = gettext_lazy("Название или организатор")
    default_ordering = ("-year", "title")
    create_url_name = "achievements:competition_create"
    create_perm = Perm.MANAGE_ACHIEVEMENTS
    empty_text = gettext_lazy("Конкурсов не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("title", gettext_lazy("Конкурс"), link=True, order_by="title"),
        Column("get_level_display", gettext_lazy("Уровень"), order_by="level"),
        Column("year", gettext_lazy("Год"), order_by="year"),
        Column("organizer", gettext_lazy("Организатор")),
        Column("holder", gettext_lazy("Проводит")),
        Column("participant_count", gettext_lazy("Участников"), order_by="participant_count"),
        Column(
            "awarded_count",
            gettext_lazy("Победителей, призёров, лауреатов"),
            order_by="awarded_count",
        ),
        Column("description", gettext_lazy("Описание"), html=False),
    )

    def select(self, queryset):
        return selectors.competitions_for_list(queryset)


class CompetitionDetailView(ScopedDetailView):
    model = Competition
    perm = Perm.VIEW_NETWORK
    template_name = "achievements/competition_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "municipality", "organization")

    def export(self):
        competition = self.object
        headers = [
            _("ФИО"),
            _("Организация"),
            _("Муниципалитет"),
            _("Этап"),
            _("Результат"),
            _("Номинация"),
            _("Дата результата"),
            _("Документ"),
        ]
        participants = selectors.competition_participants(
            competition, self.request.user
        ).select_related("organization__municipality")
        rows = (
            [
                item.person.full_name,
                item.organization.short_name if item.organization else "",
                item.organization.municipality.name if item.organization else "",
                item.stage.title if item.stage else "",
                item.get_result_display(),
                item.nomination,
                item.result_date,
                item.document,
            ]
            for item in participants.iterator(chunk_size=2000)
        )
        audit.log(self.request.user, "achievements.competition.participants_exported", competition)
        return xlsx_response(
            f"competition_{competition.pk}", write_xlsx(headers, rows, _("Участники"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        competition = self.object
        user = self.request.user
        page = Paginator(
            selectors.competition_participants(competition, user), PARTICIPANTS_PER_PAGE
        ).get_page(self.request.GET.get("page"))
        changeable = set(
            services.changeable(CompetitionParticipation, user)
            .filter(pk__in=[item.pk for item in page.object_list])
            .values_list("pk", flat=True)
        )
        add_url = reverse("achievements:participation_create") + f"?competition={competition.pk}"
        own = None
        if user.person_id:
            own = competition.participations.filter(person_id=user.person_id).first()
        may_add_own = (
            user.person_id
            and own is None
            and services.recordable_people(user, CompetitionParticipation)
            .filter(pk=user.person_id)
            .exists()
        )
        context.update(
            can_change=services.may_change(competition, user),
            stages=competition.stages.all(),
            results=selectors.competition_results(competition),
            total=competition.participations.count(),
            page_obj=page,
            participants=page.object_list,
            changeable=changeable,
            can_add=not resolve_scope(user, Perm.MANAGE_ACHIEVEMENTS).empty,
            add_url=add_url,
            own=own,
            add_own_url=f"{add_url}&person={user.person_id}" if may_add_own else "",
        )
        return context


class CompetitionFormMixin:
    """The competition form with its stages as a formset, saved by one service call."""

    model = Competition
    form_class = forms.CompetitionForm
    template_name = "achievements/competition_form.html"

    def get_formset(self):
        if self.request.method == "POST":
            return forms.StageFormSet(self.request.POST, prefix="stages")
        return forms.StageFormSet(initial=forms.stage_initial(self.object), prefix="stages")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("stage_formset", self.get_formset())
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formset = self.get_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, stage_formset=formset))
        try:
            self.object = services.save_competition(
                form.instance, by=request.user, stages=formset.stages()
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form, stage_formset=formset))
        messages.success(request, _("Сохранено."))
        return redirect(self.object)


class CompetitionCreateView(CompetitionFormMixin, ScopedFormMixin, generic.CreateView):
    title = gettext_lazy("Новый конкурс профессионального мастерства")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_create(request.user, Competition):
            raise PermissionDenied(_("Недостаточно прав для создания конкурса."))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = None
        return super().post(request, *args, **kwargs)


class CompetitionUpdateView(
    CompetitionFormMixin, ScopedFormMixin, FactObjectMixin, generic.UpdateView
):
    def get_title(self):
        return _("Изменение: %(object)s") % {"object": self.object}

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)


class CompetitionDeleteView(FactDeleteView):
    model = Competition
    delete_service = services.delete_competition
    success_url = reverse_lazy("achievements:competition_list")


# Participations ---------------------------------------------------------------------------------


class ParticipationListView(ScopedListView):
    model = CompetitionParticipation
    perm = Perm.VIEW_NETWORK
    title = gettext_lazy("Участие в конкурсах")
    export_name = "competition_participations"
    filterset_class = filters.ParticipationFilter
    search_fields = (
        "person__last_name",
        "person__first_name",
        "person__middle_name",
        "competition__title",
    )
    search_placeholder = gettext_lazy("ФИО или конкурс")
    default_ordering = ("-competition__year", "competition__title", "person__last_name")
    create_url_name = "achievements:participation_create"
    create_perm = Perm.MANAGE_ACHIEVEMENTS
    empty_text = gettext_lazy("Участий не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("person.full_name", gettext_lazy("ФИО"), link=True, order_by="person__last_name"),
        Column(
            "organization.short_name",
            gettext_lazy("Организация"),
            order_by="organization__short_name",
        ),
        Column("organization.municipality", gettext_lazy("Муниципалитет"), html=False),
        Column("competition.title", gettext_lazy("Конкурс"), order_by="competition__title"),
        Column(
            "competition.get_level_display", gettext_lazy("Уровень"), order_by="competition__level"
        ),
        Column("competition.year", gettext_lazy("Год"), order_by="competition__year"),
        Column("stage", gettext_lazy("Этап")),
        Column("get_result_display", gettext_lazy("Результат"), order_by="rank"),
        Column("nomination", gettext_lazy("Номинация"), html=False),
        Column("result_date", gettext_lazy("Дата результата"), html=False),
        Column("person.is_young_specialist", gettext_lazy("Молодой специалист")),
    )

    def select(self, queryset):
        return selectors.participations_for_list(queryset).annotate(rank=selectors.RESULT_RANK)


class ParticipationDetailView(RecordDetailView):
    model = CompetitionParticipation
    related = ("competition", "person", "stage", "organization")
    title = gettext_lazy("Участие в конкурсе")
    list_name = "achievements:participation_list"
    list_title = gettext_lazy("Участие в конкурсах")
    names = ("result", "stage", "nomination", "result_date", "document")
    update_name = "achievements:participation_update"
    delete_name = "achievements:participation_delete"

    def heading(self):
        return self.object.competition.title

    def lead_fields(self):
        competition = self.object.competition
        return [(_("Конкурс"), competition, competition.get_absolute_url())]


class ParticipationCreateView(FactCreateView):
    model = CompetitionParticipation
    form_class = forms.ParticipationForm
    service = services.save_participation
    title = gettext_lazy("Участие в конкурсе")

    def competition(self):
        value = self.request.GET.get("competition", "")
        if not value.isdigit():
            return None
        return selectors.visible_competitions(self.request.user).filter(pk=value).first()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "competition": self.competition()}

    def get_success_url(self):
        return next_url(self.request) or self.object.competition.get_absolute_url()


class ParticipationUpdateView(FactUpdateView):
    model = CompetitionParticipation
    form_class = forms.ParticipationForm
    service = services.save_participation


class ParticipationDeleteView(FactDeleteView):
    model = CompetitionParticipation
    delete_service = services.delete_participation

    def get_success_url(self):
        return self.object.competition.get_absolute_url()
