"""The sender's form builder (fields of a draft, HTMX welcome) and the choice of recipients.

With HTMX every change of a field answers with the builder block (#fields) drawn again; without
JavaScript the same URLs take plain forms and come back to the request page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View, generic

from profrost.core.forms import attach_errors
from profrost.core.search import search
from profrost.core.services import require
from profrost.core.text import count_phrase
from profrost.core.views import message_errors

from . import forms, selectors, services
from .mixins import (
    MANAGE,
    RequestMixin,
    SendersOnlyMixin,
    can_change,
)
from .models import FieldKind, RequestField, RequestRecipient

ORGANIZATION_FORMS = ("организация", "организации", "организаций")


def builder_context(data_request, user, *, form=None, editing=None, can_build=None):
    if can_build is None:
        can_build = data_request.is_draft and can_change(data_request, user)
    fields = list(data_request.fields.order_by("order", "pk"))
    return {
        "object": data_request,
        "fields": fields,
        "can_build": can_build,
        "field_form": form or (forms.FieldForm() if can_build else None),
        "editing": editing,
        "kinds_with_choices": [FieldKind.CHOICE.value],
        "numeric_kinds": [FieldKind.NUMBER.value, FieldKind.INTEGER.value],
    }


# The form builder -------------------------------------------------------------------------------


class BuilderResponseMixin:
    """With HTMX the builder block is rendered again; without it, back to the request page."""

    def builder_response(self, data_request, **kwargs):
        if self.request.htmx:
            context = builder_context(data_request, self.request.user, **kwargs)
            return render(self.request, "datarequests/_field_builder.html", context)
        return redirect(data_request.get_absolute_url() + "#fields")

    def refused(self, data_request, error):
        if self.request.htmx:
            context = builder_context(data_request, self.request.user)
            context["builder_error"] = " ".join(error.messages)
            return render(self.request, "datarequests/_field_builder.html", context)
        message_errors(self.request, error)
        return redirect(data_request.get_absolute_url() + "#fields")

    def submit(self, form, data_request, **shown):
        """Saves a valid form (`save(form)`); the service's field errors come back on the form, a
        refusal of the whole request as the builder's message."""
        if form.is_valid():
            try:
                self.save(form)
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    return self.refused(data_request, error)
                attach_errors(form, error)
            else:
                return self.builder_response(data_request)
        if self.request.htmx:
            return self.builder_response(data_request, form=form, **shown)
        return self.page(form)


class FieldCreateView(BuilderResponseMixin, RequestMixin, View):
    def get(self, request, *args, **kwargs):
        return self.page(forms.FieldForm())

    def page(self, form):
        title = _("Новое поле: %(request)s") % {"request": self.data_request}
        return render(self.request, "core/form.html", {"form": form, "title": title})

    def post(self, request, *args, **kwargs):
        return self.submit(forms.FieldForm(request.POST), self.data_request)

    def save(self, form):
        services.add_field(self.data_request, by=self.request.user, **form.cleaned_data)


class FieldMixin(SendersOnlyMixin):
    """A field of a request of the user's scope (404), which the user may change (403)."""

    model = RequestField

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and selectors.is_sender(request.user):
            visible = RequestField.objects.visible_to(request.user, MANAGE)
            self.field = get_object_or_404(visible.select_related("request"), pk=kwargs["pk"])
            require(
                RequestField.objects.changeable_by(request.user, MANAGE),
                self.field,
                _("Недостаточно прав для изменения запроса."),
            )
        return super().dispatch(request, *args, **kwargs)


class FieldUpdateView(BuilderResponseMixin, FieldMixin, View):
    def get(self, request, *args, **kwargs):
        form = forms.FieldForm(instance=self.field)
        if request.htmx:
            return self.builder_response(self.field.request, form=form, editing=self.field.pk)
        return self.page(form)

    def page(self, form):
        title = _("Изменение поля: %(field)s") % {"field": self.field}
        return render(self.request, "core/form.html", {"form": form, "title": title})

    def post(self, request, *args, **kwargs):
        form = forms.FieldForm(request.POST, instance=RequestField.objects.get(pk=self.field.pk))
        return self.submit(form, self.field.request, editing=self.field.pk)

    def save(self, form):
        data = {name: form.cleaned_data[name] for name in forms.FieldForm.Meta.fields}
        services.update_field(self.field, by=self.request.user, **data)


