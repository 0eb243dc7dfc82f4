"""Pages of routes: the list, «Построить ИОМ» from the deficit map, the route's page with its
status actions, the DOCX, a teacher's «Мой маршрут», the tutor's checkpoints and the ranking of
programs by measured effect. Items and checkpoints are in `items`.

A route is found among `selectors.routes_visible_to(user)` (else 404); changing it needs
MANAGE_ROUTES over it (else 403). Every change goes through `services`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core import audit
from profrost.core.forms import attach_errors
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.services import require
from profrost.core.tables import Column
from profrost.core.views import ScopedListView, ServiceFormMixin, act, get_scoped_or_404
from profrost.diagnostics.models import CompetenceLevel
from profrost.diagnostics.selectors import deficit_map_url
from profrost.registry.models import Person

from .. import building, documents, filters, forms, selectors, services
from ..models import ItemStatus, Route, RouteStatus

PERSON_SEARCH = ("person__last_name", "person__first_name", "person__middle_name", "title")


def get_route(user, pk):
    try:
        return selectors.routes_visible_to(user).select_related("person", "tutor").get(pk=pk)
    except (Route.DoesNotExist, ValueError) as error:
        raise Http404 from error


class RouteObjectMixin:
    """Finds the route before anything else (404 out of reach, also for a method the page does
    not take) and, when `manage` is set, requires MANAGE_ROUTES over it (403)."""

    model = Route
    manage = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.route = get_route(request.user, kwargs["pk"])
            if self.manage and not selectors.may_manage(request.user, self.route):
                raise PermissionDenied(_("Маршрут меняют методисты и администраторы."))
        return super().dispatch(request, *args, **kwargs)


# The list ---------------------------------------------------------------------------------------


class RouteListView(ScopedListView):
    model = Route
    perm = Perm.MANAGE_ROUTES
    title = _("Индивидуальные образовательные маршруты")
    export_name = "routes"
    filterset_class = filters.RouteFilter
    search_fields = PERSON_SEARCH
    search_placeholder = _("ФИО педагога или название")
    default_ordering = ("-starts_on", "person__last_name")
    extra_actions = (
        ("routes:tutor_checkpoints", _("Контрольные точки"), Perm.MANAGE_ROUTES),
        ("routes:program_effect", _("Эффект программ"), Perm.MANAGE_ROUTES),
    )
    template_name = "routes/route_list.html"
    empty_text = _(
        "Маршрутов не найдено. Маршрут строится из карты дефицитов педагога: «Построить ИОМ»."
    )
    columns = (
        Column("person.full_name", _("Педагог"), link=True, order_by="person__last_name"),
        Column("title", _("Маршрут"), order_by="title"),
        Column("organization_name", _("Организация")),
        Column("municipality_name", _("Муниципалитет"), html=False),
        Column("get_status_display", _("Статус"), order_by="status"),
        Column("starts_on", _("Начало"), order_by="starts_on"),
        Column("ends_on", _("Окончание"), order_by="ends_on"),
        Column("tutor", _("Тьютор"), order_by="tutor__last_name"),
        Column("item_count", _("Пунктов"), order_by="item_count"),
        Column("done_count", _("Выполнено"), order_by="done_count"),
        Column("planned_hours", _("Часов"), order_by="planned_hours"),
        Column("hours_budget", _("Бюджет часов"), html=False),
        Column("overdue_count", _("Просрочено КТ"), order_by="overdue_count"),
        Column("agreed_on", _("Согласован"), html=False),
        Column("completed_on", _("Завершён"), html=False),
        Column("cancel_reason", _("Причина отмены"), html=False),
    )

    def base_queryset(self):
        return selectors.routes_for_list(selectors.routes_visible_to(self.request.user))


# Building ---------------------------------------------------------------------------------------


class RouteBuildView(generic.FormView):
    """«Построить ИОМ»: period, budget and tutor → the proposal with covered and uncovered
    deficits → the draft."""

    model = Person
    form_class = forms.BuildRouteForm
    template_name = "routes/route_build.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = get_scoped_or_404(
                Person, request.user, kwargs["person_pk"], Perm.VIEW_DIAGNOSTICS
            )
            require(
                Person.objects.visible_to(request.user, Perm.MANAGE_ROUTES),
                self.person,
                _("Маршрут строят методисты и администраторы."),
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "person": self.person}

    def get_initial(self):
        today = timezone.localdate()
        return {
            "title": _("ИОМ %(person)s на %(year)s год")
            % {"person": self.person.full_name, "year": today.year},
            "starts_on": today,
            "ends_on": today.replace(month=12, day=31)
            if today.month < 9
            else today.replace(year=today.year + 1, month=6, day=30),
            "hours_budget": 72,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Построить ИОМ: %(person)s") % {"person": self.person.full_name},
            person=self.person,
            deficits=list(building.open_deficits(self.person)),
            deficit_map_url=reverse("diagnostics:deficit_map", args=[self.person.pk]),
            levels=CompetenceLevel,
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        params = {
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "hours_budget": data["hours_budget"],
        }
        if self.request.POST.get("action") != "create":
            preview = building.preview(self.person, **params)
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        try:
            route = services.build_route(
                self.person,
                by=self.request.user,
                title=data["title"],
                tutor=data["tutor"],
                goal=data["goal"],
                **params,
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Черновик маршрута построен. Проверьте пункты и согласуйте маршрут."),
        )
        return redirect(route.get_absolute_url())


# The route --------------------------------------------------------------------------------------


class RouteDetailView(RouteObjectMixin, generic.TemplateView):
    manage = False
    template_name = "routes/route_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        route, user = self.route, self.request.user
        rights = selectors.access(user, route)
        items = list(selectors.route_items(route))
        context.update(route_context(route, user, items, rights))
        context.update(
            title=route.title,
            rights=rights,
            moves=services.allowed_moves(route) if rights["manage"] else [],
            history=[(entry.action_label, entry) for entry in selectors.route_history(route)]
            if rights["manage"]
            else [],
            cancel_form=forms.CancelForm(),
            note_form=forms.DeficitNoteForm(user=user, route=route),
            unaddressed=list(services.unaddressed_deficits(route))
            if route.status == RouteStatus.DRAFT
            else [],
            person_url=person_url(user, route.person_id),
            deficit_map_url=deficit_map_url(user, route.person_id),
            attempt_url=attempt_url(route),
        )
        return context


def route_context(route, user, items, rights):
    """What the route's page and «Мой маршрут» share: items, hours, the deficits, before → after."""
    covered = {d.pk for item in items for d in item.covered_deficits.all()}
    covered |= {item.deficit_id for item in items if item.deficit_id}
    snapshot = [
        {**entry, "covered": entry.get("deficit") in covered} for entry in route.deficit_snapshot
    ]
    show_effect = route.status == RouteStatus.COMPLETED
    return {
        "route": route,
        "items": items,
        "planned_hours": sum(item.hours for item in items),
        "snapshot": snapshot,
        "before_after": list(selectors.before_after(route)) if show_effect else [],
        "today": timezone.localdate(),
        "can_edit_items": rights["manage"] and route.status == RouteStatus.DRAFT,
        "can_add_items": rights["manage"] and route.is_open,
        "running": route.status in selectors.RUNNING,
        "statuses": RouteStatus,
        "item_statuses": ItemStatus,
        "levels": CompetenceLevel,
    }


