"""Registration and attendance; the registration list, the iCalendar file, the certificate;
«Мои мероприятия»."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from profrost.core import audit
from profrost.core.exporters import xlsx_response
from profrost.core.roles import Perm
from profrost.registry.models import Person

from .. import documents, exporters, ical, selectors, services
from ..forms import ParticipantForm
from ..models import Event, Participation
from .common import SEARCH_LIMIT, ObjectActionView, error_text, people_found

OPEN_EVENTS_SHOWN = 20


# Registration and attendance -------------------------------------------------------------------


class RedirectOnGetMixin:
    def get(self, request, *args, **kwargs):
        return redirect(self.get_success_url())


class RegisterView(RedirectOnGetMixin, ObjectActionView):
    """A person registers themselves as a participant."""

    model = Event

    def act(self):
        user = self.request.user
        if not user.person_id:
            raise ValidationError(_("Ваша учётная запись не связана с карточкой работника."))
        services.register(self.object, user.person, by=user)
        return _("Вы зарегистрированы на мероприятие «%(event)s».") % {"event": self.object}


class UnregisterView(RedirectOnGetMixin, ObjectActionView):
    model = Event

    def act(self):
        user = self.request.user
        participation = Participation.objects.filter(
            event=self.object, person_id=user.person_id
        ).first()
        if participation is None:
            raise ValidationError(_("Вы не зарегистрированы на это мероприятие."))
        services.unregister(participation, by=user)
        return _("Регистрация отменена.")


class ParticipantAddView(ObjectActionView):
    """Managers register the people of their scope; the event's organizers anyone working within
    its reach or in the organizing association, in any role."""

    model = Event
    template_name = "network/participant_add.html"

    def check_permission(self):
        user = self.request.user
        self.organizer = services.may_change(self.object, user, Perm.MANAGE_EVENTS)
        if not (self.organizer or services.is_manager(user, Perm.MANAGE_EVENTS)):
            raise PermissionDenied

    def get_form(self, data=None):
        registered = self.object.participations.values("person_id")
        candidates = services.registrable_people(self.object, self.request.user).exclude(
            pk__in=registered
        )
        return ParticipantForm(data, candidates=candidates, organizer=self.organizer)

    def get(self, request, *args, **kwargs):
        return self.show(self.get_form())

    def show(self, form):
        text = self.request.GET.get("q", "").strip()
        found = people_found(form.fields["person"].queryset, text)
        context = {
            "object": self.object,
            "title": _("Регистрация участников: %(object)s") % {"object": self.object},
            "form": form,
            "q": text,
            "found": found,
            "search_limit": SEARCH_LIMIT,
            "counts": selectors.event_counts(self.object),
        }
        return render(self.request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.show(form)
        data = form.cleaned_data
        try:
            services.register(
                self.object, data["person"], by=request.user, role=data["role"], topic=data["topic"]
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
            return self.show(form)
        messages.success(request, _("%(person)s зарегистрирован(а).") % {"person": data["person"]})
        return redirect(reverse("network:participant_add", args=[self.object.pk]))


class ParticipationDeleteView(ObjectActionView):
    model = Participation
    button = gettext_lazy("Исключить из списка")
    button_class = "btn-danger"

    def check_permission(self):
        user = self.request.user
        event = self.object.event
        own = Person.objects.visible_to(user, Perm.MANAGE_EVENTS)
        if not (
            services.may_change(event, user, Perm.MANAGE_EVENTS)
            or own.filter(pk=self.object.person_id).exists()
        ):
            raise PermissionDenied

    @property
    def question(self):
        return _("Исключить %(person)s из списка участников мероприятия «%(event)s»?") % {
            "person": self.object.person,
            "event": self.object.event,
        }

    def act(self):
        services.unregister(self.object, by=self.request.user)
        return _("%(person)s исключен(а) из списка участников.") % {"person": self.object.person}


class AttendanceView(RedirectOnGetMixin, ObjectActionView):
    """Saves the attendance marks of the registered participants listed on the event's page."""

    model = Event
    change_perm = Perm.MANAGE_EVENTS

    def act(self):
        listed = set(_ids(self.request.POST.getlist("listed")))
        present = set(_ids(self.request.POST.getlist("present")))
        marks = {person_id: person_id in present for person_id in listed | present}
        changed = services.mark_attendance(self.object, marks, by=self.request.user)
        return _("Отметки посещения сохранены (изменено: %(count)d).") % {"count": changed}


def _ids(values):
    return [int(value) for value in values if str(value).isdigit()]


# Files -----------------------------------------------------------------------------------------


class RegistrationListView(ObjectActionView):
    model = Event

    def get(self, request, *args, **kwargs):
        participations = selectors.event_participants(self.object, request.user)
        content = exporters.registration_list(self.object, participations)
        audit.log(request.user, "network.event.registration_list_exported", self.object)
        return xlsx_response(f"registration_list_{self.object.pk}", content)

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


class EventIcsView(ObjectActionView):
    model = Event

    def get(self, request, *args, **kwargs):
        content = ical.event_calendar(
            self.object,
            url=request.build_absolute_uri(self.object.get_absolute_url()),
            host=request.get_host().split(":")[0] or "profrost",
        )
        response = HttpResponse(
            content.encode("utf-8"), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="event-{self.object.pk}.ics"'
        return response

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


class CertificateView(ObjectActionView):
    """The certificate of an attended participation, for the participant and the managers who
    see the participation."""

    model = Participation

    def get(self, request, *args, **kwargs):
        participation = (
            Participation.objects.select_related(
                "person",
                "organization",
                "position",
                "event__organizer_organization",
                "event__organizer_association",
            )
            .filter(pk=self.object.pk)
            .get()
        )
        if not participation.attended:
            raise Http404(_("Сертификат выдаётся только при отметке о присутствии."))
        content = documents.certificate_docx(participation)
        audit.log(request.user, "network.participation.certificate_issued", participation)
        response = HttpResponse(content, content_type=documents.DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="certificate-{documents.certificate_number(participation)}.docx"'
        )
        return response

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


class MyEventsView(TemplateView):
    """«Мои мероприятия»: where the person is registered, what they attended (with
    certificates), and the events open for registration."""

    template_name = "network/my_events.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["title"] = _("Мои мероприятия")
        if not user.person_id:
            return context
        now = timezone.now()
        participations = list(selectors.person_participations(user.person, user))
        context.update(
            person=user.person,
            upcoming=[p for p in participations if p.event.ends_at >= now][::-1],
            past=[p for p in participations if p.event.ends_at < now],
            open_events=selectors.open_for_registration(user, user.person, now)[:OPEN_EVENTS_SHOWN],
            now=now,
        )
        return context