class FieldDeleteView(BuilderResponseMixin, FieldMixin, generic.TemplateView):
    template_name = "core/confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.field, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.delete_field(self.field, by=request.user)
        except ValidationError as error:
            return self.refused(self.field.request, error)
        return self.builder_response(self.field.request)


class FieldMoveView(BuilderResponseMixin, FieldMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.move_field(self.field, by=request.user, up=request.POST.get("up") == "1")
        except ValidationError as error:
            return self.refused(self.field.request, error)
        return self.builder_response(self.field.request)


# Recipients -------------------------------------------------------------------------------------


class RecipientsView(RequestMixin, generic.TemplateView):
    """Who gets the request: all organizations of a municipality, those of a kind, or picked
    one by one; every organization offered lies in the request's target and the user's scope."""

    template_name = "datarequests/request_recipients.html"
    change = False

    def offered(self):
        allowed = services.allowed_organizations(self.data_request, self.request.user)
        form = forms.RecipientFilterForm(
            self.request.GET or None,
            municipalities=selectors.municipalities_of(allowed),
        )
        organizations = allowed.exclude(
            pk__in=self.data_request.recipients.values("organization_id")
        ).select_related("municipality")
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data.get("municipality"):
                organizations = organizations.filter(municipality=data["municipality"])
            if data["kind"]:
                organizations = organizations.filter(kind=data["kind"])
            if data["q"]:
                organizations = search(organizations, data["q"], ("short_name", "name"))
        return form, organizations.order_by("municipality__name", "short_name")

    def get_context_data(self, **kwargs):
        form, organizations = self.offered()
        data_request = self.data_request
        user = self.request.user
        changeable = can_change(data_request, user)
        return super().get_context_data(
            object=data_request,
            title=_("Получатели: %(request)s") % {"request": data_request},
            filter_form=form,
            organizations=organizations,
            recipients=selectors.request_recipients(data_request, user),
            can_add=changeable and not data_request.is_closed,
            can_remove=changeable and data_request.is_draft,
            query=self.request.GET.urlencode(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not can_change(self.data_request, request.user):
            raise PermissionDenied(_("Недостаточно прав для изменения запроса."))
        _form, offered = self.offered()
        if request.POST.get("mode") == "all":
            chosen = list(offered)
        else:
            ids = [value for value in request.POST.getlist("organizations") if value.isdigit()]
            chosen = list(offered.filter(pk__in=ids))
        if not chosen:
            messages.warning(request, _("Не выбрано ни одной организации."))
            return redirect(self.back())
        try:
            added = services.add_recipients(self.data_request, chosen, by=request.user)
        except ValidationError as error:
            message_errors(request, error)
            return redirect(self.back())
        messages.success(
            request,
            _("Добавлено получателей: %(count)s.")
            % {"count": count_phrase(added, ORGANIZATION_FORMS)},
        )
        return redirect(self.back())

    def back(self):
        url = reverse("datarequests:request_recipients", args=[self.data_request.pk])
        query = self.request.GET.urlencode()
        return f"{url}?{query}" if query else url


class RecipientRemoveView(SendersOnlyMixin, View):
    model = RequestRecipient
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        visible = RequestRecipient.objects.visible_to(request.user, MANAGE)
        recipient = get_object_or_404(visible.select_related("request"), pk=kwargs["pk"])
        if not can_change(recipient.request, request.user):
            raise PermissionDenied(_("Недостаточно прав для изменения запроса."))
        try:
            services.remove_recipient(recipient, by=request.user)
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(
                request,
                _("Организация «%(organization)s» убрана из получателей.")
                % {"organization": recipient.organization},
            )
        return redirect("datarequests:request_recipients", recipient.request_id)


class RecipientsClearView(RequestMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            count = services.remove_all_recipients(self.data_request, by=request.user)
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(
                request,
                _("Убраны все получатели: %(count)s.")
                % {"count": count_phrase(count, ORGANIZATION_FORMS)},
            )
        return redirect("datarequests:request_recipients", self.data_request.pk)
