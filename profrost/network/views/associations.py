"""Associations: list, card, create, edit, delete; members; reports; horizontal learning."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.competences.models import Competence
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
    get_scoped_or_404,
)
from profrost.registry.models import Person

from .. import matching, selectors, services
from ..filters import AssociationFilter
from ..forms import AssociationForm, HorizontalGroupForm, MemberForm, ReportForm
from ..models import (
    Association,
    AssociationReport,
    Event,
    HorizontalGroup,
    Membership,
    WorkPlan,
)
from .common import SEARCH_LIMIT, ObjectActionView, error_text, people_found

UPCOMING_EVENTS = 10


class AssociationListView(ScopedListView):
    model = Association
    perm = Perm.VIEW_NETWORK
    title = gettext_lazy("Методические объединения и сообщества")
    export_name = "associations"
    filterset_class = AssociationFilter
    search_fields = ("title", "problem_area", "head__last_name")
    search_placeholder = gettext_lazy("Название, проблема, руководитель")
    default_ordering = ("title",)
    create_url_name = "network:association_create"
    create_perm = Perm.MANAGE_ASSOCIATIONS
    empty_text = gettext_lazy("Объединений не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("title", gettext_lazy("Объединение"), link=True, order_by="title"),
        Column("get_kind_display", gettext_lazy("Вид"), order_by="kind"),
        Column("get_level_display", gettext_lazy("Уровень"), order_by="level"),
        Column("target", gettext_lazy("Где действует")),
        Column("subject", gettext_lazy("Предмет"), order_by="subject__name"),
        Column("problem_area", gettext_lazy("Проблемная область"), html=False),
        Column("head", gettext_lazy("Руководитель"), order_by="head__last_name"),
        Column("member_count", gettext_lazy("Членов"), order_by="member_count"),
        Column("founded_on", gettext_lazy("Создано"), html=False),
        Column("is_active", gettext_lazy("Действует")),
    )

    def select(self, queryset):
        return selectors.associations_for_list(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Heading an association does not let a teacher set up new ones.
        context["can_create"] = services.is_manager(self.request.user, Perm.MANAGE_ASSOCIATIONS)
        return context


class AssociationDetailView(ScopedDetailView):
    model = Association
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_ASSOCIATIONS
    template_name = "network/association_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region", "municipality", "organization", "subject", "head")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        association, user = self.object, self.request.user
        members = list(selectors.association_members(association))
        context.update(
            current_members=[m for m in members if m.left_on is None],
            former_members=[m for m in members if m.left_on is not None],
            reports=association.reports.all(),
            plans=WorkPlan.objects.visible_to(user, Perm.VIEW_NETWORK)
            .filter(association=association)
            .order_by("-year"),
            groups=selectors.horizontal_groups(association),
            events=selectors.events_for_list(
                Event.objects.visible_to(user, Perm.VIEW_NETWORK).filter(
                    organizer_association=association, ends_at__gte=timezone.now()
                )
            ).order_by("starts_at")[:UPCOMING_EVENTS],
            can_manage_events=services.may_change(association, user, Perm.MANAGE_EVENTS),
        )
        return context


class AssociationCreateView(ServiceFormMixin, ScopedCreateView):
    model = Association
    form_class = AssociationForm
    change_perm = Perm.MANAGE_ASSOCIATIONS
    title = gettext_lazy("Новое методическое объединение")
    success_message = gettext_lazy("Объединение создано.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.is_manager(
            request.user, Perm.MANAGE_ASSOCIATIONS
        ):
            raise PermissionDenied(_("Объединения создают методические службы и руководители."))
        return super().dispatch(request, *args, **kwargs)

    def save(self, form):
        return services.save_association(form.instance, by=self.request.user)


class AssociationUpdateView(ServiceFormMixin, ScopedUpdateView):
    model = Association
    form_class = AssociationForm
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_ASSOCIATIONS
    success_message = gettext_lazy("Сохранено.")

    def save(self, form):
        return services.save_association(
            form.instance, by=self.request.user, changed=form.changed_data
        )


class AssociationDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = Association
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_ASSOCIATIONS
    success_url = reverse_lazy("network:association_list")
    delete_service = services.delete_association
    deleted_message = gettext_lazy("Объединение «%(object)s» удалено.")


# Members ---------------------------------------------------------------------------------------


class MemberAddView(ObjectActionView):
    model = Association
    change_perm = Perm.MANAGE_ASSOCIATIONS
    template_name = "network/member_add.html"

    def get_form(self, data=None):
        return MemberForm(
            data, candidates=services.member_candidates(self.object, self.request.user)
        )

    def get(self, request, *args, **kwargs):
        return self.show(self.get_form())

    def show(self, form):
        text = self.request.GET.get("q", "").strip()
        found = people_found(form.fields["person"].queryset, text)
        context = {
            "object": self.object,
            "title": _("Добавить в объединение: %(object)s") % {"object": self.object},
            "form": form,
            "q": text,
            "found": found,
            "search_limit": SEARCH_LIMIT,
        }
        return render(self.request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.show(form)
        data = form.cleaned_data
        try:
            services.add_member(
                self.object,
                data["person"],
                role=data["role"],
                joined_on=data["joined_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
            return self.show(form)
        messages.success(
            request, _("%(person)s добавлен(а) в объединение.") % {"person": data["person"]}
        )
        return redirect(reverse("network:member_add", args=[self.object.pk]))


class MemberRemoveView(ObjectActionView):
    model = Membership
    change_perm = Perm.MANAGE_ASSOCIATIONS
    button = gettext_lazy("Исключить")
    button_class = "btn-danger"

    @property
    def question(self):
        return _("Исключить %(person)s из объединения «%(association)s»?") % {
            "person": self.object.person,
            "association": self.object.association,
        }

    def act(self):
        services.remove_member(self.object, by=self.request.user)
        return _("%(person)s выбыл(а) из объединения.") % {"person": self.object.person}


# Reports ---------------------------------------------------------------------------------------


class AssociationChildMixin:
    """Create views of a row belonging to an association the user may change."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.association = get_association(request.user, kwargs["association_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return self.association.get_absolute_url()


