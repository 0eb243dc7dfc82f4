"""The competence framework: groups and the tree of competences, read by everyone in diagnostics
and kept by holders of MANAGE_COMPETENCES."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from profrost.core import audit
from profrost.core.exporters import write_xlsx, xlsx_response
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.tables import Column
from profrost.core.text import count_phrase
from profrost.core.views import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from profrost.diagnostics.models import Instrument, ItemCompetence
from profrost.diagnostics.views_instruments import reads_instruments

from . import filters, forms, services
from .models import Competence, CompetenceGroup

COMPETENCE_FORMS = services.COMPETENCE_FORMS


def visible_instruments(user):
    return Instrument.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS)


def with_usage(queryset, user):
    """Each competence with the number of instruments (that the user sees) measuring it."""
    instruments = visible_instruments(user).values("pk")
    return queryset.select_related("group", "parent").annotate(
        instrument_count=Count(
            "item__instrument", filter=Q(item__instrument__in=instruments), distinct=True
        )
    )


def tree_rows(competences):
    """(competence, depth) with every child right under its parent, the given order kept among
    siblings. A competence whose parent was filtered out starts a branch of its own."""
    present = {competence.pk for competence in competences}
    children = {}
    roots = []
    for competence in competences:
        if competence.parent_id in present:
            children.setdefault(competence.parent_id, []).append(competence)
        else:
            roots.append(competence)
    rows = []
    stack = [(root, 0) for root in reversed(roots)]
    while stack:
        competence, depth = stack.pop()
        rows.append((competence, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(competence.pk, [])))
    return rows


class CompetenceListView(ScopedListView):
    """The framework page: groups, and the competence tree with search, filters and export."""

    model = Competence
    perm = Perm.VIEW_DIAGNOSTICS
    title = _("Компетенции")
    export_name = "competences"
    filterset_class = filters.CompetenceFilter
    search_fields = ("code", "name")
    search_placeholder = _("Код или название")
    default_ordering = ("group__order", "group__name", "order", "code")
    create_url_name = "competences:competence_create"
    create_perm = Perm.MANAGE_COMPETENCES
    template_name = "competences/competence_list.html"
    partial_template_name = "competences/_competence_tree.html"
    empty_text = _("Компетенций не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("group", _("Группа")),
        Column("code", _("Код")),
        Column("name", _("Название")),
        Column("parent.code", _("Входит в")),
        Column("labour_function", _("Трудовая функция")),
        Column("description", _("Описание")),
        Column("is_active", _("Используется")),
        Column("instrument_count", _("Инструментов")),
    )

    def get_paginate_by(self, queryset):
        return None  # the tree is read whole; the framework has tens of rows, not thousands

    def ordering_fields(self):
        return [*self.default_ordering, "pk"]

    def select(self, queryset):
        return with_usage(queryset, self.request.user)

    def export(self):
        rows = [
            [column.value(competence) for column in self.columns]
            for competence, _depth in tree_rows(list(self.get_queryset()))
        ]
        content = write_xlsx([str(column.header) for column in self.columns], rows, "Компетенции")
        filters_used = self.request.GET.urlencode()
        audit.log(self.request.user, "competences.competence.exported", filters=filters_used)
        return xlsx_response(self.export_name, content)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = tree_rows(list(context["object_list"]))
        context.update(
            rows=rows,
            total_phrase=count_phrase(len(rows), COMPETENCE_FORMS),
            partial_template_name=self.partial_template_name,
            groups=CompetenceGroup.objects.annotate(competence_count=Count("competences")).order_by(
                "order", "name"
            ),
            can_manage=has_perm_anywhere(self.request.user, Perm.MANAGE_COMPETENCES),
        )
        return context


class CompetenceDetailView(ScopedDetailView):
    model = Competence
    perm = Perm.VIEW_DIAGNOSTICS
    change_perm = Perm.MANAGE_COMPETENCES

    def get_queryset(self):
        return super().get_queryset().select_related("group", "parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        competence = self.object
        context["children"] = competence.children.order_by("order", "code")
        user = self.request.user
        links = ItemCompetence.objects.filter(
            competence=competence, item__instrument__in=visible_instruments(user).values("pk")
        )
        # Item texts are for staff who open instruments; a teacher sees only their titles.
        context["show_items"] = reads_instruments(user)
        context["links"] = links.select_related("item__instrument__region").order_by(
            "item__instrument__title", "item__instrument_id", "item__order", "item_id"
        )
        context["can_delete"] = context["can_change"]
        return context


class CompetenceCreateView(ScopedCreateView):
    model = Competence
    form_class = forms.CompetenceForm
    change_perm = Perm.MANAGE_COMPETENCES
    title = _("Новая компетенция")
    success_message = _("Компетенция сохранена.")

    def get_initial(self):
        initial = super().get_initial()
        for name in ("group", "parent"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = value
        return initial

    def save(self, form):
        return services.save_competence(
            form.instance, by=self.request.user, changed=form.changed_data
        )


class CompetenceUpdateView(ScopedUpdateView):
    model = Competence
    perm = Perm.VIEW_DIAGNOSTICS
    form_class = forms.CompetenceForm
    change_perm = Perm.MANAGE_COMPETENCES
    success_message = _("Компетенция сохранена.")

    def save(self, form):
        return services.save_competence(
            form.instance, by=self.request.user, changed=form.changed_data
        )


class ServiceDeleteMixin:
    """Deletes through a service that explains in Russian why a row in use cannot go."""

    delete_service = None
    deleted_message = ""

    def form_valid(self, form):
        obj = self.object
        try:
            self.delete_service(obj, by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, error.messages[0])
            return redirect(self.refused_url())
        messages.success(self.request, self.deleted_message % {"object": obj})
        return redirect(self.get_success_url())

    def refused_url(self):
        return self.object.get_absolute_url()


class CompetenceDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = Competence
    perm = Perm.VIEW_DIAGNOSTICS
    change_perm = Perm.MANAGE_COMPETENCES
    template_name = "competences/competence_confirm_delete.html"
    success_url = reverse_lazy("competences:competence_list")
    delete_service = staticmethod(services.delete_competence)
    deleted_message = _("Компетенция «%(object)s» удалена.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["uses"] = services.competence_uses(self.object)
        return context


class GroupFormMixin:
    model = CompetenceGroup
    perm = Perm.VIEW_DIAGNOSTICS
    form_class = forms.CompetenceGroupForm
    change_perm = Perm.MANAGE_COMPETENCES
    success_message = _("Группа сохранена.")

    def save(self, form):
        return services.save_group(form.instance, by=self.request.user, changed=form.changed_data)

    def get_success_url(self):
        return reverse("competences:competence_list")


class GroupCreateView(GroupFormMixin, ScopedCreateView):
    title = _("Новая группа компетенций")


class GroupUpdateView(GroupFormMixin, ScopedUpdateView):
    pass


class GroupDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = CompetenceGroup
    perm = Perm.VIEW_DIAGNOSTICS
    change_perm = Perm.MANAGE_COMPETENCES
    template_name = "competences/group_confirm_delete.html"
    success_url = reverse_lazy("competences:competence_list")
    delete_service = staticmethod(services.delete_group)
    deleted_message = _("Группа «%(object)s» удалена.")

    def refused_url(self):
        return reverse("competences:competence_list")
