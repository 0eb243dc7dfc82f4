"""The registry of indicators: every indicator the seeds name, as code.

`base.py` holds the engine (measures grouped by organization, municipality and region in the
database); the modules by area (`learning`, `support`, `activity`, `young`, `innovation`,
`staffing`, `presence`) declare the indicators over the populations of `populations.py`, and
`definitions.py` registers them on import, in the order of the dashboard's groups.
"""

from . import definitions  # noqa: F401
from .base import REGISTRY, Indicator, Measure, get

__all__ = ["REGISTRY", "Indicator", "Measure", "get"]
