"""The registry of indicators: every indicator the seeds name, as code.

`base.py` holds the engine (measures grouped by organization, municipality and region in the
database); the modules by area (`learning`, `support`, `activity`, `young`, `innovation`,
`staffing`, `presence`) declare the indicators over the populations of `populations.py` and
register them on import — imported here in the order of the dashboard's groups.

Populations are taken on the last day of the period; events in the period count when they fall
between its first and last day (`populations.py`). Targets are the seed 003 6.2 values for 2024.
docs/indicators.md describes every indicator.
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
from .base import REGISTRY, Indicator, Measure, get

__all__ = ["REGISTRY", "Indicator", "Measure", "get"]
