"""Create, edit, detail and delete views of rows that more than one permission may change.

A participation or a publication is changed by a manager within the scope or by the teacher it
belongs to, so the change checks ask `services.may_change` rather than one permission. Rows are
saved and deleted by the services, which validate and audit.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from profrost.core.roles import Perm
from profrost.core.tables import display_fields
from profrost.core.views import (
    ScopedDetailView,
    ScopedFormMixin,
    ScopedObjectMixin,
    ServiceDeleteMixin,
    ServiceFormMixin,
)
from profrost.registry.models import Person

from . import services


def next_url(request):
    """A local page to return to, from ?next=."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


class FactFormMixin(ServiceFormMixin, ScopedFormMixin):
    service = None
    success_message = gettext_lazy("Сохранено.")

    def save(self, form):
        return type(self).service(form.instance, by=self.request.user)

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


class FactDeleteView(FactObjectMixin, ServiceDeleteMixin, generic.DeleteView):
    template_name = "core/confirm_delete.html"


class FactDetailView(ScopedDetailView):
    perm = Perm.VIEW_NETWORK

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = services.may_change(self.object, self.request.user)
        return context


class RecordDetailView(FactDetailView):
    """The page of one fact about a person: its fields, then its organization."""

    template_name = "achievements/record_detail.html"
    related = ("person", "organization")
    title = ""
    list_name = ""
    list_title = ""
    names = ()
    update_name = ""
    delete_name = ""

    def get_queryset(self):
        return super().get_queryset().select_related(*self.related)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        fields = [(label, value, "") for label, value in display_fields(obj, self.names)]
        context.update(
            title=self.title,
            heading=self.heading(),
            list_url=reverse(self.list_name),
            list_title=self.list_title,
            person=obj.person,
            fields=[*self.lead_fields(), *fields, (_("Организация"), obj.organization or "—", "")],
            update_url=reverse(self.update_name, args=[obj.pk]),
            delete_url=reverse(self.delete_name, args=[obj.pk]),
        )
        return context

    def heading(self):
        return str(self.object)

    def lead_fields(self):
        return []
