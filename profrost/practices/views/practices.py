"""Pages of the bank of practices: the list, a practice's page, submitting and editing, naming
experts, the expert's score sheet and «Мои экспертизы», inclusion, rejection, dissemination."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core.roles import Perm
from profrost.core.tables import Column
from profrost.core.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedFormMixin,
    ScopedListView,
    ScopedObjectMixin,
    ServiceDeleteMixin,
    ServiceFormMixin,
    get_scoped_or_404,
)

from .. import filters, forms, selectors, services
from ..models import (
    CRITERIA,
    MAX_TOTAL,
    MIN_REVIEWS,
    PASS_MEAN,
    Dissemination,
    Practice,
    PracticeReview,
    PracticeStatus,
)
from .common import FileView, ObjectActionView

# Column heads of the score sheets on a practice's page, in the order of CRITERIA.
CRITERIA_SHORT = list(
    zip(
        (_("Акт."), _("Нов."), _("Рез."), _("Тир."), _("Метод.")),
        [label for _name, label in CRITERIA],
        strict=True,
    )
)
STATUS_BADGES = {
    PracticeStatus.SUBMITTED: "secondary",
    PracticeStatus.EXPERTISE: "warning",
    PracticeStatus.IN_BANK: "success",
    PracticeStatus.DISSEMINATED: "primary",
    PracticeStatus.REJECTED: "dark",
}


class PracticeListView(ScopedListView):
    model = Practice
    perm = Perm.VIEW_NETWORK
    title = _("Практики")
    export_name = "practices"
    filterset_class = filters.PracticeFilter
    search_fields = (
        "title",
        "description",
        "main_author__last_name",
        "organization__short_name",
    )
    search_placeholder = _("Название, описание, автор или организация")
    default_ordering = ("-submitted_on", "title")
    create_url_name = "practices:practice_create"
    create_perm = Perm.SUBMIT_PRACTICES
    extra_actions = (
        ("practices:my_reviews", _("Мои экспертизы"), Perm.VIEW_NETWORK),
        ("practices:public_bank", _("Открытый банк"), Perm.VIEW_NETWORK),
    )
    empty_text = _("Практик не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("title", _("Практика"), link=True, order_by="title"),
        Column("get_kind_display", _("Вид"), html=False),
        Column("get_level_display", _("Уровень"), order_by="level"),
        Column("main_author.full_name", _("Автор"), order_by="main_author__last_name"),
        Column("coauthors", _("Соавторы"), html=False),
        Column("organization", _("Организация"), order_by="organization__short_name"),
        Column("municipality", _("Муниципалитет"), html=False),
        Column("subjects", _("Предметы"), html=False),
        Column("competences", _("Компетенции"), html=False),
        Column("get_status_display", _("Статус"), order_by="status"),
        Column("submitted_on", _("Подана"), order_by="submitted_on"),
        Column("expertise_progress", _("Листов оценки"), xlsx=False),
        Column("completed_count", _("Заполнено листов оценки"), html=False),
        Column("review_count", _("Назначено экспертов"), html=False),
        Column("mean_display", _("Средний балл"), order_by="mean_total", xlsx=False),
        Column("mean_rounded", _("Средний балл"), html=False),
        Column("included_on", _("Включена в банк"), order_by="included_on"),
        Column("dissemination_count", _("Распространений"), order_by="dissemination_count"),
        Column("link", _("Ссылка"), html=False),
    )

    def select(self, queryset):
        return selectors.practices_for_list(queryset)


class PracticeDetailView(ScopedDetailView):
    model = Practice
    perm = Perm.VIEW_NETWORK
    template_name = "practices/practice_detail.html"

    def get_queryset(self):
        return selectors.practice_for_page(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        practice, user = self.object, self.request.user
        manage = services.may_manage(user, practice)
        summary = selectors.expertise_summary(practice)
        reviews = list(selectors.practice_reviews(practice)) if manage else []
        decided = practice.status not in (PracticeStatus.SUBMITTED, PracticeStatus.EXPERTISE)
        context.update(
            title=practice.title,
            badge=STATUS_BADGES[practice.status],
            can_edit=services.may_edit(user, practice),
            can_manage=manage,
            can_delete=practice.status in (PracticeStatus.SUBMITTED, PracticeStatus.REJECTED)
            and services.may_edit(user, practice),
            reviews=reviews,
            criteria=CRITERIA_SHORT,
            summary=summary,
            mean=selectors.format_mean(summary["mean"]),
            max_total=MAX_TOTAL,
            pass_mean=PASS_MEAN,
            min_reviews=MIN_REVIEWS,
            conclusions=_conclusions(practice) if decided and not manage else [],
            refusal=services.inclusion_refusal(practice)
            if manage and practice.status == PracticeStatus.EXPERTISE
            else None,
            disseminations=selectors.practice_disseminations(practice),
            can_disseminate=manage and practice.is_published,
            can_assign=manage
            and practice.status in (PracticeStatus.SUBMITTED, PracticeStatus.EXPERTISE),
        )
        return context


def _conclusions(practice):
    """The experts' conclusions without their names, for the authors after the decision."""
    completed = practice.reviews.filter(completed_on__isnull=False).order_by("completed_on", "pk")
    return [
        (review.total, review.get_recommendation_display(), review.comment) for review in completed
    ]


