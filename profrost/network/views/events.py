"""Events: list, calendar, card, create, edit, cancel, delete."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

from .. import selectors, services
from ..filters import EventFilter
from ..forms import CancelForm, EventForm
from ..models import Event, EventStatus
from .common import ObjectActionView, error_text

MONTHS = (
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
)


EVENT_COLUMNS = (
    Column("title", gettext_lazy("Мероприятие"), link=True, order_by="title"),
    Column("get_kind_display", gettext_lazy("Форма"), order_by="kind"),
    Column("get_level_display", gettext_lazy("Уровень"), order_by="level"),
    Column("local_start", gettext_lazy("Начало"), order_by="starts_at"),
    Column("local_end", gettext_lazy("Окончание"), html=False),
    Column("organizer", gettext_lazy("Организатор")),
    Column("reach", gettext_lazy("Для кого")),
    Column("place", gettext_lazy("Место проведения"), html=False),
    Column("link", gettext_lazy("Ссылка"), html=False),
    Column("participant_count", gettext_lazy("Участников"), order_by="participant_count"),
    Column("capacity", gettext_lazy("Мест")),
    Column("free_places", gettext_lazy("Свободно")),
    Column("attended_count", gettext_lazy("Присутствовало"), html=False),
    Column("get_status_display", gettext_lazy("Статус"), order_by="status"),
)


class EventListView(ScopedListView):
    model = Event
    perm = Perm.VIEW_NETWORK
    title = gettext_lazy("Методические мероприятия")
    export_name = "events"
    filterset_class = EventFilter
    search_fields = ("title", "place", "description")
    search_placeholder = gettext_lazy("Название, место, программа")
    # The coming events first, the soonest on top; then the past ones.
    default_ordering = ("is_past", "starts_at")
    create_url_name = "network:event_create"
    create_perm = Perm.MANAGE_EVENTS
    extra_actions = (
        ("network:calendar", gettext_lazy("Календарь"), Perm.VIEW_NETWORK),
        ("network:my_events", gettext_lazy("Мои мероприятия"), Perm.VIEW_NETWORK),
    )
    empty_text = gettext_lazy("Мероприятий не найдено. Измените условия поиска или фильтры.")
    columns = EVENT_COLUMNS

    def select(self, queryset):
        return selectors.with_is_past(selectors.events_for_list(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = services.may_create_events(self.request.user)
        return context


def parse_month(value, today=None):
    today = today or timezone.localdate()
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except (ValueError, AttributeError):
        return today.replace(day=1)


def shift_month(first, months):
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class CalendarView(ScopedListView):
    """A month of events as a grid, Monday first; the filters are the list's."""

    model = Event
    perm = Perm.VIEW_NETWORK
    title = gettext_lazy("Календарь мероприятий")
    export_name = "events_month"
    filterset_class = EventFilter
    search_fields = ("title", "place", "description")
    search_placeholder = gettext_lazy("Название, место, программа")
    default_ordering = ("starts_at",)
    template_name = "network/calendar.html"
    partial_template_name = "network/_calendar_grid.html"
    columns = EVENT_COLUMNS

    def get_paginate_by(self, queryset):
        return None

    def month(self):
        return parse_month(self.request.GET.get("month", ""))

    def select(self, queryset):
        first = self.month()
        return selectors.events_for_list(selectors.month_events(queryset, first.year, first.month))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first = self.month()
        events = list(context["object_list"])
        context.update(
            weeks=selectors.month_grid(events, first.year, first.month),
            month_label=f"{_(MONTHS[first.month - 1])} {first.year}",
            month_value=f"{first:%Y-%m}",
            previous_month=f"{shift_month(first, -1):%Y-%m}",
            next_month=f"{shift_month(first, 1):%Y-%m}",
            today=timezone.localdate(),
            event_count=len(events),
            actions=[
                (name, label)
                for name, label in (
                    ("network:event_list", _("Список")),
                    ("network:my_events", _("Мои мероприятия")),
                )
            ],
            can_create=services.may_create_events(self.request.user),
            create_url_name="network:event_create",
        )
        return context


class EventDetailView(ScopedDetailView):
    model = Event
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_EVENTS
    template_name = "network/event_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "organizer_organization",
                "organizer_association",
                "plan",
                "region",
                "municipality",
                "organization",
            )
            .prefetch_related("audience_positions", "audience_subjects", "competences")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event, user = self.object, self.request.user
        now = timezone.now()
        counts = selectors.event_counts(event)
        participants = list(selectors.event_participants(event, user))
        own = next((p for p in participants if p.person_id == user.person_id), None)
        started, ended = event.has_started(now), event.has_ended(now)
        full = event.capacity is not None and counts["participants"] >= event.capacity
        can_change = context["can_change"]
        context.update(
            counts=counts,
            free_places=None if event.capacity is None else event.capacity - counts["participants"],
            participants=participants,
            own=own,
            started=started,
            ended=ended,
            register_reason=self.register_reason(event, own, started, full),
            can_unregister=bool(own and not own.attended and not started),
            can_add_participants=not event.is_cancelled
            and not ended
            and (
                can_change
                or (
                    services.is_manager(user, Perm.MANAGE_EVENTS)
                    and event.registration_open
                    and not started
                )
            ),
            can_mark_attendance=can_change and started and not event.is_cancelled,
            can_remove_before_start=not started,
            can_cancel=can_change and event.status == EventStatus.PLANNED,
        )
        return context

    def register_reason(self, event, own, started, full):
        """Why the user cannot register themselves, or "" when they can."""
        if not self.request.user.person_id or own:
            return None
        if event.is_cancelled:
            return _("Мероприятие отменено.")
        if started:
            return _("Мероприятие уже началось: регистрация закрыта.")
        if not event.registration_open:
            return _("Самостоятельная регистрация закрыта.")
        if full:
            return _("Свободных мест нет.")
        return ""


class EventFormMixin(ServiceFormMixin):
    model = Event
    form_class = EventForm
    change_perm = Perm.MANAGE_EVENTS
    success_message = gettext_lazy("Мероприятие сохранено.")

    def save(self, form):
        return services.save_event(
            form.instance,
            by=self.request.user,
            m2m=form.m2m_values(),
            changed=form.changed_data,
        )


class EventCreateView(EventFormMixin, ScopedCreateView):
    title = gettext_lazy("Новое мероприятие")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_create_events(request.user):
            raise PermissionDenied(_("Недостаточно прав для создания мероприятия."))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        for name, field in (
            ("plan", "plan"),
            ("association", "organizer_association"),
            ("organization", "organizer_organization"),
        ):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[field] = value
        return initial


class EventUpdateView(EventFormMixin, ScopedUpdateView):
    perm = Perm.VIEW_NETWORK


class EventDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = Event
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_EVENTS
    success_url = reverse_lazy("network:event_list")
    delete_service = services.delete_event
    deleted_message = gettext_lazy("Мероприятие «%(object)s» удалено.")


class EventCancelView(ObjectActionView):
    model = Event
    change_perm = Perm.MANAGE_EVENTS
    template_name = "network/event_cancel.html"

    def get(self, request, *args, **kwargs):
        return self.show(CancelForm())

    def show(self, form):
        context = {
            "object": self.object,
            "title": _("Отмена мероприятия: %(object)s") % {"object": self.object},
            "form": form,
        }
        return render(self.request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        form = CancelForm(request.POST)
        if not form.is_valid():
            return self.show(form)
        try:
            services.cancel_event(self.object, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Мероприятие отменено."))
        return redirect(self.object)
