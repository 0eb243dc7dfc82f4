from django.urls import path

from .views import meetings, pairs, people, programs

app_name = "mentoring"

urlpatterns = [
    path("programs/", programs.ProgramListView.as_view(), name="program_list"),
    path("programs/new/", programs.ProgramCreateView.as_view(), name="program_create"),
    path("programs/<int:pk>/", programs.ProgramDetailView.as_view(), name="program_detail"),
    path("programs/<int:pk>/edit/", programs.ProgramUpdateView.as_view(), name="program_update"),
    path("programs/<int:pk>/delete/", programs.ProgramDeleteView.as_view(), name="program_delete"),
    path("pairs/", pairs.PairListView.as_view(), name="pair_list"),
    path("pairs/new/", pairs.PairCreateView.as_view(), name="pair_create"),
    path("pairs/deficit-options/", pairs.deficit_options, name="deficit_options"),
    path("pairs/<int:pk>/", pairs.PairDetailView.as_view(), name="pair_detail"),
    path("pairs/<int:pk>/edit/", pairs.PairUpdateView.as_view(), name="pair_update"),
    path("pairs/<int:pk>/complete/", pairs.PairEndView.as_view(), name="pair_complete"),
    path(
        "pairs/<int:pk>/terminate/",
        pairs.PairEndView.as_view(terminate=True),
        name="pair_terminate",
    ),
    path("pairs/<int:pk>/delete/", pairs.PairDeleteView.as_view(), name="pair_delete"),
    path(
        "pairs/<int:pair_pk>/meetings/new/",
        meetings.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path("meetings/<int:pk>/edit/", meetings.MeetingUpdateView.as_view(), name="meeting_update"),
    path("meetings/<int:pk>/delete/", meetings.MeetingDeleteView.as_view(), name="meeting_delete"),
    path(
        "young-without-mentor/",
        people.YoungWithoutMentorView.as_view(),
        name="young_without_mentor",
    ),
    path("my/", people.MyMentoringView.as_view(), name="my_mentoring"),
]