def get_association(user, pk, change_perm=Perm.MANAGE_ASSOCIATIONS):
    association = get_scoped_or_404(Association, user, pk, Perm.VIEW_NETWORK)
    if not services.may_change(association, user, change_perm):
        raise PermissionDenied
    return association


class ReportCreateView(AssociationChildMixin, ServiceFormMixin, ScopedCreateView):
    model = AssociationReport
    form_class = ReportForm
    change_perm = Perm.MANAGE_ASSOCIATIONS
    success_message = gettext_lazy("Отчёт сохранён.")

    def get_title(self):
        return _("Отчёт объединения: %(object)s") % {"object": self.association}

    def get_initial(self):
        return {"submitted_on": timezone.localdate()}

    def save(self, form):
        form.instance.association = self.association
        return services.save_report(form.instance, by=self.request.user)


class ReportUpdateView(ServiceFormMixin, ScopedUpdateView):
    model = AssociationReport
    form_class = ReportForm
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_ASSOCIATIONS
    success_message = gettext_lazy("Отчёт сохранён.")

    def save(self, form):
        return services.save_report(form.instance, by=self.request.user)


class ReportDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = AssociationReport
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_ASSOCIATIONS
    delete_service = services.delete_report
    deleted_message = gettext_lazy("Отчёт удалён.")

    def get_success_url(self):
        return self.object.get_absolute_url()


# Horizontal learning ---------------------------------------------------------------------------


class HorizontalMatchView(ObjectActionView):
    """«Подбор пар»: proposals from the deficit maps of the members; each one is confirmed as a
    group by the association's managers."""

    model = Association
    change_perm = Perm.MANAGE_ASSOCIATIONS
    template_name = "network/horizontal_match.html"

    def get(self, request, *args, **kwargs):
        context = {
            "object": self.object,
            "title": _("Подбор пар: %(object)s") % {"object": self.object},
            "proposals": matching.proposals(self.object),
            "member_count": self.object.memberships.filter(left_on__isnull=True).count(),
        }
        return render(request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        competence = Competence.objects.filter(pk=request.POST.get("competence") or 0).first()
        holders = Person.objects.filter(pk__in=_ids(request.POST.getlist("holders")))
        learners = Person.objects.filter(pk__in=_ids(request.POST.getlist("learners")))
        if competence is None:
            messages.error(request, _("Не указана компетенция."))
            return redirect(request.path)
        try:
            services.create_horizontal_group(
                self.object,
                competence,
                holders=list(holders),
                learners=list(learners),
                notes=request.POST.get("notes", "").strip(),
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(request.path)
        messages.success(
            request,
            _("Группа горизонтального обучения по компетенции «%(competence)s» создана.")
            % {"competence": competence},
        )
        return redirect(request.path)


def _ids(values):
    return [int(value) for value in values if str(value).isdigit()]


class HorizontalGroupUpdateView(ServiceFormMixin, ScopedUpdateView):
    model = HorizontalGroup
    form_class = HorizontalGroupForm
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_ASSOCIATIONS
    success_message = gettext_lazy("Сохранено.")

    def save(self, form):
        return services.update_horizontal_group(
            form.instance, by=self.request.user, changed=form.changed_data
        )


class HorizontalGroupDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = HorizontalGroup
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_ASSOCIATIONS
    delete_service = services.delete_horizontal_group
    deleted_message = gettext_lazy("Группа удалена.")

    def get_success_url(self):
        return self.object.get_absolute_url()
