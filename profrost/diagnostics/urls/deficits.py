from django.urls import path

from ..views import deficits as views

urlpatterns = [
    path("people/<int:person_pk>/map/", views.DeficitMapView.as_view(), name="deficit_map"),
    path("deficits/", views.DeficitListView.as_view(), name="deficit_list"),
    path("results/", views.ResultListView.as_view(), name="result_list"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("sensitive/", views.SensitiveListView.as_view(), name="sensitive_list"),
]
