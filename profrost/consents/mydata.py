"""«Мои данные»: everything the system keeps about a person, as they may see and download it.

The sections are found, not listed: every model with a foreign key to `Person` (bar the history
tables) gives the rows that point at the person, so a new kind of record shows up here the day its
app adds it. Besides them: the registry card itself, the person's account with its roles, and who
opened the card (from the audit). Nothing of anybody else is read but the names a row of theirs
shows (a mentor's, a tutor's)."""

import json
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.exporters import fit_and_write_table, new_workbook, sheet_title, workbook_bytes
from profrost.core.models import AuditEntry
from profrost.registry.models import Person
from profrost.registry.validators import format_snils

SECTION_LIMIT = 1000
# Reads of the card and of the documents about the person (consents/apps.py, registry/views.py).
READ_ACTIONS = ("registry.person.viewed", "consents.scan.viewed")
HIDDEN_FIELDS = {"id", "password"}


@dataclass
class Section:
    title: str
    headers: list
    rows: list = field(default_factory=list)
    more: bool = False


def person_links():
    """(model, field) of every foreign key to Person, history tables left out, in app order."""
    links = []
    for model in apps.get_models():
        # History tables repeat the rows; the account has its own section.
        if model.__name__.startswith("Historical") or model is get_user_model():
            continue
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.ForeignKey) and model_field.related_model is Person:
                links.append((model, model_field))
    return links


def shown_fields(model, link):
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if model_field.name not in HIDDEN_FIELDS and model_field is not link
    ]


def display(obj, model_field):
    if model_field.choices:
        return getattr(obj, f"get_{model_field.name}_display")()
    value = getattr(obj, model_field.name)
    if model_field.name == "snils" and value:
        return format_snils(value)
    if isinstance(model_field, models.FileField):
        return value.name.rsplit("/", 1)[-1] if value else ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return value


def table(title, queryset, fields):
    related = [f.name for f in fields if isinstance(f, models.ForeignKey)]
    rows = list(queryset.select_related(*related)[: SECTION_LIMIT + 1])
    return Section(
        title=title,
        headers=[str(f.verbose_name) for f in fields],
        rows=[[display(obj, f) for f in fields] for obj in rows[:SECTION_LIMIT]],
        more=len(rows) > SECTION_LIMIT,
    )


def card(person):
    fields = shown_fields(Person, None)
    return Section(
        _("Личные данные"),
        [_("Поле"), _("Значение")],
        [[str(f.verbose_name), display(person, f)] for f in fields],
    )


def account(person):
    users = get_user_model().objects.filter(person=person).prefetch_related("roles")
    rows = []
    for user in users:
        roles = ", ".join(str(role) for role in user.roles.all())
        rows.append([user.username, user.email, user.date_joined, user.last_login, roles])
    headers = [_("Логин"), _("Электронная почта"), _("Создана"), _("Последний вход"), _("Роли")]
    return Section(_("Учётная запись"), headers, rows)


def reads(person):
    entries = AuditEntry.objects.filter(action__in=READ_ACTIONS).filter(
        models.Q(object_type="registry.person", object_id=str(person.pk))
        | models.Q(data__person=person.pk)
    )
    rows = [
        [entry.created, actor_name(entry.actor), entry.action_label]
        for entry in entries.select_related("actor").order_by("-created")[:SECTION_LIMIT]
    ]
    return Section(_("Кто открывал ваши данные"), [_("Когда"), _("Кто"), _("Что")], rows)


def actor_name(user):
    if user is None:
        return _("система")
    return user.get_full_name() or user.username


def sections(person):
    """Every section, the empty ones too (the person sees that nothing is kept there)."""
    found = [card(person), account(person)]
    by_model = {}
    for model, link in person_links():
        by_model.setdefault(model, []).append(link)
    for model, links in by_model.items():
        for link in links:
            title = str(model._meta.verbose_name_plural)
            if len(links) > 1:
                title += f" ({link.verbose_name.lower()})"
            queryset = model._default_manager.filter(**{link.name: person})
            found.append(table(title, queryset, shown_fields(model, link)))
    found.append(reads(person))
    return found


def as_json(person, found):
    data = {
        "person": person.full_name,
        "formed": timezone.now(),
        "sections": [
            {"title": s.title, "rows": [dict(zip(s.headers, row, strict=True)) for row in s.rows]}
            for s in found
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode()


def as_xlsx(person, found):
    workbook = new_workbook()
    used = set()
    summary = [(_("ФИО"), person.full_name), (_("Сформировано"), timezone.localtime())]
    summary += [(s.title, len(s.rows)) for s in found]
    fit_and_write_table(
        workbook, sheet_title(_("Мои данные"), used), [_("Раздел"), _("Записей")], summary
    )
    for section in found:
        title = sheet_title(section.title, used)
        fit_and_write_table(workbook, title, section.headers, section.rows)
    return workbook_bytes(workbook)
