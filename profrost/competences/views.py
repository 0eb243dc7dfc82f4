"""The competence framework: groups and the tree of competences, read by everyone in diagnostics
and kept by holders of MANAGE_COMPETENCES."""

from django.db.models import Count
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
    ServiceDeleteMixin,
)

from . import filters, forms, selectors, services, usage
from .models import Competence, CompetenceGroup

COMPETENCE_FORMS = services.COMPETENCE_FORMS


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
        return selectors.with_usage(queryset, self.request.user)

    def export(self):
        rows = [
            [column.value(competence) for column in self.columns]
            for competence, _depth in selectors.tree_rows(list(self.get_queryset()))
        ]
        content = write_xlsx([str(column.header) for column in self.columns], rows, "Компетенции")
        filters_used = self.request.GET.urlencode()
        audit.log(self.request.user, "competences.competence.exported", filters=filters_used)
        return xlsx_response(self.export_name, content)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.tree_rows(list(context["object_list"]))
        context.update(
            rows=rows,
            total_phrase=count_phrase(len(rows), COMPETENCE_FORMS),
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
        # Item texts are for staff who open instruments; a teacher sees only their titles.
        context["show_items"] = usage.reads_instruments(user)
        context["links"] = selectors.visible_links(competence, user)
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
