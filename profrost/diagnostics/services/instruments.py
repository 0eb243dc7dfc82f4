"""State changes of instruments and their items: every one atomic, validated and audited.

An instrument's content travels as plain data (`InstrumentData`): the copy, the XLSX export and
the XLSX import all go through it, so a copy and an export → import round trip are equal to the
original by construction of one function pair, `instrument_data` and `create_from_data`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from profrost.competences.models import Competence
from profrost.core import audit
from profrost.core.scoping import resolve_scope
from profrost.registry.models import Position, Region, Subject

from .. import scoring
from ..models import (
    CHOICE_KINDS,
    Instrument,
    InstrumentStatus,
    Item,
    ItemCompetence,
    ItemKind,
    Option,
)
from .attempts import scored_items

TITLE_LENGTH = Instrument._meta.get_field("title").max_length
ITEM_DEFAULTS = {
    "scale_min": 1,
    "scale_max": 5,
    "scale_min_label": "",
    "scale_max_label": "",
    "reverse": False,
    "correct_number": None,
    "tolerance": Decimal(0),
    "points": Decimal(1),
}
SCALE_FIELDS = ("scale_min", "scale_max", "scale_min_label", "scale_max_label", "reverse")
NUMBER_FIELDS = ("correct_number", "tolerance", "points")


# Plain data of an instrument -----------------------------------------------------------------


@dataclass
class OptionData:
    text: str
    points: Decimal = Decimal(0)


@dataclass
class ItemData:
    kind: str
    text: str
    hint: str = ""
    scale_min: int = 1
    scale_max: int = 5
    scale_min_label: str = ""
    scale_max_label: str = ""
    reverse: bool = False
    correct_number: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    points: Decimal = Decimal(1)
    options: list = field(default_factory=list)  # OptionData in order
    links: list = field(default_factory=list)  # (competence code, weight)

    def fields(self):
        """Model field values, those the kind does not use reset to their defaults."""
        values = {
            "kind": self.kind,
            "text": self.text,
            "hint": self.hint,
            **{name: getattr(self, name) for name in ITEM_DEFAULTS},
        }
        return normalized(values)


@dataclass
class InstrumentData:
    title: str
    kind: str
    deficit_below: int = 50
    proficient_from: int = 75
    counts_as_diagnosis: bool = False
    sensitive: bool = False
    description: str = ""
    instructions: str = ""
    positions: list = field(default_factory=list)  # names from the reference list
    subjects: list = field(default_factory=list)
    items: list = field(default_factory=list)  # ItemData in order


def normalized(values):
    """Fields that the item's kind does not use are kept at their defaults, so that an item
    changed from a scale to a choice does not carry a stale scale."""
    kind = values["kind"]
    unused = ()
    if kind != ItemKind.SCALE:
        unused += SCALE_FIELDS
    if kind != ItemKind.NUMBER:
        unused += NUMBER_FIELDS
    return {**values, **{name: ITEM_DEFAULTS[name] for name in unused}}


def instrument_data(instrument):
    items = instrument.items.order_by("order", "pk").prefetch_related(
        "options", "links__competence"
    )
    return InstrumentData(
        title=instrument.title,
        kind=instrument.kind,
        deficit_below=instrument.deficit_below,
        proficient_from=instrument.proficient_from,
        counts_as_diagnosis=instrument.counts_as_diagnosis,
        sensitive=instrument.sensitive,
        description=instrument.description,
        instructions=instrument.instructions,
        positions=[position.name for position in instrument.positions.all()],
        subjects=[subject.name for subject in instrument.subjects.all()],
        items=[item_data(item) for item in items],
    )


def item_data(item):
    values = normalized(
        {"kind": item.kind, **{name: getattr(item, name) for name in ITEM_DEFAULTS}}
    )
    return ItemData(
        kind=item.kind,
        text=item.text,
        hint=item.hint,
        **{name: values[name] for name in ITEM_DEFAULTS},
        options=[
            OptionData(option.text, option.points)
            for option in sorted(item.options.all(), key=lambda option: (option.order, option.pk))
        ],
        links=[
            (link.competence.code, link.weight)
            for link in sorted(item.links.all(), key=lambda link: link.competence.code)
        ],
    )


# Rules ---------------------------------------------------------------------------------------


def item_max(kind, values, option_points):
    """The most an item can give, by the same rule as scoring."""
    return scoring.item_max(
        scoring.ScoredItem(
            id=0,
            kind=kind,
            options=dict(enumerate(option_points)),
            scale_min=values.get("scale_min", 1),
            scale_max=values.get("scale_max", 5),
            points=values.get("points") or Decimal(0),
        )
    )


def item_problems(kind, values, options, links):
    """Russian reasons why an item cannot be saved, by the field they concern."""
    problems = []
    if kind in CHOICE_KINDS and len(options) < 2:
        problems.append(("options", _("У вопроса с выбором должно быть не меньше двух вариантов.")))
    if kind not in CHOICE_KINDS and options:
        problems.append(
            (
                "options",
                _(
                    "Варианты ответа бывают только у вопросов с выбором: удалите их или выберите "
                    "вид «Один вариант» или «Несколько вариантов»."
                ),
            )
        )
    codes = [code for code, _weight in links]
    if len(codes) != len(set(codes)):
        problems.append(("links", _("Одна и та же компетенция указана дважды.")))
    scored = item_max(kind, values, [option.points for option in options]) > 0
    if scored and not links:
        problems.append(
            (
                "links",
                _("Вопрос даёт баллы: укажите хотя бы одну компетенцию, которую он измеряет."),
            )
        )
    return problems


def check_editable(instrument):
    if instrument.is_locked:
        raise ValidationError(
            _(
                "Инструмент уже проходили: вопросы и пороги уровней изменить нельзя, иначе "
                "результаты станут несравнимыми. Сделайте копию и измените её."
            )
        )


def regions_for(user, perm):
    """Regions in which the user may own instruments (create, copy into, import into)."""
    scope = resolve_scope(user, perm)
    if scope.everything:
        return Region.objects.order_by("name")
    return Region.objects.filter(pk__in=scope.region_ids).order_by("name")


# Instruments ---------------------------------------------------------------------------------

INSTRUMENT_FIELDS = (
    "title",
    "kind",
    "description",
    "instructions",
    "deficit_below",
    "proficient_from",
    "counts_as_diagnosis",
    "sensitive",
)


@transaction.atomic
def create_instrument(*, by, region, positions=(), subjects=(), **values):
    instrument = Instrument(region=region, status=InstrumentStatus.DRAFT, **values)
    instrument.full_clean()
    instrument.save()
    instrument.positions.set(positions)
    instrument.subjects.set(subjects)
    audit.log(by, "diagnostics.instrument.created", instrument)
    return instrument


@transaction.atomic
def update_instrument(instrument, *, by, positions=None, subjects=None, **values):
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    thresholds = ("deficit_below", "proficient_from")
    if any(name in values and values[name] != getattr(instrument, name) for name in thresholds):
        check_editable(instrument)
    changed = [name for name, value in values.items() if getattr(instrument, name) != value]
    for name, value in values.items():
        setattr(instrument, name, value)
    instrument.full_clean()
    instrument.save()
    if positions is not None:
        instrument.positions.set(positions)
    if subjects is not None:
        instrument.subjects.set(subjects)
    audit.log(by, "diagnostics.instrument.updated", instrument, fields=sorted(changed))
    return instrument


@transaction.atomic
def create_from_data(data, *, by, region, action="created", **audit_data):
    """A new draft instrument of `region` with the content of `data`."""
    instrument = Instrument(
        region=region,
        status=InstrumentStatus.DRAFT,
        title=data.title[:TITLE_LENGTH],
        kind=data.kind,
        deficit_below=data.deficit_below,
        proficient_from=data.proficient_from,
        counts_as_diagnosis=data.counts_as_diagnosis,
        sensitive=data.sensitive,
        description=data.description,
        instructions=data.instructions,
    )
    instrument.full_clean()
    instrument.save()
    instrument.positions.set(Position.objects.filter(name__in=data.positions))
    instrument.subjects.set(Subject.objects.filter(name__in=data.subjects))
    codes = {code for item in data.items for code, _weight in item.links}
    competences = {c.code: c for c in Competence.objects.filter(code__in=codes)}
    unknown = sorted(codes - set(competences))
    if unknown:
        raise ValidationError(
            _("В справочнике нет компетенций с кодами: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    for number, item in enumerate(data.items, start=1):
        _create_item(instrument, number, item, competences)
    audit.log(by, f"diagnostics.instrument.{action}", instrument, **audit_data)
    return instrument


def _create_item(instrument, number, data, competences):
    values = data.fields()
    links = [(competences[code], weight) for code, weight in data.links]
    _validated(values, data.options, links)
    item = Item(instrument=instrument, order=number, **values)
    item.full_clean()
    item.save()
    _write_options_and_links(item, data.options, links)
    return item


def _write_options_and_links(item, options, links):
    item.options.all().delete()
    item.links.all().delete()
    if item.kind in CHOICE_KINDS:
        item.options.bulk_create(
            [
                Option(item=item, order=number, text=option.text, points=option.points)
                for number, option in enumerate(options, start=1)
            ]
        )
    ItemCompetence.objects.bulk_create(
        [ItemCompetence(item=item, competence=c, weight=weight) for c, weight in links]
    )


def copy_instrument(instrument, *, by, region):
    """A draft copy owned by `region`: how a shipped or a locked instrument becomes editable."""
    data = instrument_data(instrument)
    data.title = _("%(title)s (копия)") % {"title": instrument.title}
    return create_from_data(data, by=by, region=region, action="copied", source=instrument.pk)


@transaction.atomic
def publish_instrument(instrument, *, by):
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    scored = [item for item in scoring_items(instrument) if scoring.item_max(item) > 0]
    if not scored:
        raise ValidationError(
            _("Опубликовать нельзя: в инструменте нет ни одного вопроса, который даёт баллы.")
        )
    return _set_status(instrument, InstrumentStatus.PUBLISHED, by, "published")


@transaction.atomic
def archive_instrument(instrument, *, by):
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    return _set_status(instrument, InstrumentStatus.ARCHIVED, by, "archived")


def _set_status(instrument, status, by, verb):
    instrument.status = status
    instrument.save(update_fields=["status", "updated"])
    audit.log(by, f"diagnostics.instrument.{verb}", instrument)
    return instrument


def delete_instrument(instrument, *, by):
    if instrument.campaigns.exists():
        raise ValidationError(
            _(
                "Инструмент нельзя удалить: по нему проводились диагностические кампании. "
                "Отправьте его в архив."
            )
        )
    with transaction.atomic():
        audit.log(by, "diagnostics.instrument.deleted", instrument, title=instrument.title)
        instrument.delete()


def scoring_items(instrument):
    """The items as scoring sees them (one query with their options and links)."""
    return scored_items(instrument)


def competence_maxima(instrument, scored=None):
    """(competence, maximum score) in code order: the weighted sum of item maxima, as scoring
    computes it for a participant who answered everything best."""
    totals = {}
    for item in scoring_items(instrument) if scored is None else scored:
        maximum = scoring.item_max(item)
        for competence_id, weight in item.links:
            totals[competence_id] = totals.get(competence_id, Decimal(0)) + weight * maximum
    competences = Competence.objects.filter(pk__in=totals).order_by("code")
    return [(competence, totals[competence.pk]) for competence in competences]


# Items ---------------------------------------------------------------------------------------


def _validated(values, options, links):
    problems = item_problems(
        values["kind"], values, options, [(c.code, weight) for c, weight in links]
    )
    if problems:
        raise ValidationError({name: [message] for name, message in problems})


@transaction.atomic
def add_item(instrument, *, by, options=(), links=(), **values):
    """`options` are OptionData in order, `links` (competence, weight) pairs."""
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    check_editable(instrument)
    values = normalized({**ITEM_DEFAULTS, **values})
    _validated(values, options, links)
    last = instrument.items.aggregate(last=Max("order"))["last"] or 0
    item = Item(instrument=instrument, order=last + 1, **values)
    item.full_clean()
    item.save()
    _write_options_and_links(item, options, links)
    audit.log(by, "diagnostics.instrument.item_added", instrument, item=item.pk)
    return item


@transaction.atomic
def update_item(item, *, by, options=(), links=(), **values):
    instrument = Instrument.objects.select_for_update().get(pk=item.instrument_id)
    check_editable(instrument)
    item = Item.objects.get(pk=item.pk)
    values = normalized({**ITEM_DEFAULTS, **values})
    _validated(values, options, links)
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    _write_options_and_links(item, options, links)
    audit.log(by, "diagnostics.instrument.item_changed", instrument, item=item.pk)
    return item


@transaction.atomic
def delete_item(item, *, by):
    instrument = Instrument.objects.select_for_update().get(pk=item.instrument_id)
    check_editable(instrument)
    audit.log(by, "diagnostics.instrument.item_deleted", instrument, item=item.pk, text=item.text)
    item.delete()
    _renumber(list(instrument.items.order_by("order", "pk")))


@transaction.atomic
def move_item(item, step, *, by):
    """Moves an item `step` places (−1 up, +1 down) and numbers the items 1, 2, 3…"""
    instrument = Instrument.objects.select_for_update().get(pk=item.instrument_id)
    check_editable(instrument)
    items = list(instrument.items.order_by("order", "pk"))
    index = next(index for index, other in enumerate(items) if other.pk == item.pk)
    target = min(max(index + step, 0), len(items) - 1)
    if target == index:
        return
    items.insert(target, items.pop(index))
    _renumber(items)
    audit.log(by, "diagnostics.instrument.item_moved", instrument, item=item.pk, to=target + 1)


def reorder_items(instrument, item_ids, *, by):
    """Puts the items in the given order; ids not of this instrument are refused."""
    with transaction.atomic():
        instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
        check_editable(instrument)
        items = {item.pk: item for item in instrument.items.all()}
        if sorted(item_ids) != sorted(items):
            raise ValidationError(_("Порядок должен включать все вопросы инструмента."))
        _renumber([items[pk] for pk in item_ids])
        audit.log(by, "diagnostics.instrument.items_reordered", instrument)


def _renumber(items):
    for number, item in enumerate(items, start=1):
        item.order = number
    Item.objects.bulk_update(items, ["order"])
