"""Synonyms of the reference lists, kept by the regional administrator: the names rosters give
to positions and subjects, matched by every import."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.tables import Column
from profrost.core.views import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedListView,
    ScopedUpdateView,
)

from . import forms
from .models import ReferenceSynonym


class SynonymListView(ScopedListView):
    model = ReferenceSynonym
    perm = Perm.MANAGE_REFERENCE
    title = _("Синонимы справочников")
    export_name = "synonyms"
    search_fields = ("synonym", "position__name", "subject__name")
    default_ordering = ("kind", "synonym")
    create_url_name = "registry:synonym_create"
    columns = (
        Column("synonym", _("Как пишут в файлах"), link=True, order_by="synonym"),
        Column("get_kind_display", _("Справочник"), order_by="kind"),
        Column("target", _("Значение справочника")),
        Column("created_by", _("Кто добавил")),
        Column("created", _("Добавлен"), order_by="created"),
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(request.user, self.perm):
            raise PermissionDenied(_("Синонимы справочников ведёт администратор региона."))
        return super().dispatch(request, *args, **kwargs)

    def select(self, queryset):
        return queryset.select_related("position", "subject", "created_by")


class SynonymCreateView(ScopedCreateView):
    model = ReferenceSynonym
    form_class = forms.SynonymForm
    change_perm = Perm.MANAGE_REFERENCE
    template_name = "registry/synonym_form.html"
    title = _("Новый синоним")
    audit_action = "registry.synonym.created"
    success_url = reverse_lazy("registry:synonym_list")

    def save(self, form):
        form.instance.created_by = self.request.user
        return form.save()


class SynonymUpdateView(ScopedUpdateView):
    model = ReferenceSynonym
    form_class = forms.SynonymForm
    perm = change_perm = Perm.MANAGE_REFERENCE
    template_name = "registry/synonym_form.html"
    audit_action = "registry.synonym.changed"
    success_url = reverse_lazy("registry:synonym_list")


class SynonymDeleteView(ScopedDeleteView):
    model = ReferenceSynonym
    perm = change_perm = Perm.MANAGE_REFERENCE
    audit_action = "registry.synonym.deleted"
    success_url = reverse_lazy("registry:synonym_list")
