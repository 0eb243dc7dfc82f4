from django.urls import path

from . import views

app_name = "competences"

urlpatterns = [
    path("", views.CompetenceListView.as_view(), name="competence_list"),
    path("new/", views.CompetenceCreateView.as_view(), name="competence_create"),
    path("<int:pk>/", views.CompetenceDetailView.as_view(), name="competence_detail"),
    path("<int:pk>/edit/", views.CompetenceUpdateView.as_view(), name="competence_update"),
    path("<int:pk>/delete/", views.CompetenceDeleteView.as_view(), name="competence_delete"),
    path("groups/new/", views.GroupCreateView.as_view(), name="group_create"),
    path("groups/<int:pk>/edit/", views.GroupUpdateView.as_view(), name="group_update"),
    path("groups/<int:pk>/delete/", views.GroupDeleteView.as_view(), name="group_delete"),
]
