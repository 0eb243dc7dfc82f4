"""Enrolment pages: the list, the card with its history and post-course support, and the moves
of the status flow (approve, reject, complete, withdraw), each through `services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core.forms import attach_errors
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

from .. import filters, forms, services
from ..models import REGISTERED, DocumentStatus, Enrollment, EnrollmentStatus, PostCourseSupport
from ..selectors import enrollments_for_list

S = EnrollmentStatus


class EnrollmentListView(ScopedListView):
    model = Enrollment
    perm = Perm.VIEW_PROGRAMS
    title = _("Записи на обучение")
    export_name = "enrollments"
    filterset_class = filters.EnrollmentFilter
    search_fields = (
        "person__last_name",
        "person__first_name",
        "person__middle_name",
        "cohort__program__title",
    )
    search_placeholder = _("ФИО или программа")
    default_ordering = ("-applied_on",)
    extra_actions = (
        ("programs:program_list", _("Каталог программ"), Perm.VIEW_PROGRAMS),
        ("programs:no_recent_training", _("Без ПК 3 года"), Perm.APPROVE_ENROLMENTS),
    )
    empty_text = _("Записей на обучение не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("person.full_name", _("Работник"), link=True, order_by="person__last_name"),
        Column("organization", _("Организация"), order_by="organization__short_name"),
        Column("organization.municipality", _("Муниципалитет"), html=False),
        Column("program_title", _("Программа"), order_by="cohort__program__title"),
        Column("cohort.program.get_kind_display", _("Вид программы"), html=False),
        Column("cohort.program.hours", _("Часов"), html=False),
        Column("cohort.starts_on", _("Начало"), order_by="cohort__starts_on"),
        Column("cohort.ends_on", _("Окончание"), html=False),
        Column("get_status_display", _("Статус"), order_by="status"),
        Column("applied_on", _("Заявка"), order_by="applied_on"),
        Column("completed_on", _("Окончание обучения"), order_by="completed_on"),
        Column("get_document_kind_display", _("Документ"), html=False),
        Column("document_number", _("Номер документа")),
    )

    def select(self, queryset):
        return enrollments_for_list(queryset)


class EnrollmentDetailView(ScopedDetailView):
    model = Enrollment
    perm = Perm.VIEW_PROGRAMS
    template_name = "programs/enrollment_detail.html"

    def get_queryset(self):
        return enrollments_for_list(super().get_queryset()).select_related(
            "applied_by", "study_form", "funding"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrollment, user = self.object, self.request.user
        may_support = (
            Enrollment.objects.visible_to(user, Perm.APPROVE_ENROLMENTS)
            .filter(pk=enrollment.pk)
            .exists()
        )
        context.update(
            title=str(enrollment),
            transitions=enrollment.transitions.select_related("by"),
            support=enrollment.support.select_related("by"),
            targets=services.allowed_targets(user, enrollment),
            may_support=may_support,
            can_add_support=may_support and enrollment.status == S.COMPLETED,
            statuses=EnrollmentStatus,
            document_statuses=DocumentStatus,
            registered=enrollment.status == S.COMPLETED and enrollment.document_kind in REGISTERED,
            may_change_document=services.may_change_document(user, enrollment),
        )
        return context


class EnrollmentMoveView(generic.FormView):
    """One move of the status flow; the form asks what the move needs (a reason, a document)."""

    model = Enrollment
    template_name = "programs/enrollment_move.html"
    target = None
    form_class = forms.NoteForm
    title = ""
    button = ""

    def dispatch(self, request, *args, **kwargs):
        self.enrollment = get_scoped_or_404(
            Enrollment, request.user, kwargs["pk"], Perm.VIEW_PROGRAMS
        )
        try:
            move = services.legal_move(self.enrollment.status, self.target)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(self.enrollment.get_absolute_url())
        if not services.may_make(request.user, self.enrollment, move):
            raise PermissionDenied(
                _("Недостаточно прав, чтобы %(action)s.") % {"action": move.action}
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title,
            button=self.button,
            enrollment=self.enrollment,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.done)
        return redirect(self.enrollment.get_absolute_url())


class EnrollmentApproveView(EnrollmentMoveView):
    target = S.APPROVED
    title = _("Одобрить заявку")
    button = _("Одобрить")
    done = _("Заявка одобрена.")

    def perform(self, data):
        services.approve(self.enrollment, by=self.request.user, note=data["note"])


class EnrollmentRejectView(EnrollmentMoveView):
    target = S.REJECTED
    form_class = forms.ReasonForm
    title = _("Отклонить заявку")
    button = _("Отклонить")
    done = _("Заявка отклонена.")

    def perform(self, data):
        services.reject(self.enrollment, by=self.request.user, reason=data["reason"])


class EnrollmentWithdrawView(EnrollmentMoveView):
    target = S.WITHDRAWN
    form_class = forms.ReasonForm
    button = _("Подтвердить")

    @property
    def recall(self):
        return self.enrollment.status == S.APPLIED

    @property
    def title(self):
        return _("Отозвать заявку") if self.recall else _("Отметить выбытие")

    @property
    def done(self):
        return _("Заявка отозвана.") if self.recall else _("Выбытие отмечено.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "required": not self.recall}

    def perform(self, data):
        services.withdraw(self.enrollment, by=self.request.user, reason=data["reason"])


class EnrollmentCompleteView(EnrollmentMoveView):
    target = S.COMPLETED
    form_class = forms.CompleteForm
    title = _("Отметить завершение обучения")
    button = _("Обучение завершено")
    done = _("Завершение обучения отмечено.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "enrollment": self.enrollment}

    def perform(self, data):
        services.complete(self.enrollment, by=self.request.user, **data)


# Post-course support ---------------------------------------------------------------------------


class SupportCreateView(ServiceFormMixin, ScopedCreateView):
    model = PostCourseSupport
    form_class = forms.SupportForm
    change_perm = Perm.APPROVE_ENROLMENTS
    template_name = "programs/support_form.html"
    success_message = _("Посткурсовое сопровождение записано.")

    def dispatch(self, request, *args, **kwargs):
        self.enrollment = get_scoped_or_404(
            Enrollment, request.user, kwargs["enrollment_pk"], Perm.VIEW_PROGRAMS
        )
        may = Enrollment.objects.visible_to(request.user, Perm.APPROVE_ENROLMENTS)
        if not may.filter(pk=self.enrollment.pk).exists():
            raise PermissionDenied(
                _("Посткурсовое сопровождение записывают методисты и руководители работника.")
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "enrollment": self.enrollment}

    def get_title(self):
        return _("Посткурсовое сопровождение: %(enrollment)s") % {"enrollment": self.enrollment}

    def save(self, form):
        return services.add_support(self.enrollment, by=self.request.user, data=form.cleaned_data)

    def get_success_url(self):
        return self.enrollment.get_absolute_url()


class SupportUpdateView(ServiceFormMixin, ScopedUpdateView):
    model = PostCourseSupport
    form_class = forms.SupportForm
    perm = Perm.VIEW_PROGRAMS
    change_perm = Perm.APPROVE_ENROLMENTS
    template_name = "programs/support_form.html"
    success_message = _("Посткурсовое сопровождение сохранено.")

    def save(self, form):
        return services.update_support(self.object, by=self.request.user, data=form.cleaned_data)

    def get_success_url(self):
        return self.object.enrollment.get_absolute_url()


class SupportDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = PostCourseSupport
    perm = Perm.VIEW_PROGRAMS
    change_perm = Perm.APPROVE_ENROLMENTS
    delete_service = services.delete_support

    def get_success_url(self):
        return self.object.enrollment.get_absolute_url()
