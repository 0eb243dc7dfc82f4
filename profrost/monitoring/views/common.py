"""What the pages of recommendations and decisions share: their permissions, a column that
shows a code by name, and a service's errors as messages."""

from dataclasses import dataclass

from profrost.core.roles import Perm
from profrost.core.tables import Column

ANSWER = Perm.ANSWER_RECOMMENDATIONS
MANAGE = Perm.MANAGE_RECOMMENDATIONS
VIEW = Perm.VIEW_MONITORING
DECIDE = Perm.MANAGE_DECISIONS
COMPUTE = Perm.COMPUTE_MONITORING


@dataclass(frozen=True)
class NameColumn(Column):
    """A column of codes shown by name: the registries of indicators and rules read the models,
    so the models keep the codes and the page looks the names up."""

    name_of: object = str

    def value(self, obj):
        return self.name_of(super().value(obj))
