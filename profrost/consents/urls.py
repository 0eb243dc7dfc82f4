from django.urls import path

from . import views

app_name = "consents"

urlpatterns = [
    path("missing/", views.MissingListView.as_view(), name="missing"),
    path("print/", views.print_forms, name="print"),
    path("people/<int:pk>/", views.person_consents, name="person"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/scan/", views.scan, name="scan"),
    path("my/", views.my_consent, name="my"),
    path("my/data/", views.my_data, name="my_data"),
    path("texts/", views.texts, name="texts"),
]