class PracticeCreateView(ServiceFormMixin, ScopedCreateView):
    model = Practice
    form_class = forms.PracticeForm
    change_perm = Perm.SUBMIT_PRACTICES
    title = _("Подать практику")
    success_message = _("Практика подана.")

    def save(self, form):
        return services.submit_practice(by=self.request.user, data=form.cleaned_data)


class PracticeAccessMixin:
    """Edit and delete: the practice must be visible (404) and editable by the user (403); a
    submitter whose practice has gone to expertise is told so."""

    model = Practice

    def dispatch(self, request, *args, **kwargs):
        practice = get_scoped_or_404(Practice, request.user, kwargs["pk"], Perm.VIEW_NETWORK)
        if not services.may_edit(request.user, practice):
            submitted = Practice.objects.changeable_by(request.user, Perm.SUBMIT_PRACTICES)
            if submitted.filter(pk=practice.pk).exists() and request.method == "GET":
                messages.error(
                    request,
                    _("Практика уже «%(status)s»: изменить её может только методист.")
                    % {"status": practice.get_status_display()},
                )
                return redirect(practice.get_absolute_url())
            raise PermissionDenied(_("Недостаточно прав для изменения практики."))
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return Practice.objects.get(pk=self.kwargs["pk"])


class PracticeUpdateView(
    PracticeAccessMixin, ServiceFormMixin, ScopedFormMixin, generic.UpdateView
):
    form_class = forms.PracticeForm
    success_message = _("Практика сохранена.")

    def get_title(self):
        return _("Изменение: %(object)s") % {"object": self.object}

    def save(self, form):
        return services.update_practice(self.object, by=self.request.user, data=form.cleaned_data)


class PracticeDeleteView(PracticeAccessMixin, ServiceDeleteMixin, generic.DeleteView):
    template_name = "core/confirm_delete.html"
    success_url = reverse_lazy("practices:practice_list")
    delete_service = services.delete_practice


class PracticeFileView(FileView):
    """The file of a practice for those who see it and for its experts."""

    model = Practice

    def get_object(self):
        user = self.request.user
        visible = Practice.objects.visible_to(user, Perm.VIEW_NETWORK).values("pk")
        reach = Q(pk__in=visible)
        if user.person_id:
            reach |= Q(reviews__expert_id=user.person_id)
        practice = Practice.objects.filter(reach, pk=self.kwargs["pk"]).first()
        if practice is None:
            raise Http404
        return practice


# Expertise --------------------------------------------------------------------------------------


class ManagePracticeView(ObjectActionView):
    """An action of who manages the practice's expertise (Perm.MANAGE_PRACTICES)."""

    model = Practice
    denied_message = _("Экспертизой этой практики управляет другой уровень.")

    def find(self):
        return get_scoped_or_404(Practice, self.request.user, self.kwargs["pk"], Perm.VIEW_NETWORK)

    def allowed(self):
        return services.may_manage(self.request.user, self.object)


class AssignExpertsView(ManagePracticeView):
    form_class = forms.ExpertsForm
    success_message = _("Эксперты назначены.")

    def get_title(self):
        return _("Эксперты практики «%(practice)s»") % {"practice": self.object}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "practice": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assigned"] = selectors.practice_reviews(self.object)
        return context

    def act(self, form):
        services.assign_experts(
            self.object, by=self.request.user, experts=form.cleaned_data["experts"]
        )


