"""ФИС ФРДО pages: the pre-check of a provider's documents of a period with the export of those
that pass, the document's own data, and the printed document (docs/frdo.md)."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from profrost.core.dates import format_date
from profrost.core.documents import docx_response
from profrost.core.exporters import xlsx_response
from profrost.core.forms import attach_errors
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.views import get_scoped_or_404

from .. import forms, services
from ..documents import certificate_docx
from ..models import REGISTERED, Enrollment, EnrollmentStatus
from ..register import check, documents, providers_for

REPORTING = (Perm.REPORT_DOCUMENTS, Perm.REPORT_ALL_PROVIDERS)


def user_providers(user):
    providers = providers_for(user)
    if not providers.exists():
        raise PermissionDenied(_("Нет организаций-провайдеров, чьи документы вы выгружаете."))
    return providers


def period_form(user, data):
    """The form of the provider and period, bound to `data` or, when none came, to the user's
    first provider and the year so far."""
    providers = user_providers(user)
    if not data:
        today = timezone.localdate()
        data = {
            "provider": providers.first().pk,
            "issued_from": format_date(date(today.year, 1, 1)),
            "issued_to": format_date(today),
        }
    return forms.RegisterPeriodForm(data, providers=providers)


class RegisterCheckView(generic.TemplateView):
    """Every document of the period: those the register would refuse with each field and
    reason, linked to where it is fixed; those that go out next; those already exported."""

    template_name = "programs/register_check.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        if not any(has_perm_anywhere(user, perm) for perm in REPORTING):
            raise PermissionDenied(_("Документы для ФИС ФРДО выгружает организация-провайдер."))
        if not providers_for(user).exists():
            # The menu offers the page to whoever reports documents; where they work is no
            # provider yet, the page says so rather than refusing.
            return super().get_context_data(
                title=_("Документы для ФИС ФРДО"), no_providers=True, **kwargs
            )
        form = period_form(user, self.request.GET)
        items = []
        if form.is_valid():
            data = form.cleaned_data
            items = check(documents(data["provider"], data["issued_from"], data["issued_to"]))
        return super().get_context_data(
            title=_("Документы для ФИС ФРДО"),
            form=form,
            refused=[item for item in items if not item.passes],
            due=[item for item in items if item.due],
            changed=sum(1 for item in items if item.changed and item.passes),
            done=[item for item in items if item.passes and not item.due],
            **kwargs,
        )


class RegisterExportView(generic.View):
    """The «Шаблон ДПО» file of the documents that pass and are new or changed."""

    def post(self, request):
        form = period_form(request.user, request.POST)
        if not form.is_valid():
            messages.error(request, _("Проверьте организацию и период выгрузки."))
            return redirect("programs:register_check")
        data = form.cleaned_data
        batch, content = services.export_documents(
            data["provider"], data["issued_from"], data["issued_to"], by=request.user
        )
        return xlsx_response(f"frdo-dpo-{batch.pk}", content)


class EnrollmentDocumentView(generic.FormView):
    """The document's data as ФИС ФРДО takes them, kept by the provider side."""

    model = Enrollment
    form_class = forms.DocumentForm
    template_name = "core/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.enrollment = get_scoped_or_404(
            Enrollment, request.user, kwargs["pk"], Perm.VIEW_PROGRAMS
        )
        if not services.may_change_document(request.user, self.enrollment):
            raise PermissionDenied(_("Данные документа меняет организация-провайдер."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.enrollment, "user": self.request.user}

    def get_context_data(self, **kwargs):
        title = _("Документ об обучении: %(enrollment)s") % {"enrollment": self.enrollment}
        return super().get_context_data(title=title, **kwargs)

    def form_valid(self, form):
        try:
            services.update_document(self.enrollment, by=self.request.user, data=form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Данные документа сохранены."))
        return redirect(self.enrollment.get_absolute_url())


class EnrollmentCertificateView(generic.View):
    """The удостоверение or диплом of a completed training, to print on the provider's form."""

    model = Enrollment

    def get(self, request, pk):
        enrollment = get_scoped_or_404(Enrollment, request.user, pk, Perm.VIEW_PROGRAMS)
        if enrollment.status != EnrollmentStatus.COMPLETED or (
            enrollment.document_kind not in REGISTERED
        ):
            raise Http404
        name = f"{enrollment.get_document_kind_display()} {enrollment.person.full_name}.docx"
        return docx_response(
            certificate_docx(enrollment), f"document-{enrollment.pk}.docx", full_name=name
        )
