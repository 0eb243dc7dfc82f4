"""Create, edit, detail and delete views of rows that more than one permission may change.

A participation or a publication is changed by a manager within the scope or by the teacher it
belongs to, so the change checks ask `services.may_change` rather than one permission. Rows are
saved and deleted by the services, which validate and audit.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import generic

from profrost.core.roles import Perm
from profrost.core.views import ScopedDetailView, ScopedFormMixin, ScopedObjectMixin
from profrost.registry.models import Person

from . import services


def add_errors(form, error):
    """A service's ValidationError on the form: on its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(target, messages_)


def next_url(request):
    """A local page to return to, from ?next=."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


class FactFormMixin(ScopedFormMixin):
    service = None

    def save(self, form):
        return type(self).service(form.instance, by=self.request.user)

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return next_url(self.request) or self.object.get_absolute_url()


class FactCreateView(FactFormMixin, generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_create(request.user, self.model):
            raise PermissionDenied(_("Недостаточно прав для создания записи."))
        return super().dispatch(request, *args, **kwargs)

    def initial_person(self):
        value = self.request.GET.get("person", "")
        if not value.isdigit():
            return None
        return (
            Person.objects.visible_to(self.request.user, Perm.VIEW_NETWORK).filter(pk=value).first()
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.initial_person()}


class FactObjectMixin(ScopedObjectMixin):
    """The object from the view scope (else 404) that the user may change (else 403)."""

    perm = Perm.VIEW_NETWORK

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not services.may_change(obj, self.request.user):
            raise PermissionDenied(_("Недостаточно прав для изменения записи."))
        return obj


class FactUpdateView(FactFormMixin, FactObjectMixin, generic.UpdateView):
    def get_title(self):
        return self.title or _("Изменение: %(object)s") % {"object": self.object}


class FactDeleteView(FactObjectMixin, generic.DeleteView):
    template_name = "core/confirm_delete.html"
    service = None

    def form_valid(self, form):
        obj = self.object
        success_url = self.get_success_url()
        try:
            type(self).service(obj, by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, error.messages[0])
            return redirect(obj)
        messages.success(self.request, _("Запись «%(object)s» удалена.") % {"object": obj})
        return redirect(success_url)


class FactDetailView(ScopedDetailView):
    perm = Perm.VIEW_NETWORK

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = services.may_change(self.object, self.request.user)
        return context
