"""What the programs pages share: forms saved through a service, deletion through a service, and
the rights the pages show buttons by."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .forms import attach_errors


class ServiceFormMixin:
    """`save(form)` calls a service; its ValidationError comes back onto the form's fields."""

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


class ServiceDeleteMixin:
    """Deletion through a service; a refusal is shown on the object's page."""

    delete_service = None

    def form_valid(self, form):
        obj = self.object
        success_url = self.get_success_url()
        try:
            type(self).delete_service(obj, by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, error.messages[0])
            return redirect(obj.get_absolute_url())
        messages.success(self.request, _("Запись «%(object)s» удалена.") % {"object": obj})
        return redirect(success_url)
