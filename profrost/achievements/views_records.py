"""Publications, expert activity and the database of experts."""

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy

from profrost.core.roles import Perm
from profrost.core.tables import Column
from profrost.core.views import ScopedListView

from . import filters, forms, selectors, services
from .mixins import FactCreateView, FactDeleteView, FactUpdateView, RecordDetailView
from .models import Expert, ExpertActivity, Publication

# Publications -----------------------------------------------------------------------------------


class PublicationListView(ScopedListView):
    model = Publication
    perm = Perm.VIEW_NETWORK
    title = gettext_lazy("Публикации")
    export_name = "publications"
    filterset_class = filters.PublicationFilter
    search_fields = (
        "title",
        "edition",
        "person__last_name",
        "person__first_name",
        "person__middle_name",
    )
    search_placeholder = gettext_lazy("Название, издание или автор")
    default_ordering = ("-year", "title")
    create_url_name = "achievements:publication_create"
    create_perm = Perm.MANAGE_ACHIEVEMENTS
    empty_text = gettext_lazy("Публикаций не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("title", gettext_lazy("Название"), link=True, order_by="title"),
        Column("person.full_name", gettext_lazy("Автор"), order_by="person__last_name"),
        Column(
            "organization.short_name",
            gettext_lazy("Организация"),
            order_by="organization__short_name",
        ),
        Column("organization.municipality", gettext_lazy("Муниципалитет"), html=False),
        Column("get_kind_display", gettext_lazy("Вид"), order_by="kind"),
        Column("edition", gettext_lazy("Издание")),
        Column("get_level_display", gettext_lazy("Уровень"), order_by="level"),
        Column("year", gettext_lazy("Год"), order_by="year"),
        Column("url", gettext_lazy("Ссылка"), html=False),
        Column("coauthors", gettext_lazy("Соавторы"), html=False),
        Column("person.is_young_specialist", gettext_lazy("Молодой специалист"), html=False),
    )

    def select(self, queryset):
        return selectors.publications_for_list(queryset)


class PublicationDetailView(RecordDetailView):
    model = Publication
    title = gettext_lazy("Публикация")
    list_name = "achievements:publication_list"
    list_title = gettext_lazy("Публикации")
    names = ("kind", "edition", "level", "year", "url", "coauthors")
    update_name = "achievements:publication_update"
    delete_name = "achievements:publication_delete"


class PublicationCreateView(FactCreateView):
    model = Publication
    form_class = forms.PublicationForm
    service = services.save_publication
    title = gettext_lazy("Новая публикация")


class PublicationUpdateView(FactUpdateView):
    model = Publication
    form_class = forms.PublicationForm
    service = services.save_publication


class PublicationDeleteView(FactDeleteView):
    model = Publication
    delete_service = services.delete_publication
    success_url = reverse_lazy("achievements:publication_list")


# Expert activity --------------------------------------------------------------------------------


class ExpertListView(ScopedListView):
    """The database of experts by direction (seed 001 §4): people with expert activity."""

    model = Expert
    perm = Perm.VIEW_NETWORK
    title = gettext_lazy("Эксперты")
    export_name = "experts"
    filterset_class = filters.ExpertFilter
    search_fields = ("last_name", "first_name", "middle_name")
    search_placeholder = gettext_lazy("ФИО")
    default_ordering = ("last_name", "first_name", "middle_name")
    create_url_name = "achievements:expert_activity_create"
    create_perm = Perm.MANAGE_ACHIEVEMENTS
    empty_text = gettext_lazy("Экспертов не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("full_name", gettext_lazy("ФИО"), link=True, order_by="last_name"),
        Column("organization_name", gettext_lazy("Организация")),
        Column("directions", gettext_lazy("Направления")),
        Column("kinds", gettext_lazy("Виды экспертной деятельности")),
        Column("levels", gettext_lazy("Уровни")),
        Column("bodies", gettext_lazy("Комиссии, жюри"), html=False),
        Column("activity_count", gettext_lazy("Записей"), order_by="activity_count"),
        Column("latest_start", gettext_lazy("Последнее включение"), order_by="latest_start"),
    )

    def select(self, queryset):
        return selectors.experts_for_list(queryset)


class ExpertActivityDetailView(RecordDetailView):
    model = ExpertActivity
    title = gettext_lazy("Экспертная деятельность")
    list_name = "achievements:expert_list"
    list_title = gettext_lazy("Эксперты")
    names = ("kind", "direction", "body", "level", "started_on", "ended_on", "document")
    update_name = "achievements:expert_activity_update"
    delete_name = "achievements:expert_activity_delete"


class ExpertActivityCreateView(FactCreateView):
    model = ExpertActivity
    form_class = forms.ExpertActivityForm
    service = services.save_expert_activity
    title = gettext_lazy("Экспертная деятельность")


class ExpertActivityUpdateView(FactUpdateView):
    model = ExpertActivity
    form_class = forms.ExpertActivityForm
    service = services.save_expert_activity


class ExpertActivityDeleteView(FactDeleteView):
    model = ExpertActivity
    delete_service = services.delete_expert_activity

    def get_success_url(self):
        return reverse("achievements:portfolio", args=[self.object.person_id])
