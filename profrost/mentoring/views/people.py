"""The young specialists without a mentor, and a teacher's own mentoring."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.tables import Column
from profrost.core.views import (
    ScopedListView,
)
from profrost.registry.models import Person

from .. import filters, selectors


class YoungWithoutMentorView(ScopedListView):
    """Young specialists with a current teaching job in the user's scope and no active mentor
    (seed 003 6.2.6), with a link that opens the pair form for each."""

    model = Person
    perm = Perm.MANAGE_MENTORING
    title = _("Молодые специалисты без наставника")
    export_name = "young_without_mentor"
    filterset_class = filters.YoungFilter
    search_fields = ("last_name", "first_name", "middle_name")
    search_placeholder = _("ФИО")
    default_ordering = ("organization_name", "last_name", "first_name")
    template_name = "mentoring/young_without_mentor.html"
    partial_template_name = "mentoring/_young_table.html"
    empty_text = _(
        "Все молодые специалисты в вашей зоне ответственности закреплены за наставниками."
    )
    columns = (
        Column("full_name", _("ФИО"), link=True, order_by="last_name"),
        Column("organization_name", _("Организация"), order_by="organization_name"),
        Column("municipality_name", _("Муниципалитет"), html=False),
        Column("position_name", _("Должность"), order_by="position_name"),
        Column("birth_date", _("Дата рождения"), order_by="birth_date"),
        Column("career_start", _("Начало пед. деятельности"), order_by="career_start"),
        Column("email", _("E-mail"), html=False),
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(request.user, self.perm):
            raise PermissionDenied(_("Список доступен тем, кто ведёт наставничество."))
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return selectors.young_without_mentor(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(counts=selectors.young_support_counts(self.request.user))
        return context


class MyMentoringView(generic.TemplateView):
    """A teacher's own pairs: those where they mentor and those where they are mentored."""

    template_name = "mentoring/my_mentoring.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person_id = self.request.user.person_id
        pairs = list(selectors.person_pairs(person_id)) if person_id else []
        context.update(
            title=_("Моё наставничество"),
            has_person=bool(person_id),
            as_mentor=[pair for pair in pairs if pair.mentor_id == person_id],
            as_mentee=[pair for pair in pairs if pair.mentee_id == person_id],
        )
        return context
