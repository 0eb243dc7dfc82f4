from profrost.core.roles import Perm
from profrost.core.tables import Column
from profrost.core.views import ScopedListView

from .models import Competence


class CompetenceListView(ScopedListView):
    model = Competence
    perm = Perm.VIEW_DIAGNOSTICS
    title = "Компетенции"
    columns = (Column("code", "Код"), Column("name", "Компетенция"), Column("group", "Группа"))
    search_fields = ("code", "name")
    default_ordering = ("group__order", "order", "code")
