"""The indicators of DOMAIN.md, each computed from the data the system holds.

Importing this module registers them, area by area, in the order the dashboard shows their
groups. Populations are taken on the last day of the period; events in the period count when
they fall between its first and last day (`populations.py`). Targets are the seed 003 6.2
values for 2024. docs/indicators.md describes every indicator.
"""

# isort: off
# Imported to register their indicators, in this order.
from . import learning  # noqa: F401
from . import support  # noqa: F401
from . import young  # noqa: F401
from . import activity  # noqa: F401
from . import innovation  # noqa: F401
from . import staffing  # noqa: F401
from . import presence  # noqa: F401

# isort: on
from .learning import diagnosed, with_route
from .populations import STAFF, TEACHERS, YOUNG, staff, teachers, young_teachers
from .staffing import open_vacancies
from .young import young_in_mentoring

__all__ = [
    "STAFF",
    "TEACHERS",
    "YOUNG",
    "diagnosed",
    "open_vacancies",
    "staff",
    "teachers",
    "with_route",
    "young_in_mentoring",
    "young_teachers",
]
