from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("periods/", views.PeriodListView.as_view(), name="period_list"),
    path("periods/new/", views.PeriodCreateView.as_view(), name="period_create"),
    path("periods/<int:pk>/", views.PeriodDetailView.as_view(), name="period_detail"),
    path("periods/<int:pk>/compute/", views.PeriodComputeView.as_view(), name="period_compute"),
    path("periods/<int:pk>/delete/", views.PeriodDeleteView.as_view(), name="period_delete"),
]

from .urls_analysis import urlpatterns as analysis_urls  # noqa: E402

urlpatterns += analysis_urls

from .urls_actions import urlpatterns as action_urls  # noqa: E402

urlpatterns += action_urls

from .urls_report import urlpatterns as report_urls  # noqa: E402

urlpatterns += report_urls
