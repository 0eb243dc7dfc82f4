"""Pages of the regional methodical asset: the register with each methodist's load against the
cap, the assignment of teachers, the teachers without a methodist and the balancing. Every
change goes through `services`."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.tables import Column
from profrost.core.text import count_phrase
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

from . import balancing, filters, forms, selectors, services
from .models import METHODIST_LOAD_CAP, Methodist, MethodistAssignment

MANAGE = Perm.MANAGE_METHODISTS
TEACHER_FORMS = ("педагог", "педагога", "педагогов")
NAME_SEARCH = ("person__last_name", "person__first_name", "person__middle_name")


class ManagerRequiredMixin:
    """Pages for those who keep the register: the region and the ЦНППМ."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(request.user, MANAGE):
            raise PermissionDenied(_("Реестр методического актива ведут регион и ЦНППМ."))
        return super().dispatch(request, *args, **kwargs)


def changeable_methodist_or_403(user, pk):
    """The methodist the user sees (else 404) and may change (else 403)."""
    methodist = get_scoped_or_404(Methodist, user, pk)
    if not selectors.may_change(user, methodist):
        raise PermissionDenied(_("Недостаточно прав для изменения записи."))
    return methodist


# The register ----------------------------------------------------------------------------------


class MethodistListView(ScopedListView):
    model = Methodist
    title = _("Региональный методический актив")
    export_name = "methodists"
    filterset_class = filters.MethodistFilter
    search_fields = NAME_SEARCH
    search_placeholder = _("ФИО методиста")
    default_ordering = ("person__last_name", "person__first_name", "person__middle_name")
    create_url_name = "methodists:methodist_create"
    create_perm = MANAGE
    extra_actions = (
        ("methodists:unassigned_teachers", _("Педагоги без методиста"), MANAGE),
        ("methodists:methodist_balancing", _("Распределение"), MANAGE),
    )
    template_name = "methodists/methodist_list.html"
    partial_template_name = "methodists/methodist_list_table.html"
    empty_text = _("Методистов не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("person.full_name", _("ФИО"), link=True, order_by="person__last_name"),
        Column("organization_name", _("Место работы")),
        Column("area_name", _("Муниципалитет"), order_by="area_name"),
        Column("subjects", _("Предметы")),
        Column("directions", _("Направления работы"), html=False),
        Column("load", _("Нагрузка"), order_by="load"),
        Column("load_cap", _("Предельная нагрузка"), html=False),
        Column("included_on", _("Включён"), order_by="included_on"),
        Column("document", _("Основание"), html=False),
        Column("excluded_on", _("Исключён"), order_by="excluded_on"),
        Column("region", _("Регион"), html=False),
    )

    def select(self, queryset):
        return selectors.methodists_for_list(queryset).annotate(
            area_name=Coalesce("municipality__name", Value(str(_("Весь регион"))))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            summary=selectors.asset_summary(
                Methodist.objects.visible_to(self.request.user, self.perm)
            ),
            load_cap=METHODIST_LOAD_CAP,
        )
        return context


