"""A person's portfolio, assembled from records that already exist.

The page is a list of sections. Each section provider is a function `(person, user) -> Section`
(or None to leave the section out for this user) and reads only through `visible_to`. Another
module adds its own section by appending a provider, in its AppConfig.ready():

    from profrost.achievements.portfolio import SECTIONS
    SECTIONS.append(events_section)

The HTML page, the print view and the XLSX export show the same sections.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.registry.models import Attestation

from . import selectors, services
from .models import CompetitionParticipation, ExpertActivity, Publication


@dataclass
class Row:
    cells: list
    url: str = ""  # the row's own page, when it has one
    edit_url: str = ""  # shown to who may change the row


@dataclass
class Section:
    key: str
    title: str
    headers: list
    rows: list
    empty_text: str
    actions: list = field(default_factory=list)  # (label, url) shown to who may add rows
    note: str = ""


def _add_action(label, name, person, user, model):
    if not services.recordable_people(user, model).filter(pk=person.pk).exists():
        return []
    return [(label, f"{reverse(name)}?person={person.pk}")]


def _edit_urls(rows, user, name):
    """The edit link of each row the user may change, from one query."""
    if not rows:
        return {}
    model = type(rows[0])
    ids = set(
        services.changeable(model, user)
        .filter(pk__in=[row.pk for row in rows])
        .values_list("pk", flat=True)
    )
    return {pk: reverse(name, args=[pk]) for pk in ids}


def attestations_section(person, user):
    attestations = list(
        Attestation.objects.visible_to(user, Perm.VIEW_REGISTRY)
        .filter(person=person)
        .order_by("-decision_date", "-pk")
    )
    today = timezone.localdate()
    rows = [
        Row(
            [
                item.get_category_display(),
                item.decision_date,
                item.valid_until or _("бессрочно"),
                _("действует")
                if item.valid_until is None or item.valid_until >= today
                else _("срок истёк"),
                item.order_number,
            ]
        )
        for item in attestations
    ]
    return Section(
        key="attestations",
        title=_("Аттестация"),
        headers=[
            _("Категория"),
            _("Дата решения"),
            _("Действует до"),
            _("Состояние"),
            _("Документ"),
        ],
        rows=rows,
        empty_text=_("Сведений об аттестации нет."),
    )


def participations_section(person, user):
    participations = list(selectors.person_participations(person, user))
    edit = _edit_urls(participations, user, "achievements:participation_update")
    rows = [
        Row(
            [
                item.competition.title,
                item.competition.get_level_display(),
                item.competition.year,
                item.stage.title if item.stage else "",
                item.get_result_display(),
                item.nomination,
                item.organization.short_name if item.organization else "",
            ],
            url=item.competition.get_absolute_url(),
            edit_url=edit.get(item.pk, ""),
        )
        for item in participations
    ]
    return Section(
        key="competitions",
        title=_("Конкурсы профессионального мастерства"),
        headers=[
            _("Конкурс"),
            _("Уровень"),
            _("Год"),
            _("Этап"),
            _("Результат"),
            _("Номинация"),
            _("Организация"),
        ],
        rows=rows,
        empty_text=_("Участия в конкурсах нет."),
        actions=_add_action(
            _("Добавить участие"),
            "achievements:participation_create",
            person,
            user,
            CompetitionParticipation,
        ),
    )


def publications_section(person, user):
    publications = list(selectors.person_publications(person, user))
    edit = _edit_urls(publications, user, "achievements:publication_update")
    rows = [
        Row(
            [
                item.title,
                item.get_kind_display(),
                item.edition,
                item.get_level_display(),
                item.year,
                item.url,
            ],
            url=item.get_absolute_url(),
            edit_url=edit.get(item.pk, ""),
        )
        for item in publications
    ]
    return Section(
        key="publications",
        title=_("Публикации"),
        headers=[_("Название"), _("Вид"), _("Издание"), _("Уровень"), _("Год"), _("Ссылка")],
        rows=rows,
        empty_text=_("Публикаций нет."),
        actions=_add_action(
            _("Добавить публикацию"), "achievements:publication_create", person, user, Publication
        ),
    )


def expert_section(person, user):
    activities = list(selectors.person_expert_activities(person, user))
    edit = _edit_urls(activities, user, "achievements:expert_activity_update")
    rows = [
        Row(
            [
                item.get_kind_display(),
                item.direction,
                item.body,
                item.get_level_display(),
                item.started_on,
                item.ended_on or _("по настоящее время"),
                item.document,
            ],
            url=item.get_absolute_url(),
            edit_url=edit.get(item.pk, ""),
        )
        for item in activities
    ]
    return Section(
        key="expert",
        title=_("Экспертная деятельность"),
        headers=[
            _("Вид"),
            _("Направление"),
            _("Комиссия, жюри"),
            _("Уровень"),
            _("С"),
            _("По"),
            _("Основание"),
        ],
        rows=rows,
        empty_text=_("Экспертной деятельности нет."),
        actions=_add_action(
            _("Добавить экспертную деятельность"),
            "achievements:expert_activity_create",
            person,
            user,
            ExpertActivity,
        ),
    )


def diagnostics_section(person, user):
    """The latest level of each competence measured, for who may see diagnostics."""
    if not has_perm_anywhere(user, Perm.VIEW_DIAGNOSTICS):
        return None
    from profrost.diagnostics.models import CompetenceResult
    from profrost.diagnostics.selectors import COMPETENCE_ORDER, latest_results

    results = (
        latest_results(
            CompetenceResult.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS).filter(person=person)
        )
        .select_related("competence__group")
        .order_by(*COMPETENCE_ORDER)
    )
    rows = [
        Row(
            [
                result.competence.group.name,
                result.competence.name,
                result.get_level_display(),
                float(result.percent),
                result.measured_on,
                result.source_title,
            ]
        )
        for result in results
    ]
    map_url = reverse("diagnostics:deficit_map", args=[person.pk])
    return Section(
        key="diagnostics",
        title=_("Результаты диагностики профессиональных компетенций"),
        headers=[
            _("Группа компетенций"),
            _("Компетенция"),
            _("Уровень"),
            _("Процент"),
            _("Дата диагностики"),
            _("Диагностика"),
        ],
        rows=rows,
        empty_text=_("Диагностику профессиональных компетенций работник не проходил."),
        actions=[(_("Карта дефицитов"), map_url)] if map_url and rows else [],
        note=_("Последний результат по каждой компетенции."),
    )


SECTIONS = [
    attestations_section,
    participations_section,
    publications_section,
    expert_section,
    diagnostics_section,
]


def build(person, user):
    sections = (provider(person, user) for provider in SECTIONS)
    return [section for section in sections if section is not None]


def summary(sections):
    """Counts for the head of the portfolio: (label, number) of the non-empty sections."""
    return [(section.title, len(section.rows)) for section in sections]
