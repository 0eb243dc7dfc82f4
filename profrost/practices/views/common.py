"""Pieces the pages of the app share: forms and deletions through services, file downloads
through a view that checks the scope, and pages acting on one object."""

import os

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.views import ServiceFormMixin, get_scoped_or_404


class FileView(generic.View):
    """Sends the file of a row the user may see; the files are never served from /media/."""

    model = None
    field = "file"

    def get_object(self):
        user, pk = self.request.user, self.kwargs["pk"]
        return get_scoped_or_404(self.model, user, pk, Perm.VIEW_NETWORK)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        stored = getattr(obj, self.field)
        if not stored:
            raise Http404(_("У записи нет файла."))
        try:
            handle = stored.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("Файл не найден в хранилище.")) from error
        audit.log(request.user, f"practices.{self.model._meta.model_name}.downloaded", obj)
        return FileResponse(handle, as_attachment=True, filename=os.path.basename(stored.name))


class ObjectActionView(ServiceFormMixin, generic.FormView):
    """A form acting on one object: the object must be visible (else 404) and the action
    allowed (else 403); `act(form)` calls the service."""

    model = None
    template_name = "practices/action.html"
    success_message = ""
    denied_message = _("Недостаточно прав для этого действия.")

    def find(self):
        raise NotImplementedError

    def allowed(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.object = self.find()
        if not self.allowed():
            raise PermissionDenied(self.denied_message)
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()

    def save(self, form):
        self.act(form)
        return self.object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, title=self.get_title(), back_url=self.back_url())
        return context

    def back_url(self):
        return self.object.get_absolute_url()

    def get_title(self):
        return ""
