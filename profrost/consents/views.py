"""Pages of consents: the people without consent (with printable forms), a person's consents
(paper consent entered, withdrawal), the person's own consent, and the region's texts. Every
change goes through `services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core import audit
from profrost.core.documents import docx_response
from profrost.core.exporters import xlsx_response
from profrost.core.forms import attach_errors
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.tables import Column
from profrost.core.text import count_phrase
from profrost.core.views import ScopedListView, get_scoped_or_404
from profrost.registry.models import Employment, Person, Region
from profrost.registry.selectors import with_first_job

from . import documents, forms, mydata, prompt, selectors, services
from .models import Consent, ConsentText

RECORD = Perm.MANAGE_STAFF
FORM_FORMS = ("бланк", "бланка", "бланков")
PRINT_LIMIT = 500


class RecordersOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(request.user, RECORD):
            raise PermissionDenied(_("Согласия работников ведут организации и органы управления."))
        return super().dispatch(request, *args, **kwargs)


class MissingListView(RecordersOnlyMixin, ScopedListView):
    """People now working in the user's reach with no consent in force."""

    model = Person
    perm = RECORD
    audit_reads = True
    title = gettext_lazy("Работники без согласия на обработку персональных данных")
    export_name = "bez-soglasiya"
    search_fields = ("last_name", "first_name", "middle_name")
    search_placeholder = gettext_lazy("Фамилия, имя или отчество")
    default_ordering = ("last_name", "first_name", "middle_name")
    bulk_actions = (("consents:print", gettext_lazy("Бланки согласия (DOCX)"), RECORD),)
    empty_text = gettext_lazy("У всех работников в вашей зоне ответственности есть согласие.")
    columns = (
        Column("full_name", gettext_lazy("ФИО"), link=True, order_by="last_name"),
        Column("birth_date", gettext_lazy("Дата рождения")),
        Column("organization_name", gettext_lazy("Организация")),
        Column("position_name", gettext_lazy("Должность")),
        Column("get_consent_state_display", gettext_lazy("Согласие")),
    )

    def base_queryset(self):
        jobs = Employment.objects.active()
        return with_first_job(selectors.missing(self.request.user), jobs)


def posted(request):
    """The POST data of a POST (even an empty one, so that its form is bound), else None."""
    return request.POST if request.method == "POST" else None


def person_link(person):
    return reverse("consents:person", args=[person.pk])


def print_forms(request):
    """POST: the printable forms of the chosen people (ids), those in the user's reach only."""
    if request.method != "POST":
        return redirect("consents:missing")
    if not has_perm_anywhere(request.user, RECORD):
        raise PermissionDenied
    ids = [pk for pk in request.POST.getlist("ids") if pk.isdigit()][:PRINT_LIMIT]
    people = Person.objects.changeable_by(request.user, RECORD).filter(pk__in=ids)
    people = list(people.order_by("last_name", "first_name", "pk"))
    if not people:
        messages.error(request, _("Отметьте работников, для которых нужны бланки."))
        return redirect("consents:missing")
    content, printed = documents.consent_forms(people)
    if not printed:
        messages.error(request, _("Регион не утвердил текст согласия: бланки не из чего собрать."))
        return redirect("consents:missing")
    audit.log(request.user, "consents.forms.printed", people=[p.pk for p in people])
    return docx_response(content, "soglasiya.docx", _("Согласия (%(n)s).docx") % {"n": printed})


