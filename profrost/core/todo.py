"""«Мои задачи»: what is waiting for a user, as the home page lists it.

Each app reads its own tasks (a selector that returns a `TaskGroup`, or None when the user holds
no role the group is for); the project-level home page (profrost/home.py) asks them in turn.
A group costs one query whatever the number of its tasks: the total for «ещё N» rides along
with the first rows as a window count.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, DateField, F, IntegerField, Value, When, Window

TASK_LIMIT = 10


@dataclass(frozen=True)
class Task:
    title: str
    url: str
    due: date | None = None
    detail: str = ""
    overdue: bool = False


@dataclass
class TaskGroup:
    key: str
    title: str
    tasks: list = field(default_factory=list)
    total: int = 0
    more_url: str = ""

    @property
    def more(self):
        """How many tasks the home page leaves out."""
        return self.total - len(self.tasks)


def overdue_first(queryset, due, today, *then):
    """Overdue rows (`due` before today) first, the longest overdue first; then `then`."""
    late = Case(
        When(**{f"{due}__lt": today}, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    late_due = Case(
        When(**{f"{due}__lt": today}, then=F(due)), default=Value(None), output_field=DateField()
    )
    return queryset.order_by(late, late_due, *then)


def task_group(key, title, queryset, to_task, *, more_url="", limit=TASK_LIMIT):
    """The first `limit` rows of an ordered queryset as tasks, with the total, in one query."""
    rows = list(
        queryset.annotate(task_total=Window(Count("pk"), output_field=IntegerField()))[:limit]
    )
    return TaskGroup(
        key=key,
        title=title,
        tasks=[to_task(row) for row in rows],
        total=rows[0].task_total if rows else 0,
        more_url=more_url,
    )


def is_overdue(due, today):
    return due is not None and due < today
