from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/new/", views.ProgramCreateView.as_view(), name="program_create"),
    path("programs/<int:pk>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("programs/<int:pk>/edit/", views.ProgramUpdateView.as_view(), name="program_update"),
    path("programs/<int:pk>/delete/", views.ProgramDeleteView.as_view(), name="program_delete"),
    path("pairs/", views.PairListView.as_view(), name="pair_list"),
    path("pairs/new/", views.PairCreateView.as_view(), name="pair_create"),
    path("pairs/deficit-options/", views.deficit_options, name="deficit_options"),
    path("pairs/<int:pk>/", views.PairDetailView.as_view(), name="pair_detail"),
    path("pairs/<int:pk>/edit/", views.PairUpdateView.as_view(), name="pair_update"),
    path("pairs/<int:pk>/complete/", views.PairEndView.as_view(), name="pair_complete"),
    path(
        "pairs/<int:pk>/terminate/",
        views.PairEndView.as_view(terminate=True),
        name="pair_terminate",
    ),
    path("pairs/<int:pk>/delete/", views.PairDeleteView.as_view(), name="pair_delete"),
    path(
        "pairs/<int:pair_pk>/meetings/new/",
        views.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path("meetings/<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
    path(
        "young-without-mentor/",
        views.YoungWithoutMentorView.as_view(),
        name="young_without_mentor",
    ),
    path("my/", views.MyMentoringView.as_view(), name="my_mentoring"),
]
