"""Pages of the sender: the request list, the request page, editing, sending, closing and
reopening, the summary. The form builder and the recipients are in views_builder, the
organization's side in views_answers.

The section is for holders of MANAGE_DATA_REQUESTS (municipal and regional methodists); anyone
else gets 403. A request outside the user's scope is 404; one the user sees (as a recipient's
municipality, say) but does not own is 403 for every change.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from profrost.core import audit
from profrost.core.tables import Column
from profrost.core.text import count_phrase, plural_form
from profrost.core.views import ScopedDetailView, ScopedListView, ServiceFormMixin, message_errors

from . import filters, forms, selectors, services
from .exporters import SummaryExporter
from .mixins import MANAGE, RequestMixin, SendersOnlyMixin
from .models import DataRequest, FieldKind
from .views_builder import builder_context

ORGANIZATION_FORMS = ("организация", "организации", "организаций")
ORGANIZATION_DATIVE = ("организации", "организациям", "организациям")
FIELD_FORMS = ("поле", "поля", "полей")


# The list and the request -----------------------------------------------------------------------


class RequestListView(SendersOnlyMixin, ScopedListView):
    model = DataRequest
    perm = MANAGE
    title = gettext_lazy("Запросы данных в организации")
    export_name = "data_requests"
    filterset_class = filters.DataRequestFilter
    search_fields = ("title", "instructions")
    search_placeholder = gettext_lazy("Название или пояснения")
    default_ordering = ("-created",)
    create_url_name = "datarequests:request_create"
    create_perm = MANAGE
    empty_text = gettext_lazy(
        "Запросов не найдено. Создайте запрос кнопкой «Добавить» или измените условия поиска."
    )
    columns = (
        Column("title", gettext_lazy("Запрос"), link=True, order_by="title"),
        Column("sender", gettext_lazy("От кого")),
        Column("get_status_display", gettext_lazy("Статус"), order_by="status"),
        Column("deadline", gettext_lazy("Срок ответа"), order_by="deadline"),
        Column("field_count", gettext_lazy("Полей"), order_by="field_count"),
        Column("recipient_count", gettext_lazy("Получателей"), order_by="recipient_count"),
        Column("submitted_count", gettext_lazy("Ответили"), order_by="submitted_count"),
        Column("overdue_count", gettext_lazy("Просрочили"), order_by="overdue_count"),
        Column("sent_at", gettext_lazy("Отправлен"), html=False),
        Column("instructions", gettext_lazy("Пояснения"), html=False),
    )

    def select(self, queryset):
        return selectors.requests_for_list(queryset, self.request.user)


class RequestCreateView(SendersOnlyMixin, ServiceFormMixin, generic.FormView):
    form_class = forms.DataRequestCreateForm
    template_name = "core/form.html"
    success_message = gettext_lazy(
        "Черновик запроса создан. Добавьте поля и выберите организации-получатели."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Новый запрос данных"), **kwargs)

    def save(self, form):
        data = form.cleaned_data
        return services.create_request(
            by=self.request.user,
            title=data["title"],
            instructions=data["instructions"],
            level=data["level"],
            region=data.get("region"),
            municipality=data.get("municipality"),
            deadline=data["deadline"],
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class RequestDetailView(SendersOnlyMixin, ScopedDetailView):
    model = DataRequest
    perm = MANAGE
    change_perm = MANAGE
    template_name = "datarequests/request_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "municipality", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data_request, user = self.object, self.request.user
        today = timezone.localdate()
        context.update(
            builder_context(
                data_request, user, can_build=data_request.is_draft and context["can_change"]
            ),
            title=data_request.title,
            recipients=selectors.request_recipients(data_request, user),
            progress=selectors.request_progress(data_request, user, today),
            today=today,
            deadline_passed=data_request.deadline_passed(today),
        )
        return context


class RequestUpdateView(RequestMixin, ServiceFormMixin, generic.FormView):
    form_class = forms.DataRequestUpdateForm
    template_name = "core/form.html"
    success_message = gettext_lazy("Запрос сохранён.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.data_request,
            "user": self.request.user,
        }

    def get_context_data(self, **kwargs):
        title = _("Изменение запроса: %(request)s") % {"request": self.data_request}
        return super().get_context_data(title=title, **kwargs)

    def save(self, form):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.update_request(self.data_request, by=self.request.user, **changes)

    def get_success_url(self):
        return self.detail_url()


class RequestDeleteView(RequestMixin, generic.TemplateView):
    template_name = "core/confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.data_request, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.delete_request(self.data_request, by=request.user)
        except ValidationError as error:
            message_errors(request, error)
            return redirect(self.detail_url())
        messages.success(
            request, _("Запрос «%(request)s» удалён.") % {"request": self.data_request}
        )
        return redirect("datarequests:request_list")


class RequestActionView(RequestMixin, generic.TemplateView):
    """A confirmation page (GET) and the action (POST) of sending or closing."""

    template_name = "datarequests/request_confirm.html"
    action = ""

    def get_context_data(self, **kwargs):
        data_request = self.data_request
        recipients = data_request.recipients.count()
        fields = data_request.fields.count()
        return super().get_context_data(
            object=data_request,
            action=self.action,
            title=data_request.title,
            recipients_phrase=count_phrase(recipients, ORGANIZATION_FORMS),
            recipients_dative=f"{recipients} {plural_form(recipients, ORGANIZATION_DATIVE)}",
            fields_phrase=count_phrase(fields, FIELD_FORMS),
            progress=selectors.request_progress(data_request, self.request.user),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            text = self.perform()
        except ValidationError as error:
            message_errors(request, error)
            return redirect(self.detail_url())
        messages.success(request, text)
        return redirect(self.detail_url())


class RequestSendView(RequestActionView):
    action = "send"

    def perform(self):
        data_request = services.send_request(self.data_request, by=self.request.user)
        count = data_request.recipients.count()
        return _("Запрос отправлен %(count)d %(orgs)s.") % {
            "count": count,
            "orgs": plural_form(count, ORGANIZATION_DATIVE),
        }


class RequestCloseView(RequestActionView):
    action = "close"

    def perform(self):
        services.close_request(self.data_request, by=self.request.user)
        return _("Запрос закрыт: организации больше не могут отвечать.")


class RequestReopenView(RequestMixin, ServiceFormMixin, generic.FormView):
    form_class = forms.ReopenForm
    template_name = "core/form.html"
    success_message = gettext_lazy("Запрос снова принимает ответы.")

    def get_context_data(self, **kwargs):
        title = _("Открыть запрос снова: %(request)s") % {"request": self.data_request}
        return super().get_context_data(title=title, **kwargs)

    def save(self, form):
        deadline = form.cleaned_data["deadline"]
        return services.reopen_request(self.data_request, by=self.request.user, deadline=deadline)

    def get_success_url(self):
        return self.detail_url()


# The summary ------------------------------------------------------------------------------------


class SummaryView(RequestMixin, generic.TemplateView):
    template_name = "datarequests/summary.html"
    change = False

    def include_drafts(self):
        return self.request.GET.get("drafts") == "1"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            summary = selectors.summary(
                self.data_request, request.user, include_drafts=self.include_drafts()
            )
            audit.log(
                request.user,
                "datarequests.request.summary_exported",
                self.data_request,
                drafts=self.include_drafts(),
            )
            return SummaryExporter(self.data_request, summary).response()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        data_request = self.data_request
        summary = selectors.summary(
            data_request, self.request.user, include_drafts=self.include_drafts()
        )
        query = QueryDict(mutable=True)
        if summary.include_drafts:
            query["drafts"] = "1"
        return super().get_context_data(
            object=data_request,
            title=_("Сводка: %(request)s") % {"request": data_request},
            summary=summary,
            has_numeric=any(column.is_numeric for column in summary.columns),
            has_boolean=any(column.field.kind == FieldKind.BOOLEAN for column in summary.columns),
            export_query=query.urlencode(),
            **kwargs,
        )
