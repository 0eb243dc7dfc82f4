"""Pages of methodical materials and documents."""

from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.roles import Perm
from profrost.core.tables import Column
from profrost.core.views import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    ServiceDeleteMixin,
    ServiceFormMixin,
)

from .. import filters, forms, selectors, services
from ..models import Document
from .common import FileView


class DocumentListView(ScopedListView):
    model = Document
    perm = Perm.VIEW_NETWORK
    title = _("Методические материалы и документы")
    export_name = "documents"
    filterset_class = filters.DocumentFilter
    search_fields = ("title", "number", "description")
    search_placeholder = _("Название, реквизиты или аннотация")
    default_ordering = ("-valid_from", "title")
    create_url_name = "practices:document_create"
    create_perm = Perm.MANAGE_MATERIALS
    empty_text = _("Документов не найдено.")
    columns = (
        Column("title", _("Документ"), link=True, order_by="title"),
        Column("get_kind_display", _("Вид"), order_by="kind"),
        Column("get_topic_display", _("Направление"), html=False),
        Column("get_level_display", _("Уровень"), order_by="level"),
        Column("target", _("Принадлежит")),
        Column("number", _("Реквизиты"), html=False),
        Column("valid_from", _("Действует с"), order_by="valid_from"),
        Column("valid_to", _("Действует по"), order_by="valid_to"),
        Column("in_force_now", _("Действует сейчас")),
        Column("url", _("Ссылка"), html=False),
        Column("description", _("Аннотация"), html=False),
    )

    def select(self, queryset):
        return selectors.documents_for_list(queryset)


class DocumentDetailView(ScopedDetailView):
    model = Document
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MATERIALS
    template_name = "practices/document_detail.html"

    def get_queryset(self):
        return selectors.documents_for_list(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.object.title, in_force=self.object.is_in_force(timezone.localdate())
        )
        return context


class DocumentCreateView(ServiceFormMixin, ScopedCreateView):
    model = Document
    form_class = forms.DocumentForm
    change_perm = Perm.MANAGE_MATERIALS
    title = _("Новый документ")
    success_message = _("Документ сохранён.")

    def save(self, form):
        return services.create_document(by=self.request.user, data=form.cleaned_data)


class DocumentUpdateView(ServiceFormMixin, ScopedUpdateView):
    model = Document
    form_class = forms.DocumentForm
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MATERIALS
    success_message = _("Документ сохранён.")

    def save(self, form):
        return services.update_document(self.object, by=self.request.user, data=form.cleaned_data)


class DocumentDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = Document
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MATERIALS
    success_url = reverse_lazy("practices:document_list")
    delete_service = services.delete_document


class DocumentFileView(FileView):
    model = Document
