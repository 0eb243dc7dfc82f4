"""Training requests (list, card, filing from a person or from a whole staff, review), their
summary by direction and organization, the people without ПК for three years and a teacher's
«Моё обучение»."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core import audit
from profrost.core.dates import add_years
from profrost.core.exporters import write_xlsx, xlsx_response
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
from profrost.registry.models import Person

from .. import filters, forms, selectors, services
from ..models import EnrollmentStatus, RequestStatus, TrainingRequest

REQUESTS = Perm.MANAGE_TRAINING_REQUESTS


class RequestListView(ScopedListView):
    model = TrainingRequest
    perm = REQUESTS
    title = _("Заявки на обучение")
    export_name = "training_requests"
    filterset_class = filters.RequestFilter
    search_fields = ("direction", "person__last_name", "organization__short_name")
    search_placeholder = _("Направление, ФИО, организация")
    default_ordering = ("-filed_on", "-created")
    create_url_name = "programs:request_create"
    create_perm = REQUESTS
    empty_text = _("Заявок на обучение не найдено.")
    columns = (
        Column("direction", _("Направление"), link=True, order_by="direction"),
        Column("year", _("Год"), order_by="year"),
        Column("organization", _("Организация"), order_by="organization__short_name"),
        Column("organization.municipality", _("Муниципалитет"), html=False),
        Column("author_display", _("От кого")),
        Column("headcount", _("Человек"), order_by="headcount"),
        Column("competence", _("Компетенция"), html=False),
        Column("program", _("Желаемая программа"), html=False),
        Column("get_status_display", _("Статус"), order_by="status"),
        Column("filed_on", _("Подана"), order_by="filed_on"),
        Column("note", _("Комментарий"), html=False),
    )

    def select(self, queryset):
        return selectors.requests_for_list(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        actions = [("programs:request_summary", _("Сводка по направлениям"))]
        if services.staff_organizations(user).exists():
            actions.insert(0, ("programs:request_create_staff", _("Заявка от коллектива")))
        context["actions"] = actions
        return context


class RequestDetailView(ScopedDetailView):
    model = TrainingRequest
    perm = REQUESTS
    change_perm = REQUESTS
    template_name = "programs/request_detail.html"

    def get_queryset(self):
        return selectors.requests_for_list(super().get_queryset()).select_related("created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.object
        context.update(
            title=str(request),
            can_review=services.reviewable(self.request.user).filter(pk=request.pk).exists(),
            is_new=request.status == RequestStatus.NEW,
            statuses=RequestStatus.choices,
        )
        return context


class RequestFormMixin(ServiceFormMixin):
    model = TrainingRequest
    form_class = forms.RequestForm
    change_perm = REQUESTS
    template_name = "programs/request_form.html"
    success_message = _("Заявка на обучение сохранена.")
    staff = False

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "staff": self.staff}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            directions=selectors.known_directions(self.request.user), **kwargs
        )


class RequestCreateView(RequestFormMixin, ScopedCreateView):
    title = _("Заявка на обучение")

    def save(self, form):
        return services.create_request(by=self.request.user, data=form.cleaned_data)


class RequestStaffCreateView(RequestCreateView):
    staff = True
    title = _("Заявка коллектива на обучение")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.staff_organizations(request.user):
            raise PermissionDenied(
                _("Заявку от коллектива подают администратор организации и методическая служба.")
            )
        return super().dispatch(request, *args, **kwargs)


class RequestUpdateView(RequestFormMixin, ScopedUpdateView):
    perm = REQUESTS

    def get_object(self, queryset=None):
        request = super().get_object(queryset)
        if request.status != RequestStatus.NEW:
            raise PermissionDenied(_("Заявка уже рассмотрена: изменить её нельзя."))
        return request

    def save(self, form):
        return services.update_request(self.object, by=self.request.user, data=form.cleaned_data)


class RequestDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = TrainingRequest
    perm = REQUESTS
    change_perm = REQUESTS
    success_url = reverse_lazy("programs:request_list")
    delete_service = services.delete_request


class RequestReviewView(generic.View):
    model = TrainingRequest
    http_method_names = ["post"]

    def post(self, request, pk):
        training_request = get_scoped_or_404(TrainingRequest, request.user, pk, REQUESTS)
        form = forms.ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Выберите статус заявки."))
            return redirect(training_request.get_absolute_url())
        try:
            services.review_request(training_request, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Статус заявки изменён."))
        return redirect(training_request.get_absolute_url())


class RequestSummaryView(generic.TemplateView):
    """Requests by direction and organization, counted in the database; XLSX."""

    template_name = "programs/request_summary.html"
    headers = (
        _("Направление"),
        _("Муниципалитет"),
        _("Организация"),
        _("Заявок работников"),
        _("Заявок коллектива"),
        _("Человек"),
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(request.user, REQUESTS):
            raise PermissionDenied(_("Сводка заявок доступна тем, кто ведёт заявки на обучение."))
        return super().dispatch(request, *args, **kwargs)

    def filtered(self):
        queryset = TrainingRequest.objects.visible_to(self.request.user, REQUESTS)
        self.filterset = filters.RequestFilter(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        queryset = self.filterset.qs
        if not self.request.GET.get("status"):
            queryset = queryset.exclude(status=RequestStatus.DECLINED)
        return queryset

    def get(self, request, *args, **kwargs):
        summary = selectors.request_summary(self.filtered())
        if request.GET.get("export") == "xlsx":
            return self.export(summary)
        return self.render_to_response(self.get_context_data(summary=summary))

    def export(self, summary):
        rows = (
            (
                row["direction"],
                row["organization__municipality__name"],
                row["organization__short_name"],
                row["individual"],
                row["collective"],
                row["headcount"],
            )
            for row in summary.rows
        )
        content = write_xlsx([str(h) for h in self.headers], rows, "Сводка заявок")
        audit.log(
            self.request.user,
            "programs.trainingrequest.summary_exported",
            filters=self.request.GET.urlencode(),
        )
        return xlsx_response("training_requests_summary", content)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("export", None)
        return super().get_context_data(
            title=_("Сводка заявок на обучение"),
            filterset=self.filterset,
            query_string=query.urlencode(),
            **kwargs,
        )


class NoRecentTrainingView(ScopedListView):
    """Teachers without a completed ПК or ПП in the last three years (273-ФЗ, art. 47)."""

    model = Person
    perm = Perm.VIEW_PROGRAMS
    title = _("Без повышения квалификации 3 года")
    export_name = "no_recent_training"
    filterset_class = filters.NoTrainingFilter
    search_fields = ("last_name", "first_name", "middle_name")
    search_placeholder = _("ФИО")
    default_ordering = (F("last_training_on").asc(nulls_first=True), "last_name", "first_name")
    template_name = "programs/no_recent_training.html"
    empty_text = _("Все педагоги проходили повышение квалификации в последние три года.")
    columns = (
        Column("full_name", _("ФИО"), link=True, order_by="last_name"),
        Column("organization_name", _("Организация"), order_by="organization_name"),
        Column("municipality_name", _("Муниципалитет"), html=False),
        Column("position_name", _("Должность")),
        Column("last_training_on", _("Последнее ПК/ПП"), order_by="last_training_on"),
    )

    def base_queryset(self):
        return selectors.no_recent_training(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["since"] = add_years(timezone.localdate(), -selectors.TRAINING_YEARS)
        return context


class MyTrainingView(generic.TemplateView):
    """A teacher's own enrolments and requests, and the cohorts open for applications."""

    template_name = "programs/my_training.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(title=_("Моё обучение"), **kwargs)
        if not user.person_id:
            return context
        person = user.person
        training = selectors.person_training(person, user)
        rights = services.MoveRights(user, training.enrollments)
        requests = selectors.requests_for_list(
            TrainingRequest.objects.visible_to(user, REQUESTS).filter(person=person)
        ).order_by("-created")
        context.update(
            person=person,
            training=training,
            rows=[(e, rights.targets(e)) for e in training.enrollments],
            requests=requests,
            cohorts=selectors.open_cohorts(user, person=person),
            may_request=has_perm_anywhere(user, REQUESTS),
            statuses=EnrollmentStatus,
        )
        return context
