"""The analytical report; appended to the app's urlpatterns in urls.py."""

from django.urls import path

from .views_report import report_docx

urlpatterns = [
    path("periods/<int:period_pk>/report/", report_docx, name="report_docx"),
]
