"""What the demo builders share."""

import random
from dataclasses import dataclass, field
from datetime import date

from profrost.registry.models import Region


@dataclass
class DemoContext:
    """What demo builders share: each builder reads what earlier ones made and adds its own."""

    rng: random.Random
    today: date
    teachers: int
    region: Region | None = None
    municipalities: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    people: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # username → User
    summary: dict = field(default_factory=dict)  # label → count, printed by the command
