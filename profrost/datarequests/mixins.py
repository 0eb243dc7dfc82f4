"""What the sender's pages share: the section is for holders of MANAGE_DATA_REQUESTS, a request
outside the user's scope is 404, one the user sees but does not own is 403 for every change; a
service's refusal shows on the form or as messages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from profrost.core.roles import Perm
from profrost.core.views import get_scoped_or_404

from . import selectors
from .models import DataRequest

MANAGE = Perm.MANAGE_DATA_REQUESTS


class SendersOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.is_sender(request.user):
            raise PermissionDenied(_("Раздел доступен муниципальным и региональным методистам."))
        return super().dispatch(request, *args, **kwargs)


def can_change(data_request, user):
    return DataRequest.objects.changeable_by(user, MANAGE).filter(pk=data_request.pk).exists()


class RequestMixin(SendersOnlyMixin):
    """One request of the user's scope (404 outside); `change = True` also needs the right to
    change it (403)."""

    model = DataRequest
    change = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and selectors.is_sender(request.user):
            self.data_request = get_scoped_or_404(DataRequest, request.user, kwargs["pk"], MANAGE)
            if self.change and not can_change(self.data_request, request.user):
                raise PermissionDenied(_("Недостаточно прав для изменения запроса."))
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self, anchor=""):
        return self.data_request.get_absolute_url() + (f"#{anchor}" if anchor else "")
