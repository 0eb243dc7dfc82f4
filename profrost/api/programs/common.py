"""The base viewset of the programs area, reading through `visible_to(user, Perm.VIEW_PROGRAMS)`."""

from profrost.core.roles import Perm

from ..base import ServiceViewSet


class ProgramsViewSet(ServiceViewSet):
    perm = Perm.VIEW_PROGRAMS

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.perm)
