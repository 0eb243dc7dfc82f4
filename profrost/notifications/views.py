"""The inbox, opening a notification, marking read, and the user's settings. Every page shows
the user's own notifications only: another's is 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View, generic

from profrost.core.tables import Column
from profrost.core.text import count_phrase
from profrost.core.views import ScopedListView

from . import selectors, services
from .filters import NotificationFilter
from .forms import SettingForm
from .models import Notification, NotificationKind

NOTIFICATION_FORMS = ("уведомление", "уведомления", "уведомлений")


def local(url):
    """A path of this site, never another site's address."""
    return (
        url.startswith("/")
        and not url.startswith("//")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


class InboxView(ScopedListView):
    model = Notification
    title = _lazy("Уведомления")
    template_name = "notifications/inbox.html"
    partial_template_name = "notifications/_inbox_table.html"
    filterset_class = NotificationFilter
    columns = (
        Column("created_at", _lazy("Когда"), order_by="created_at"),
        Column("get_kind_display", _lazy("Вид"), order_by="kind"),
        Column("title", _lazy("Уведомление"), link=True),
        Column("text", _lazy("Подробности")),
    )
    default_ordering = ("-created_at",)
    empty_text = _lazy(
        "Уведомлений нет. Здесь появятся назначенные вам диагностики, согласование маршрута "
        "и отметки контрольных точек."
    )

    def base_queryset(self):
        return selectors.inbox(self.request.user)

    def export(self):
        return redirect("notifications:inbox")


def own(request, pk):
    return get_object_or_404(Notification, pk=pk, recipient=request.user)


class GoView(View):
    """Opening a notification marks it read and leads to the place it is about."""

    model = Notification

    def get(self, request, pk):
        notification = services.mark_read(own(request, pk), by=request.user)
        return redirect(notification.url if local(notification.url) else "notifications:inbox")


class MarkReadView(View):
    model = Notification

    def post(self, request, pk):
        services.mark_read(own(request, pk), by=request.user)
        return back_to_inbox(request)


class MarkAllReadView(View):
    def post(self, request):
        count = services.mark_all_read(by=request.user)
        if count:
            messages.success(
                request,
                _("Прочитано: %(count)s.") % {"count": count_phrase(count, NOTIFICATION_FORMS)},
            )
        return back_to_inbox(request)


def back_to_inbox(request):
    target = request.POST.get("next", "")
    return redirect(target if local(target) else "notifications:inbox")


class SettingView(generic.FormView):
    form_class = SettingForm
    template_name = "notifications/settings.html"

    def get_initial(self):
        setting = selectors.setting_of(self.request.user)
        muted = set(setting.muted_kinds)
        kinds = [kind for kind in NotificationKind.values if kind not in muted]
        return {"digest": setting.digest, "kinds": kinds}

    def form_valid(self, form):
        services.save_setting(
            by=self.request.user,
            digest=form.cleaned_data["digest"],
            enabled_kinds=form.cleaned_data["kinds"],
        )
        messages.success(self.request, _("Настройки уведомлений сохранены."))
        return redirect("notifications:settings")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Настройки уведомлений"), **kwargs)
