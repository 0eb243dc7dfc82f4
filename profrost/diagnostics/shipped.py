"""The diagnostic instruments shipped with the product, read from `shipped.json` beside this file.

Migration 0002 loads a frozen copy of them (0002_shipped_instruments.json) and later migrations
change their texts; tests/core/test_migrations.py keeps the migrated instruments equal to these.

All texts were written for ПрофРост. Each instrument is a dict of `Instrument` fields plus
`items`; an item is a dict of `Item` fields plus `options` ([text, points]) for choice items and
`competences` (competence code → weight). The burnout screening's items also name their
`subscale`: exhaustion is the core of burnout and shows first, so its items weigh 2 in the
burnout competence, detachment and lost sense of achievement 1 each; exhaustion and detachment
items describe trouble (reverse), achievement items a resource. The scoring rules are those of
`scoring.py`; how each instrument scores is described in docs/diagnostics.md.
"""

import json
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).with_suffix(".json")

# Fractions are read back as Decimal, never as float.
INSTRUMENTS = json.loads(DATA.read_text(encoding="utf-8"), parse_float=Decimal)

# Fields of `Item` that an item dict may carry; the rest (options, competences, subscale) are not
# columns of the item row.
ITEM_FIELDS = (
    "kind",
    "text",
    "hint",
    "scale_min",
    "scale_max",
    "scale_min_label",
    "scale_max_label",
    "reverse",
    "correct_number",
    "tolerance",
    "points",
)


def item_fields(data):
    return {name: data[name] for name in ITEM_FIELDS if name in data}


def burnout_subscale_orders():
    """Subscale → the item numbers (1-based `Item.order`) of the burnout screening."""
    burnout = next(data for data in INSTRUMENTS if data["code"] == "burnout-screening")
    orders = {}
    for order, item in enumerate(burnout["items"], start=1):
        orders.setdefault(item["subscale"], []).append(order)
    return orders
