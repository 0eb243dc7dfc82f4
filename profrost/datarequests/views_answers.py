"""The organization's side: the inbox «Запросы данных» and the answer form, which the sender also
opens read-only to return an answer for correction.

An answer is visible to the recipient organization's administrator (ANSWER_DATA_REQUESTS) and to
the request's sender side (MANAGE_DATA_REQUESTS); outside both it is 404. Only the recipient's
administrator changes it (403 for the rest), and only while the request accepts answers.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View, generic

from profrost.core.roles import Perm
from profrost.core.services import refusal, require
from profrost.core.tables import Column
from profrost.core.views import ScopedListView

from . import filters, forms, selectors, services, values
from .models import DataRequest, RecipientStatus, RequestField, RequestRecipient, RequestStatus

ANSWER = Perm.ANSWER_DATA_REQUESTS
MANAGE = Perm.MANAGE_DATA_REQUESTS


class InboxView(ScopedListView):
    model = RequestRecipient
    perm = ANSWER
    title = gettext_lazy("Запросы данных")
    template_name = "datarequests/inbox.html"
    export_name = "data_requests_inbox"
    filterset_class = filters.InboxFilter
    search_fields = ("request__title",)
    search_placeholder = gettext_lazy("Название запроса")
    default_ordering = ("rank", "request__deadline")
    empty_text = gettext_lazy(
        "Запросов данных для вашей организации пока нет. Когда муниципальная или региональная "
        "методическая служба отправит запрос, он появится здесь, и его можно будет заполнить."
    )
    columns = (
        Column("request.title", gettext_lazy("Запрос"), link=True, order_by="request__title"),
        Column("request.sender", gettext_lazy("От кого")),
        Column("organization", gettext_lazy("Организация"), order_by="organization__short_name"),
        Column("request.deadline", gettext_lazy("Срок ответа"), order_by="request__deadline"),
        Column("get_status_display", gettext_lazy("Ответ"), order_by="status"),
        Column("answered", gettext_lazy("Заполнено полей"), order_by="answered"),
        Column("field_count", gettext_lazy("Всего полей")),
        Column("submitted_at", gettext_lazy("Отправлен"), order_by="submitted_at"),
        Column("request.get_status_display", gettext_lazy("Запрос открыт"), html=False),
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.is_answerer(request.user):
            raise PermissionDenied(
                _("Раздел «Запросы данных» доступен администраторам организаций.")
            )
        return super().dispatch(request, *args, **kwargs)

    def select(self, queryset):
        # To do first: open and not submitted; then submitted; closed requests last.
        rank = Case(
            When(request__status=RequestStatus.CLOSED, then=Value(2)),
            When(status=RecipientStatus.SUBMITTED, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        return selectors.inbox(queryset).annotate(rank=rank)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["waiting"] = selectors.waiting_count(self.request.user)
        return context


# The answer -------------------------------------------------------------------------------------


def visible_recipients(user):
    return selectors.recipients_visible_to(user).select_related(
        "request__region",
        "request__municipality",
        "organization__municipality",
        "submitted_by",
    )


def may_answer(recipient, user):
    changeable = RequestRecipient.objects.changeable_by(user, ANSWER)
    return changeable.filter(pk=recipient.pk).exists()


def answer_block(recipient, user):
    """Why the user may not change the answer now, or "" when they may."""
    denied = _("Заполняет ответ администратор организации.")
    return refusal(services.check_can_answer, recipient, user, denied=denied)


def raw_values(post, fields):
    return {field.pk: post.get(f"field-{field.pk}", "") for field in fields}


def entry(field, position, value, *, typed=None, error="", saved=False):
    """What one field of the form shows: the stored value (or what was typed), and the outcome
    of the last save."""
    text = typed if typed is not None else values.input_text(field, value)
    return {
        "field": field,
        "position": position,
        "value": value,
        "display": values.display(field, value),
        "input": text,
        "error": error,
        "saved": saved,
    }


def counter(fields, stored):
    filled = [field for field in fields if stored.get(field.pk) is not None]
    missing = [field for field in fields if field.required and stored.get(field.pk) is None]
    return {"answered": len(filled), "total": len(fields), "missing": len(missing)}


class AnswerView(View):
    """The form of one organization's answer: saved as a draft field by field (HTMX) or all at
    once, then submitted; read-only for the sender, who may return it for correction."""

    model = RequestRecipient

    def dispatch(self, request, *args, **kwargs):
        self.recipient = get_object_or_404(visible_recipients(request.user), pk=kwargs["pk"])
        self.fields = list(self.recipient.request.fields.order_by("order", "pk"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        recipient, user = self.recipient, request.user
        if not may_answer(recipient, user):
            raise PermissionDenied(
                _("Отвечать на запрос может только администратор организации-получателя.")
            )
        submit = request.POST.get("action") == "submit"
        typed = raw_values(request.POST, self.fields)
        service = services.submit_answers if submit else services.save_answers
        try:
            service(recipient, typed, by=user)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                for text in error.messages:
                    messages.error(request, text)
                return redirect(recipient.get_absolute_url())
            errors = {int(key): texts[0] for key, texts in error.message_dict.items()}
            messages.error(
                request,
                _("Ответ не отправлен: исправьте отмеченные поля.")
                if submit
                else _("Черновик не сохранён: исправьте отмеченные поля."),
            )
            return self.render_page(typed=typed, errors=errors, status=400)
        if submit:
            messages.success(request, _("Ответ отправлен. Спасибо!"))
        else:
            messages.success(
                request, _("Черновик сохранён. Ответ можно дополнить и отправить позже.")
            )
        return redirect(recipient.get_absolute_url())

    def render_page(self, *, typed=None, errors=None, status=200):
        recipient, user = self.recipient, self.request.user
        stored = services.stored_values(recipient)
        errors = errors or {}
        own = may_answer(recipient, user)
        block = answer_block(recipient, user) if own else ""
        sender = (
            DataRequest.objects.changeable_by(user, MANAGE).filter(pk=recipient.request_id).exists()
        )
        entries = [
            entry(
                field,
                position,
                stored.get(field.pk),
                typed=(typed or {}).get(field.pk),
                error=errors.get(field.pk, ""),
            )
            for position, field in enumerate(self.fields, start=1)
        ]
        context = {
            "recipient": recipient,
            "object": recipient,
            "data_request": recipient.request,
            "title": recipient.request.title,
            "entries": entries,
            "own": own,
            "editable": own and not block,
            "notice": block,
            "sender": sender,
            "can_return": sender and recipient.is_submitted and not recipient.request.is_closed,
            "return_form": forms.ReturnForm(),
            "today": timezone.localdate(),
            "overdue": recipient.is_overdue(),
            **counter(self.fields, stored),
        }
        return render(self.request, "datarequests/answer.html", context, status=status)


class AnswerFieldView(View):
    """Saves one field of a draft as the user leaves it. With HTMX it answers with the field and
    the counter; without JavaScript the whole form is posted to AnswerView instead."""

    model = RequestRecipient

    def dispatch(self, request, *args, **kwargs):
        self.recipient = get_object_or_404(visible_recipients(request.user), pk=kwargs["pk"])
        fields = RequestField.objects.filter(request=self.recipient.request_id)
        self.field = get_object_or_404(fields, pk=kwargs["field_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return redirect(f"{self.recipient.get_absolute_url()}#field-{self.field.pk}")

    def post(self, request, *args, **kwargs):
        recipient, field = self.recipient, self.field
        raw = request.POST.get(f"field-{field.pk}", "")
        error = ""
        try:
            services.save_answers(recipient, {field.pk: raw}, by=request.user)
        except ValidationError as exc:
            error = (
                exc.message_dict[str(field.pk)][0]
                if hasattr(exc, "error_dict")
                else (exc.messages[0])
            )
        if not request.htmx:
            if error:
                messages.error(request, error)
            return redirect(f"{recipient.get_absolute_url()}#field-{field.pk}")
        fields = list(recipient.request.fields.order_by("order", "pk"))
        stored = services.stored_values(recipient)
        position = [each.pk for each in fields].index(field.pk) + 1
        context = {
            "recipient": recipient,
            "entry": entry(
                field,
                position,
                stored.get(field.pk),
                typed=raw if error else None,
                error=error,
                saved=not error,
            ),
            "editable": True,
            "oob": True,
            **counter(fields, stored),
        }
        return render(request, "datarequests/_answer_field_response.html", context)


class AnswerReturnView(generic.FormView):
    """«Вернуть на доработку»: the sender sends a submitted answer back with a comment."""

    model = RequestRecipient
    form_class = forms.ReturnForm
    template_name = "core/form.html"

    def dispatch(self, request, *args, **kwargs):
        visible = RequestRecipient.objects.visible_to(request.user, MANAGE)
        self.recipient = get_object_or_404(
            visible.select_related("request", "organization"), pk=kwargs["pk"]
        )
        require(
            DataRequest.objects.changeable_by(request.user, MANAGE),
            self.recipient.request_id,
            _("Вернуть ответ может только отправитель запроса."),
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        title = _("Вернуть на доработку: %(organization)s") % {
            "organization": self.recipient.organization
        }
        return super().get_context_data(title=title, **kwargs)

    def form_valid(self, form):
        try:
            services.return_answers(
                self.recipient, by=self.request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, texts in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, texts)
                return self.form_invalid(form)
            for text in error.messages:
                messages.error(self.request, text)
            return redirect(self.recipient.get_absolute_url())
        messages.success(
            self.request,
            _("Ответ организации «%(organization)s» возвращён на доработку.")
            % {"organization": self.recipient.organization},
        )
        return redirect(self.recipient.get_absolute_url())
