"""Meetings of a mentoring pair, kept on the pair's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core.forms import attach_errors
from profrost.core.roles import Perm
from profrost.core.views import (
    ScopedFormMixin,
    ScopedObjectMixin,
    ServiceDeleteMixin,
    ServiceFormMixin,
    get_scoped_or_404,
)

from .. import forms, selectors, services
from ..models import MentoringMeeting, MentoringPair
from .pairs import meetings_context


class MeetingCreateView(generic.FormView):
    """A meeting recorded from the pair's page (HTMX: the meetings block is replaced) or on a
    page of its own."""

    form_class = forms.MeetingForm
    template_name = "core/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.pair = get_scoped_or_404(
            MentoringPair, request.user, kwargs["pair_pk"], Perm.VIEW_NETWORK
        )
        if not selectors.may_keep(request.user, self.pair):
            raise PermissionDenied(_("Недостаточно прав для изменения записи."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Новая встреча: %(pair)s") % {"pair": self.pair}
        return context

    def form_valid(self, form):
        try:
            services.add_meeting(self.pair, by=self.request.user, data=form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        if self.request.htmx:
            return self.meetings_block()
        messages.success(self.request, _("Встреча записана."))
        return redirect(self.pair.get_absolute_url())

    def form_invalid(self, form):
        if self.request.htmx:
            return self.meetings_block(form)
        return super().form_invalid(form)

    def meetings_block(self, form=None):
        context = meetings_context(self.pair, self.request.user, can_keep=True, form=form)
        context["saved"] = form is None
        return render(self.request, "mentoring/_meetings.html", context)


class MeetingObjectMixin(ScopedObjectMixin):
    """A meeting the user sees (else 404) and may keep: a manager of the pair or its mentor
    (else 403)."""

    model = MentoringMeeting
    perm = Perm.VIEW_NETWORK

    def get_queryset(self):
        return super().get_queryset().select_related("pair__mentor", "pair__mentee")

    def get_object(self, queryset=None):
        meeting = super().get_object(queryset)
        if not selectors.may_keep(self.request.user, meeting.pair):
            raise PermissionDenied(_("Недостаточно прав для изменения записи."))
        return meeting

    def get_success_url(self):
        return self.object.pair.get_absolute_url()


class MeetingUpdateView(MeetingObjectMixin, ServiceFormMixin, ScopedFormMixin, generic.UpdateView):
    form_class = forms.MeetingForm
    success_message = _("Встреча сохранена.")

    def get_title(self):
        return _("Встреча: %(pair)s") % {"pair": self.object.pair}

    def save(self, form):
        return services.update_meeting(self.object, by=self.request.user, data=form.cleaned_data)


class MeetingDeleteView(MeetingObjectMixin, ServiceDeleteMixin, generic.DeleteView):
    template_name = "core/confirm_delete.html"
    delete_service = services.delete_meeting
    deleted_message = _("Встреча удалена.")

    def refused_url(self):
        return self.object.pair.get_absolute_url()
