"""The registry of indicators: every indicator the seeds name, as code.

`base.py` holds the engine (measures grouped by organization, municipality and region in the
database); `definitions.py` declares the indicators and registers them on import.
"""

from . import definitions  # noqa: F401
from .base import REGISTRY, Indicator, Measure, get

__all__ = ["REGISTRY", "Indicator", "Measure", "get"]
