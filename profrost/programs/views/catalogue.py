"""The catalogue pages: programs (list, card, editing with competence weights), cohorts (card
with the enrolments and their actions, editing) and applying to a cohort."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
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

from .. import filters, forms, selectors, services
from ..models import Cohort, Enrollment, EnrollmentStatus, Program


def changeable(model, user, obj, perm=Perm.MANAGE_PROGRAMS):
    return model.objects.changeable_by(user, perm).filter(pk=obj.pk).exists()


# Programs --------------------------------------------------------------------------------------


class ProgramListView(ScopedListView):
    model = Program
    perm = Perm.VIEW_PROGRAMS
    title = _("Каталог программ ДПО")
    export_name = "programs"
    filterset_class = filters.ProgramFilter
    search_fields = (
        "title",
        "description",
        "registry_number",
        "provider_name",
        "provider__short_name",
        "provider__name",
    )
    search_placeholder = _("Название, аннотация, провайдер")
    default_ordering = ("title",)
    create_url_name = "programs:program_create"
    create_perm = Perm.MANAGE_PROGRAMS
    extra_actions = (("programs:import", _("Импорт из реестра ДПП"), Perm.MANAGE_PROGRAMS),)
    empty_text = _("Программ не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("title", _("Программа"), link=True, order_by="title"),
        Column("get_kind_display", _("Вид"), order_by="kind"),
        Column("hours", _("Часов"), order_by="hours"),
        Column("get_form_display", _("Форма обучения"), order_by="form"),
        Column("provider_display", _("Провайдер")),
        Column("registry_number", _("Номер в ФР ДПП"), order_by="registry_number"),
        Column("competence_names", _("Компетенции"), xlsx=False),
        Column("competence_codes", _("Компетенции"), html=False),
        Column("next_cohort_on", _("Ближайший поток"), order_by="next_cohort_on"),
        Column("federal_registry", _("В Федеральном реестре"), html=False),
        Column("quality_management", _("Управление качеством образования"), html=False),
        Column("region", _("Регион"), html=False),
        Column("positions", _("Должности"), html=False),
        Column("subjects", _("Предметы"), html=False),
        Column("description", _("Аннотация"), html=False),
        Column("url", _("Ссылка"), html=False),
        Column("is_active", _("Действует"), html=False),
    )

    def select(self, queryset):
        queryset = selectors.programs_for_list(queryset)
        if self.request.GET.get("export") == "xlsx":
            queryset = queryset.prefetch_related("positions", "subjects")
        return queryset


class ProgramDetailView(ScopedDetailView):
    model = Program
    perm = Perm.VIEW_PROGRAMS
    change_perm = Perm.MANAGE_PROGRAMS
    template_name = "programs/program_detail.html"

    def get_queryset(self):
        queryset = super().get_queryset().select_related("provider", "region")
        return selectors.with_links(queryset.prefetch_related("positions", "subjects"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            title=self.object.title,
            cohorts=selectors.program_cohorts(self.object),
            may_apply=has_perm_anywhere(user, Perm.APPLY_ENROLMENTS),
            today=timezone.localdate(),
        )
        return context


class ProgramEditorView(generic.View):
    """Create or edit a program with its competence weights in one form."""

    template_name = "programs/program_form.html"
    program = None

    def editor(self, data=None):
        return forms.ProgramEditor(data, user=self.request.user, program=self.program)

    def render(self, editor):
        title = (
            _("Изменение программы: %(program)s") % {"program": self.program}
            if self.program
            else _("Новая программа")
        )
        return render(
            self.request,
            self.template_name,
            {"editor": editor, "form": editor.form, "object": self.program, "title": title},
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.editor())

    def post(self, request, *args, **kwargs):
        editor = self.editor(request.POST)
        if not editor.is_valid():
            return self.render(editor)
        try:
            program = self.save(editor)
        except ValidationError as error:
            editor.add_errors(error)
            return self.render(editor)
        messages.success(request, _("Программа «%(program)s» сохранена.") % {"program": program})
        return redirect(program.get_absolute_url())


class ProgramCreateView(ProgramEditorView):
    def dispatch(self, request, *args, **kwargs):
        if not has_perm_anywhere(request.user, Perm.MANAGE_PROGRAMS):
            raise PermissionDenied(_("Каталог программ ведёт региональный уровень."))
        return super().dispatch(request, *args, **kwargs)

    def save(self, editor):
        return services.create_program(
            by=self.request.user, data=editor.form.data_for_service(), links=editor.link_data()
        )


class ProgramUpdateView(ProgramEditorView):
    model = Program

    def dispatch(self, request, *args, **kwargs):
        self.program = get_scoped_or_404(Program, request.user, kwargs["pk"], Perm.VIEW_PROGRAMS)
        if not changeable(Program, request.user, self.program):
            raise PermissionDenied(_("Недостаточно прав: программа из каталога другого региона."))
        return super().dispatch(request, *args, **kwargs)

    def save(self, editor):
        return services.update_program(
            self.program,
            by=self.request.user,
            data=editor.form.data_for_service(),
            links=editor.link_data(),
        )


class ProgramDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = Program
    perm = Perm.VIEW_PROGRAMS
    change_perm = Perm.MANAGE_PROGRAMS
    success_url = reverse_lazy("programs:program_list")
    delete_service = services.delete_program


# Cohorts ---------------------------------------------------------------------------------------


class CohortCreateView(ServiceFormMixin, ScopedCreateView):
    model = Cohort
    form_class = forms.CohortForm
    change_perm = Perm.MANAGE_PROGRAMS
    success_message = _("Поток сохранён.")

    def dispatch(self, request, *args, **kwargs):
        self.program = get_scoped_or_404(
            Program, request.user, kwargs["dpp_pk"], Perm.VIEW_PROGRAMS
        )
        if not changeable(Program, request.user, self.program):
            raise PermissionDenied(_("Недостаточно прав: программа из каталога другого региона."))
        return super().dispatch(request, *args, **kwargs)

    def get_title(self):
        return _("Новый поток: %(program)s") % {"program": self.program}

    def save(self, form):
        return services.create_cohort(self.program, by=self.request.user, data=form.cleaned_data)


class CohortDetailView(ScopedDetailView):
    model = Cohort
    perm = Perm.VIEW_PROGRAMS
    change_perm = Perm.MANAGE_PROGRAMS
    template_name = "programs/cohort_detail.html"

    def get_queryset(self):
        return selectors.with_places(super().get_queryset().select_related("program__provider"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, cohort = self.request.user, self.object
        enrollments = list(
            Enrollment.objects.visible_to(user, Perm.VIEW_PROGRAMS)
            .filter(cohort=cohort)
            .select_related("person", "organization", "cohort")
            .order_by("status", F("person__last_name").asc(), "person__first_name", "pk")
        )
        rights = services.MoveRights(user, enrollments)
        context.update(
            title=str(cohort),
            statuses=EnrollmentStatus,
            rows=[(enrollment, rights.targets(enrollment)) for enrollment in enrollments],
            may_apply=has_perm_anywhere(user, Perm.APPLY_ENROLMENTS)
            and cohort.open_for_applications()
            and cohort.program.is_active,
        )
        return context


class CohortUpdateView(ServiceFormMixin, ScopedUpdateView):
    model = Cohort
    form_class = forms.CohortForm
    perm = Perm.VIEW_PROGRAMS
    change_perm = Perm.MANAGE_PROGRAMS
    success_message = _("Поток сохранён.")

    def save(self, form):
        return services.update_cohort(self.object, by=self.request.user, data=form.cleaned_data)


class CohortDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = Cohort
    perm = Perm.VIEW_PROGRAMS
    change_perm = Perm.MANAGE_PROGRAMS
    delete_service = services.delete_cohort

    def get_success_url(self):
        return self.object.program.get_absolute_url()


class ApplyView(ServiceFormMixin, generic.FormView):
    """«Подать заявку»: a teacher for themselves, a manager for a person of their staff."""

    model = Cohort
    form_class = forms.ApplyForm
    template_name = "programs/apply.html"

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_scoped_or_404(Cohort, request.user, kwargs["pk"], Perm.VIEW_PROGRAMS)
        if not has_perm_anywhere(request.user, Perm.APPLY_ENROLMENTS):
            raise PermissionDenied(_("Недостаточно прав, чтобы подавать заявки на обучение."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        cohort = selectors.with_places(Cohort.objects.filter(pk=self.cohort.pk)).get()
        return super().get_context_data(
            title=_("Заявка на обучение"),
            cohort=cohort,
            program=self.cohort.program,
            is_open=cohort.open_for_applications() and cohort.program.is_active,
            **kwargs,
        )

    def save(self, form):
        data = form.cleaned_data
        return services.apply(self.cohort, data["person"], by=self.request.user, note=data["note"])

    def get_success_message(self):
        return _("Заявка подана: %(person)s, %(cohort)s.") % {
            "person": self.object.person,
            "cohort": self.cohort,
        }

    def get_success_url(self):
        return reverse("programs:enrollment_detail", args=[self.object.pk])
