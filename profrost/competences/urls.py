from django.urls import path

from . import views

app_name = "competences"

urlpatterns = [
    path("", views.CompetenceListView.as_view(), name="competence_list"),
]
