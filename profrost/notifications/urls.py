from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("settings/", views.SettingView.as_view(), name="settings"),
    path("read-all/", views.MarkAllReadView.as_view(), name="read_all"),
    path("<int:pk>/go/", views.GoView.as_view(), name="go"),
    path("<int:pk>/read/", views.MarkReadView.as_view(), name="read"),
]