class MethodistDetailView(ScopedDetailView):
    model = Methodist
    change_perm = MANAGE
    template_name = "methodists/methodist_detail.html"

    def get_queryset(self):
        return selectors.with_load(super().get_queryset()).select_related(
            "person", "region", "municipality"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        methodist, user = self.object, self.request.user
        active = list(selectors.active_assignments(methodist, user))
        ended = selectors.ended_assignments(methodist, user)
        context.update(
            title=str(methodist),
            subjects=methodist.subjects.all(),
            active_assignments=active,
            hidden_count=methodist.load - len(active),
            ended_assignments=ended[:100],
            ended_count=ended.count(),
            has_assignments=methodist.assignments.exists(),
            person_url=_person_url(user, methodist.person_id),
            load_percent=_percent(methodist.load, methodist.load_cap),
        )
        return context


def _person_url(user, person_id):
    if Person.objects.visible_to(user).filter(pk=person_id).exists():
        return reverse("registry:person_detail", args=[person_id])
    return ""


def _percent(load, cap):
    return min(100, round(load * 100 / cap)) if cap else 0


class MethodistCreateView(ServiceFormMixin, ScopedCreateView):
    model = Methodist
    form_class = forms.MethodistForm
    change_perm = MANAGE
    title = _("Новый методист регионального актива")
    success_message = _("Методист включён в региональный методический актив.")

    def save(self, form):
        return services.create_methodist(by=self.request.user, data=form.cleaned_data)


class MethodistUpdateView(ServiceFormMixin, ScopedUpdateView):
    model = Methodist
    form_class = forms.MethodistForm
    change_perm = MANAGE
    success_message = _("Сведения о методисте сохранены.")

    def save(self, form):
        return services.update_methodist(self.object, by=self.request.user, data=form.cleaned_data)


class MethodistExcludeView(ServiceFormMixin, generic.FormView):
    """Excluding a methodist from the asset, after a confirmation that names what ends."""

    model = Methodist
    form_class = forms.ExcludeForm
    template_name = "methodists/methodist_exclude.html"

    def dispatch(self, request, *args, **kwargs):
        self.methodist = changeable_methodist_or_403(request.user, kwargs["pk"])
        if self.methodist.excluded_on:
            messages.info(request, _("Методист уже исключён из актива."))
            return redirect(self.methodist.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        active = self.methodist.assignments.filter(ends_on__isnull=True).count()
        context.update(
            title=_("Исключение из актива: %(name)s") % {"name": self.methodist},
            methodist=self.methodist,
            active_count=active,
        )
        return context

    success_message = _("Методист исключён из актива.")

    def save(self, form):
        excluded_on = form.cleaned_data["excluded_on"]
        return services.exclude_methodist(
            self.methodist, by=self.request.user, excluded_on=excluded_on
        )

    def get_success_url(self):
        return self.methodist.get_absolute_url()


class MethodistDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = Methodist
    change_perm = MANAGE
    template_name = "methodists/methodist_delete.html"
    success_url = reverse_lazy("methodists:methodist_list")
    delete_service = services.delete_methodist

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_assignments"] = self.object.assignments.exists()
        return context


# Assignments -----------------------------------------------------------------------------------


class AssignmentCreateView(ServiceFormMixin, generic.FormView):
    """A teacher assigned to a methodist: from the methodist's page (the methodist fixed) or from
    the list of teachers without a methodist (both chosen here)."""

    model = MethodistAssignment
    form_class = forms.AssignmentForm
    template_name = "methodists/methodist_assign.html"

    def dispatch(self, request, *args, **kwargs):
        self.methodist = None
        if "methodist_pk" in kwargs:
            self.methodist = changeable_methodist_or_403(request.user, kwargs["methodist_pk"])
            self.methodist.load = selectors.with_load(
                Methodist.objects.filter(pk=self.methodist.pk)
            ).values_list("load", flat=True)[0]
            if self.methodist.excluded_on:
                messages.error(request, _("Методист исключён из актива: закреплять нельзя."))
                return redirect(self.methodist.get_absolute_url())
        elif not has_perm_anywhere(request.user, MANAGE):
            raise PermissionDenied(_("Закреплять педагогов за методистами могут регион и ЦНППМ."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "methodist": self.methodist}

    def get_initial(self):
        initial = super().get_initial()
        for name in ("person", "methodist"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        methodist = self.methodist
        context.update(
            title=_("Закрепление педагога за методистом"),
            methodist=methodist,
            load_percent=_percent(methodist.load, methodist.load_cap) if methodist else 0,
            back_url=methodist.get_absolute_url()
            if methodist
            else reverse("methodists:unassigned_teachers"),
        )
        return context

    def save(self, form):
        data = form.cleaned_data
        return services.assign_teacher(
            data["methodist"],
            data["person"],
            by=self.request.user,
            starts_on=data["starts_on"],
            over_cap=data.get("over_cap", False),
        )

    def get_success_message(self):
        return _("%(person)s закреплён(а) за методистом %(methodist)s.") % {
            "person": self.object.person,
            "methodist": self.object.methodist,
        }

    def get_success_url(self):
        if self.methodist is None:
            return reverse("methodists:unassigned_teachers")
        return self.methodist.get_absolute_url()


class AssignmentEndView(ServiceFormMixin, generic.FormView):
    model = MethodistAssignment
    form_class = forms.EndAssignmentForm
    template_name = "methodists/methodist_assignment_end.html"

    def dispatch(self, request, *args, **kwargs):
        self.assignment = get_scoped_or_404(MethodistAssignment, request.user, kwargs["pk"])
        if not selectors.may_change(request.user, self.assignment.methodist):
            raise PermissionDenied(_("Недостаточно прав для изменения записи."))
        if self.assignment.ends_on:
            messages.info(request, _("Закрепление уже завершено."))
            return redirect(self.assignment.methodist.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Завершение закрепления"), assignment=self.assignment)
        return context

    success_message = _("Закрепление завершено.")

    def save(self, form):
        ends_on = form.cleaned_data["ends_on"]
        return services.end_assignment(self.assignment, by=self.request.user, ends_on=ends_on)

    def get_success_url(self):
        return self.assignment.methodist.get_absolute_url()


class UnassignedTeachersView(ManagerRequiredMixin, ScopedListView):
    """Teachers with a current teaching job in the user's scope and no methodist of the asset,
    each with a link that opens the assignment form."""

    model = Person
    perm = MANAGE
    title = _("Педагоги без методиста")
    export_name = "teachers_without_methodist"
    filterset_class = filters.UnassignedFilter
    search_fields = ("last_name", "first_name", "middle_name")
    search_placeholder = _("ФИО")
    default_ordering = ("municipality_name", "organization_name", "last_name", "first_name")
    template_name = "methodists/methodist_unassigned.html"
    partial_template_name = "methodists/methodist_unassigned_table.html"
    extra_actions = (
        ("methodists:methodist_balancing", _("Распределить автоматически"), MANAGE),
        ("methodists:methodist_list", _("Методический актив"), Perm.VIEW_REGISTRY),
    )
    empty_text = _("Все педагоги в вашей зоне ответственности закреплены за методистами.")
    columns = (
        Column("full_name", _("ФИО"), link=True, order_by="last_name"),
        Column("organization_name", _("Организация"), order_by="organization_name"),
        Column("municipality_name", _("Муниципалитет"), order_by="municipality_name"),
        Column("position_name", _("Должность"), order_by="position_name"),
        Column("email", _("E-mail"), html=False),
    )

    def base_queryset(self):
        return selectors.unassigned_teachers(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.teacher_counts(self.request.user)
        context.update(counts=counts)
        return context


# The balancing ---------------------------------------------------------------------------------


class BalancingView(ManagerRequiredMixin, generic.TemplateView):
    """Shows the proposal of the automatic balancing; POST applies exactly what was shown, in one
    transaction, or shows the new proposal when the data have changed meanwhile."""

    template_name = "methodists/methodist_balancing.html"

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        form = forms.BalancingForm(data or None, user=self.request.user)
        self.municipality = form.cleaned_data["municipality"] if form.is_valid() else None
        return form

    def proposal(self):
        user = self.request.user
        teachers = selectors.balancing_teachers(user, self.municipality)
        seats = selectors.balancing_methodists(user, self.municipality)
        return teachers, seats, balancing.propose(teachers, seats)

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        return self.render_to_response(self.get_context_data(form=form, result=self.proposal()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        teachers, seats, proposal = self.proposal()
        if request.POST.get("digest") != proposal.digest():
            messages.warning(request, services.STALE)
            context = self.get_context_data(form=form, result=(teachers, seats, proposal))
            return self.render_to_response(context)
        if not proposal.placements:
            messages.info(request, _("Распределять некого."))
            return redirect("methodists:methodist_balancing")
        try:
            created = services.apply_balancing(proposal.placements, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(request.get_full_path())
        messages.success(
            request,
            _("Закреплено: %(count)s.") % {"count": count_phrase(len(created), TEACHER_FORMS)},
        )
        return redirect("methodists:methodist_list")

    def get_context_data(self, *, form, result, **kwargs):
        context = super().get_context_data(**kwargs)
        teachers, seats, proposal = result
        context.update(
            title=_("Распределение педагогов по методистам"),
            form=form,
            proposal=proposal,
            teacher_count=len(teachers),
            rows=self.methodist_rows(seats, proposal),
            matches=self.match_counts(proposal),
            failures=self.failure_rows(proposal),
            load_cap=METHODIST_LOAD_CAP,
        )
        return context

    def methodist_rows(self, seats, proposal):
        added = Counter(placement.methodist_id for placement in proposal.placements)
        methodists = Methodist.objects.filter(pk__in=[seat.id for seat in seats]).select_related(
            "person", "municipality"
        )
        names = {m.pk: m for m in methodists}
        rows = [
            {
                "methodist": names[seat.id],
                "before": seat.load,
                "added": added.get(seat.id, 0),
                "after": proposal.loads[seat.id],
                "cap": seat.cap,
                "percent": _percent(proposal.loads[seat.id], seat.cap),
            }
            for seat in seats
        ]
        return sorted(rows, key=lambda row: (-row["added"], str(row["methodist"])))

    def match_counts(self, proposal):
        counts = Counter(placement.match for placement in proposal.placements)
        return [(match.label, counts[match]) for match in balancing.Match if counts[match]]

    def failure_rows(self, proposal, limit=200):
        """Who could not be placed and why; the names of the first `limit` of them."""
        shown = proposal.unplaced[:limit]
        people = Person.objects.in_bulk([item.teacher_id for item in shown])
        by_reason = Counter(item.reason for item in proposal.unplaced)
        return {
            "counts": [(balancing.Failure(reason).label, n) for reason, n in by_reason.items()],
            "people": [
                (people[item.teacher_id], balancing.Failure(item.reason).label) for item in shown
            ],
            "more": max(0, len(proposal.unplaced) - limit),
        }