class IncludeView(ManagePracticeView):
    form_class = forms.IncludeForm
    success_message = _("Практика включена в банк.")

    def get_title(self):
        return _("Включение в банк: %(practice)s") % {"practice": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = selectors.expertise_summary(self.object)
        context.update(
            summary=summary,
            mean=selectors.format_mean(summary["mean"]),
            max_total=MAX_TOTAL,
            refusal=services.inclusion_refusal(self.object),
            submit_label=_("Включить в банк"),
        )
        return context

    def act(self, form):
        data = form.cleaned_data
        services.include_in_bank(
            self.object, by=self.request.user, on=data["included_on"], comment=data["comment"]
        )


class RejectView(ManagePracticeView):
    form_class = forms.RejectForm
    success_message = _("Практика отклонена.")

    def get_title(self):
        return _("Отклонение практики: %(practice)s") % {"practice": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(submit_label=_("Отклонить"), danger=True)
        return context

    def act(self, form):
        services.reject_practice(
            self.object, by=self.request.user, reason=form.cleaned_data["reason"]
        )


class ReviewView(ObjectActionView):
    """The expert's score sheet: filled only by the user linked to the expert's person."""

    model = PracticeReview
    form_class = forms.ReviewForm
    template_name = "practices/review_form.html"
    success_message = _("Лист оценки сохранён.")
    denied_message = _("Лист оценки заполняет только назначенный эксперт.")

    def find(self):
        user = self.request.user
        reach = Q(pk__in=PracticeReview.objects.visible_to(user, Perm.VIEW_NETWORK).values("pk"))
        if user.person_id:
            reach |= Q(expert_id=user.person_id)
        review = (
            PracticeReview.objects.filter(reach, pk=self.kwargs["pk"])
            .select_related("practice__organization", "practice__main_author", "expert")
            .first()
        )
        if review is None:
            raise Http404
        return review

    def allowed(self):
        return self.request.user.person_id == self.object.expert_id

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "review": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        practice = self.object.practice
        context.update(
            practice=practice,
            coauthors=practice.coauthors.all(),
            editable=practice.status == PracticeStatus.EXPERTISE,
            max_total=MAX_TOTAL,
        )
        return context

    def get_title(self):
        return _("Лист экспертной оценки")

    def get_success_url(self):
        return reverse("practices:my_reviews")

    def back_url(self):
        return reverse("practices:my_reviews")

    def act(self, form):
        services.complete_review(self.object, by=self.request.user, data=form.cleaned_data)


class WithdrawReviewView(ObjectActionView):
    model = PracticeReview
    form_class = forms.ConfirmForm
    success_message = _("Эксперт отозван.")
    denied_message = _("Экспертизой этой практики управляет другой уровень.")

    def find(self):
        return get_scoped_or_404(
            PracticeReview, self.request.user, self.kwargs["pk"], Perm.VIEW_NETWORK
        )

    def allowed(self):
        return services.may_manage(self.request.user, self.object.practice)

    def get_title(self):
        return _("Отозвать эксперта %(expert)s с практики «%(practice)s»?") % {
            "expert": self.object.expert,
            "practice": self.object.practice,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(submit_label=_("Отозвать"), danger=True)
        return context

    def back_url(self):
        return self.object.practice.get_absolute_url()

    def get_success_url(self):
        return self.object.practice.get_absolute_url()

    def act(self, form):
        services.withdraw_review(self.object, by=self.request.user)


class MyReviewsView(generic.TemplateView):
    """«Мои экспертизы»: the score sheets the user's person was named for."""

    template_name = "practices/my_reviews.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person_id = self.request.user.person_id
        reviews = list(selectors.my_reviews(person_id))
        context.update(
            title=_("Мои экспертизы"),
            has_person=bool(person_id),
            waiting=[review for review in reviews if selectors.is_waiting(review)],
            done=[review for review in reviews if not selectors.is_waiting(review)],
            max_total=MAX_TOTAL,
        )
        return context


# Dissemination ----------------------------------------------------------------------------------


class DisseminationCreateView(ServiceFormMixin, ScopedFormMixin, generic.CreateView):
    model = Dissemination
    form_class = forms.DisseminationForm
    success_message = _("Распространение записано.")

    def dispatch(self, request, *args, **kwargs):
        self.practice = get_scoped_or_404(
            Practice, request.user, kwargs["practice_pk"], Perm.VIEW_NETWORK
        )
        if not services.may_manage(request.user, self.practice):
            raise PermissionDenied(_("Экспертизой этой практики управляет другой уровень."))
        return super().dispatch(request, *args, **kwargs)

    def get_title(self):
        return _("Распространение практики «%(practice)s»") % {"practice": self.practice}

    def get_success_url(self):
        return self.practice.get_absolute_url()

    def save(self, form):
        return services.record_dissemination(
            self.practice, by=self.request.user, data=form.cleaned_data
        )


class DisseminationObjectMixin(ScopedObjectMixin):
    model = Dissemination
    perm = Perm.VIEW_NETWORK

    def get_object(self, queryset=None):
        dissemination = super().get_object(queryset)
        if not services.may_manage(self.request.user, dissemination.practice):
            raise PermissionDenied(_("Недостаточно прав для изменения записи."))
        return dissemination

    def get_success_url(self):
        return self.object.practice.get_absolute_url()


class DisseminationUpdateView(
    DisseminationObjectMixin, ServiceFormMixin, ScopedFormMixin, generic.UpdateView
):
    form_class = forms.DisseminationForm
    success_message = _("Распространение сохранено.")

    def save(self, form):
        return services.update_dissemination(
            self.object, by=self.request.user, data=form.cleaned_data
        )


class DisseminationDeleteView(DisseminationObjectMixin, ServiceDeleteMixin, generic.DeleteView):
    template_name = "core/confirm_delete.html"
    delete_service = services.delete_dissemination
