from django.urls import path

from .views import associations as a
from .views import events as e
from .views import plans as p
from .views import registration as r

app_name = "network"

urlpatterns = [
    # Associations
    path("associations/", a.AssociationListView.as_view(), name="association_list"),
    path("associations/new/", a.AssociationCreateView.as_view(), name="association_create"),
    path("associations/<int:pk>/", a.AssociationDetailView.as_view(), name="association_detail"),
    path(
        "associations/<int:pk>/edit/",
        a.AssociationUpdateView.as_view(),
        name="association_update",
    ),
    path(
        "associations/<int:pk>/delete/",
        a.AssociationDeleteView.as_view(),
        name="association_delete",
    ),
    path("associations/<int:pk>/members/add/", a.MemberAddView.as_view(), name="member_add"),
    path("memberships/<int:pk>/end/", a.MemberRemoveView.as_view(), name="member_remove"),
    path(
        "associations/<int:association_pk>/reports/new/",
        a.ReportCreateView.as_view(),
        name="report_create",
    ),
    path("reports/<int:pk>/edit/", a.ReportUpdateView.as_view(), name="report_update"),
    path("reports/<int:pk>/delete/", a.ReportDeleteView.as_view(), name="report_delete"),
    path(
        "associations/<int:pk>/match/",
        a.HorizontalMatchView.as_view(),
        name="horizontal_match",
    ),
    path(
        "horizontal-groups/<int:pk>/edit/",
        a.HorizontalGroupUpdateView.as_view(),
        name="horizontal_group_update",
    ),
    path(
        "horizontal-groups/<int:pk>/delete/",
        a.HorizontalGroupDeleteView.as_view(),
        name="horizontal_group_delete",
    ),
    # Events
    path("events/", e.EventListView.as_view(), name="event_list"),
    path("events/new/", e.EventCreateView.as_view(), name="event_create"),
    path("events/<int:pk>/", e.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", e.EventUpdateView.as_view(), name="event_update"),
    path("events/<int:pk>/cancel/", e.EventCancelView.as_view(), name="event_cancel"),
    path("events/<int:pk>/delete/", e.EventDeleteView.as_view(), name="event_delete"),
    path("events/<int:pk>/register/", r.RegisterView.as_view(), name="event_register"),
    path("events/<int:pk>/unregister/", r.UnregisterView.as_view(), name="event_unregister"),
    path(
        "events/<int:pk>/participants/add/",
        r.ParticipantAddView.as_view(),
        name="participant_add",
    ),
    path(
        "participations/<int:pk>/delete/",
        r.ParticipationDeleteView.as_view(),
        name="participation_delete",
    ),
    path("events/<int:pk>/attendance/", r.AttendanceView.as_view(), name="event_attendance"),
    path(
        "events/<int:pk>/registration-list/",
        r.RegistrationListView.as_view(),
        name="registration_list",
    ),
    path("events/<int:pk>/ics/", r.EventIcsView.as_view(), name="event_ics"),
    path(
        "participations/<int:pk>/certificate/",
        r.CertificateView.as_view(),
        name="participation_certificate",
    ),
    path("calendar/", e.CalendarView.as_view(), name="calendar"),
    path("my/events/", r.MyEventsView.as_view(), name="my_events"),
    # Plans
    path("plans/", p.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", p.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", p.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", p.PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:pk>/delete/", p.PlanDeleteView.as_view(), name="plan_delete"),
    path("plans/<int:pk>/xlsx/", p.PlanXlsxView.as_view(), name="plan_xlsx"),
]