def person_url(user, person_id):
    if Person.objects.visible_to(user).filter(pk=person_id).exists():
        return reverse("registry:person_detail", args=[person_id])
    return ""


def attempt_url(route):
    if not route.rediagnosis_attempt_id:
        return ""
    return reverse("diagnostics:attempt_detail", args=[route.rediagnosis_attempt_id])


class RouteUpdateView(RouteObjectMixin, ServiceFormMixin, generic.FormView):
    form_class = forms.RouteForm
    template_name = "core/form.html"
    success_message = _("Маршрут сохранён.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.route}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Изменение маршрута: %(route)s") % {"route": self.route}
        return context

    def save(self, form):
        return services.update_route(self.route, by=self.request.user, data=form.cleaned_data)

    def get_success_url(self):
        return self.route.get_absolute_url()


class RouteDeleteView(RouteObjectMixin, generic.TemplateView):
    template_name = "core/confirm_delete.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.route}

    def post(self, request, *args, **kwargs):
        try:
            services.delete_route(self.route, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(self.route.get_absolute_url())
        messages.success(request, _("Черновик маршрута удалён."))
        return redirect("routes:route_list")


class RouteMoveView(RouteObjectMixin, generic.View):
    """Agree, start or complete: POST only, from the buttons of the route's page."""

    action = ""
    done = {
        "agree": _("Маршрут согласован."),
        "start": _("Выполнение маршрута начато."),
        "complete": _("Маршрут завершён."),
    }

    def post(self, request, *args, **kwargs):
        service = {
            "agree": services.agree_route,
            "start": services.start_route,
            "complete": services.complete_route,
        }[self.action]
        try:
            route = service(self.route, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.route.get_absolute_url())
        messages.success(request, self.done[self.action])
        if self.action == "complete":
            if route.rediagnosis_attempt_id:
                messages.info(request, _("Педагогу назначена повторная диагностика."))
            else:
                messages.warning(
                    request,
                    _("Повторную диагностику назначить не удалось: нет подходящего инструмента."),
                )
        return redirect(self.route.get_absolute_url())


class RouteCancelView(RouteObjectMixin, ServiceFormMixin, generic.FormView):
    form_class = forms.CancelForm
    template_name = "core/form.html"
    success_message = _("Маршрут отменён.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Отмена маршрута: %(route)s") % {"route": self.route}
        return context

    def save(self, form):
        return services.cancel_route(
            self.route, by=self.request.user, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self):
        return self.route.get_absolute_url()


class RouteDeficitNoteView(RouteObjectMixin, generic.View):
    def post(self, request, *args, **kwargs):
        form = forms.DeficitNoteForm(request.POST, user=request.user, route=self.route)
        if form.is_valid():
            try:
                services.set_deficit_note(
                    self.route,
                    form.cleaned_data["deficit"],
                    form.cleaned_data["note"],
                    by=request.user,
                )
                messages.success(request, _("Пояснение к дефициту сохранено."))
            except ValidationError as error:
                messages.error(request, error.messages[0])
        else:
            messages.error(request, _("Выберите дефицит."))
        return redirect(self.route.get_absolute_url())


class RouteRediagnosisView(RouteObjectMixin, generic.View):
    def post(self, request, *args, **kwargs):
        return act(
            request,
            lambda: services.offer_rediagnosis(self.route, by=request.user),
            success=_("Педагогу назначена повторная диагностика."),
            back=self.route.get_absolute_url(),
        )


class RouteDocxView(RouteObjectMixin, generic.View):
    manage = False

    def get(self, request, *args, **kwargs):
        audit.log(request.user, "routes.route.exported", self.route, format="docx")
        return documents.docx_response(self.route)


# The teacher, the tutor, the catalogue -----------------------------------------------------------


class MyRouteView(generic.TemplateView):
    """A teacher's own routes: the running one in full, with the marks they can set."""

    template_name = "routes/my_route.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        routes = list(selectors.own_routes(user))
        current = next((r for r in routes if r.status in selectors.RUNNING), None)
        context.update(
            title=_("Мой маршрут"),
            has_person=bool(user.person_id),
            routes=routes,
            statuses=RouteStatus,
        )
        if current is not None:
            rights = selectors.access(user, current)
            items = list(selectors.route_items(current))
            context.update(route_context(current, user, items, rights), rights=rights)
        context["current"] = current
        return context


class TutorCheckpointsView(generic.TemplateView):
    """Overdue and upcoming checkpoints of the routes the user tutors or of the people assigned
    to the user as a methodist."""

    template_name = "routes/tutor_checkpoints.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        checkpoints = list(selectors.tutor_checkpoints(self.request.user, today))
        context.update(
            title=_("Контрольные точки"),
            has_person=bool(self.request.user.person_id),
            overdue=[c for c in checkpoints if c.due_on < today],
            upcoming=[c for c in checkpoints if c.due_on >= today],
            days=selectors.UPCOMING_DAYS,
            today=today,
        )
        return context


class ProgramEffectView(generic.TemplateView):
    """Programs ranked by the measured change of the competences they address."""

    template_name = "routes/program_effect.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(
            request.user, Perm.MANAGE_ROUTES
        ):
            raise PermissionDenied(_("Страница доступна тем, кто ведёт маршруты."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ranked, few = selectors.program_effect(self.request.user)
        context.update(
            title=_("Эффект программ по результатам повторной диагностики"),
            ranked=ranked,
            few=few,
            min_people=selectors.MIN_PEOPLE_MEASURED,
        )
        return context