def person_consents(request, pk):
    """A person's consents: the one in force, the history, entering a signed paper."""
    person = get_scoped_or_404(Person, request.user, pk, RECORD)
    form = forms.PaperConsentForm()
    if request.method == "POST":
        form = forms.PaperConsentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.record_paper(
                    person,
                    by=request.user,
                    given_on=form.cleaned_data["given_on"],
                    scan=form.cleaned_data["scan"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Согласие внесено."))
                return redirect(person_link(person))
    context = {
        "person": person,
        "current": selectors.in_force(person),
        "history": selectors.history(person),
        "text": selectors.current_text(selectors.region_of(person)),
        "form": form,
    }
    return render(request, "consents/person.html", context)


def withdraw(request, pk):
    """GET asks to confirm; POST withdraws. The person or whoever keeps their staff record."""
    consent = get_object_or_404(Consent.objects.select_related("person"), pk=pk)
    if not services.may_withdraw(request.user, consent):
        raise Http404
    own = request.user.person_id == consent.person_id
    back = reverse("consents:my") if own else person_link(consent.person)
    form = forms.WithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(consent, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Согласие отозвано."))
            return redirect(back)
    context = {"consent": consent, "form": form, "own": own, "back": back}
    return render(request, "consents/withdraw.html", context)


def scan(request, pk):
    """The scan, to whoever keeps the person's record and to the person; each read audited."""
    consent = get_object_or_404(Consent, pk=pk)
    own = request.user.person_id == consent.person_id
    visible = Consent.objects.visible_to(request.user, RECORD).filter(pk=pk).exists()
    if not consent.scan or not (own or visible):
        raise Http404
    audit.log(request.user, "consents.scan.viewed", consent, person=consent.person_id)
    return FileResponse(consent.scan.open("rb"), as_attachment=True, filename=consent.scan.name)


def my_consent(request):
    """The person's own consent: the text to accept, or the consent given and how to withdraw."""
    if not request.user.person_id:
        raise Http404
    person = request.user.person
    text = selectors.current_text(selectors.region_of(person))
    form = forms.AcceptForm(posted(request), initial={"text_id": text.pk if text else None})
    going_on = prompt.next_url(request)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_online(request.user, text_id=form.cleaned_data["text_id"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Спасибо: согласие принято."))
            return redirect(going_on or "consents:my")
    context = {
        "person": person,
        "current": selectors.in_force(person),
        "history": selectors.history(person),
        "text": text,
        "form": form,
        "next": going_on,
    }
    return render(request, "consents/my.html", context)


def texts(request):
    """The region's text versions; the regional administrator adds a new one."""
    regions = Region.objects.visible_to(request.user, RECORD)
    if not has_perm_anywhere(request.user, RECORD) and not has_perm_anywhere(
        request.user, services.EDIT_TEXTS
    ):
        raise PermissionDenied
    editable = [region for region in regions if services.may_edit_texts(request.user, region)]
    form = forms.ConsentTextForm(posted(request))
    region_id = request.POST.get("region") or (editable[0].pk if editable else None)
    if request.method == "POST" and form.is_valid():
        region = next((r for r in editable if str(r.pk) == str(region_id)), None)
        if region is None:
            raise PermissionDenied
        try:
            services.save_text(by=request.user, region=region, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Новая редакция текста согласия утверждена."))
            return redirect("consents:texts")
    versions = ConsentText.objects.filter(region__in=regions).select_related("region")
    context = {
        "versions": versions,
        "form": form if editable else None,
        "editable": editable,
        "title": _("Тексты согласия на обработку персональных данных"),
        "count": count_phrase(len(editable), ("регион", "региона", "регионов")),
    }
    return render(request, "consents/texts.html", context)


# The URL walk reads which object the pk names.
person_consents.model = Person
withdraw.model = scan.model = Consent


def my_data(request):
    """«Мои данные»: what the system keeps about the user's person; XLSX or JSON to download."""
    if not request.user.person_id:
        raise Http404
    person = request.user.person
    found = mydata.sections(person)
    kind = request.GET.get("format")
    if kind in ("xlsx", "json"):
        audit.log(request.user, "consents.mydata.downloaded", person, format=kind)
        if kind == "json":
            response = HttpResponse(mydata.as_json(person, found), content_type="application/json")
            response["Content-Disposition"] = 'attachment; filename="my-data.json"'
            return response
        return xlsx_response("my-data", mydata.as_xlsx(person, found))
    kept = [section for section in found if section.rows]
    context = {
        "person": person,
        "kept": kept,
        "empty": [section for section in found if not section.rows],
        "limit": mydata.SECTION_LIMIT,
    }
    return render(request, "consents/my_data.html", context)
