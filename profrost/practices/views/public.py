"""The public bank of practices (/practices/public/): no login; only the practices included in
the bank, with search and filters, their pages and files."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core.tables import Column
from profrost.core.views import ScopedListView

from .. import filters, selectors
from ..models import Practice
from .common import FileView


class PublicBankView(ScopedListView):
    model = Practice
    title = _("Банк эффективных практик")
    export_name = "practice_bank"
    filterset_class = filters.PublicPracticeFilter
    search_fields = (
        "title",
        "description",
        "results",
        "main_author__last_name",
        "organization__short_name",
    )
    search_placeholder = _("Название, описание, автор или организация")
    default_ordering = ("-included_on", "title")
    template_name = "practices/public_bank.html"
    partial_template_name = "practices/_public_results.html"
    empty_text = _("В банке нет практик с такими условиями.")
    columns = (
        Column("title", _("Практика"), order_by="title"),
        Column("get_kind_display", _("Вид")),
        Column("get_level_display", _("Уровень"), order_by="level"),
        Column("main_author.full_name", _("Автор"), order_by="main_author__last_name"),
        Column("coauthors", _("Соавторы")),
        Column("organization", _("Организация"), order_by="organization__short_name"),
        Column("municipality", _("Муниципалитет")),
        Column("region", _("Регион"), html=False),
        Column("subjects", _("Предметы")),
        Column("competences", _("Компетенции"), html=False),
        Column("included_on", _("Включена в банк"), order_by="included_on"),
        Column("dissemination_count", _("Распространений"), order_by="dissemination_count"),
        Column("link", _("Ссылка"), html=False),
    )

    def base_queryset(self):
        return selectors.published_practices()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(can_create=False)
        return context


class PublicPracticeView(generic.DetailView):
    model = Practice
    template_name = "practices/public_detail.html"

    def get_queryset(self):
        return selectors.published_practices()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.object.title,
            disseminations=selectors.practice_disseminations(self.object),
        )
        return context


class PublicFileView(FileView):
    model = Practice

    def get_object(self):
        practice = Practice.objects.published().filter(pk=self.kwargs["pk"]).first()
        if practice is None:
            raise Http404
        return practice
