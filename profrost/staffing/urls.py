from django.urls import path

from . import views

app_name = "staffing"

urlpatterns = [
    path("", views.VacancyListView.as_view(), name="vacancy_list"),
    path("new/", views.VacancyCreateView.as_view(), name="vacancy_create"),
    path("<int:pk>/", views.VacancyDetailView.as_view(), name="vacancy_detail"),
    path("<int:pk>/edit/", views.VacancyUpdateView.as_view(), name="vacancy_update"),
    path("<int:pk>/close/", views.VacancyCloseView.as_view(), name="vacancy_close"),
    path("<int:pk>/reopen/", views.VacancyReopenView.as_view(), name="vacancy_reopen"),
    path("<int:pk>/delete/", views.VacancyDeleteView.as_view(), name="vacancy_delete"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("retirement/", views.RetirementForecastView.as_view(), name="retirement_forecast"),
    path("retirement/people/", views.RetirementPeopleView.as_view(), name="retirement_people"),
]
