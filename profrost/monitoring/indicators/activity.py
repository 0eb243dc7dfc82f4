"""Professional activity of teachers: publications, competitions, expert work (seed 001 §3.2,
§3.3). Each counts people, where they work on the period's last day."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from profrost.achievements.models import (
    AWARDED,
    CompetitionParticipation,
    ExpertActivity,
    Publication,
    PublicationLevel,
)

from .base import COUNT, Indicator, Measure, register
from .populations import in_period_years, overlaps_period, staff, who

ACTIVITY = _("Профессиональная активность педагогов")


def publications(period, levels=None):
    rows = Publication.objects.filter(in_period_years("year", period))
    return rows.filter(level__in=levels) if levels else rows


def published(levels=None):
    def rows(period):
        return who(staff(period), publications(period, levels))

    return rows


PUBLISHED = (
    (
        "published_count",
        None,
        _("Работники, опубликовавшие методические материалы"),
        _("всех уровней"),
    ),
    (
        "published_municipal_count",
        (PublicationLevel.MUNICIPAL,),
        _("Работники, опубликовавшиеся в изданиях муниципального уровня"),
        _("муниципального уровня"),
    ),
    (
        "published_regional_count",
        (PublicationLevel.REGIONAL,),
        _("Работники, опубликовавшиеся в изданиях регионального уровня"),
        _("регионального уровня"),
    ),
    (
        "published_federal_count",
        (PublicationLevel.FEDERAL, PublicationLevel.INTERNATIONAL),
        _("Работники, опубликовавшиеся в изданиях федерального и международного уровня"),
        _("федерального и международного уровня"),
    ),
)

for code, levels, name, level_label in PUBLISHED:
    register(
        Indicator(
            code=code,
            name=name,
            seed="001 §3.2",
            unit=_("человек"),
            kind=COUNT,
            numerator=Measure(published(levels), label=_("Авторы публикаций")),
            group=ACTIVITY,
            description=format_lazy(
                _(
                    "Работники с хотя бы одной публикацией в изданиях {level} за календарные "
                    "годы периода — по месту работы на последний день периода."
                ),
                level=level_label,
            ),
        )
    )


def competitors(period):
    participations = CompetitionParticipation.objects.filter(
        in_period_years("competition__year", period)
    )
    return who(staff(period), participations)


def awarded(period):
    participations = CompetitionParticipation.objects.filter(
        in_period_years("competition__year", period), result__in=AWARDED
    )
    return who(staff(period), participations)


register(
    Indicator(
        code="competition_participation",
        name=_("Работники — участники конкурсов профессионального мастерства"),
        seed="001 §3.3",
        unit=_("человек"),
        kind=COUNT,
        numerator=Measure(competitors, label=_("Участники конкурсов")),
        group=ACTIVITY,
        description=_(
            "Работники, участвовавшие в конкурсах профессионального мастерства любого уровня "
            "за календарные годы периода (по году конкурса), — по месту работы на последний "
            "день периода. Участник нескольких конкурсов считается один раз."
        ),
    )
)
register(
    Indicator(
        code="competition_winners",
        name=_("Победители, призёры и лауреаты конкурсов профессионального мастерства"),
        seed="001 §3.3",
        unit=_("человек"),
        kind=COUNT,
        numerator=Measure(awarded, label=_("Победители, призёры и лауреаты")),
        group=ACTIVITY,
        description=_(
            "Работники с результатом «победитель», «призёр» или «лауреат» в конкурсах за "
            "календарные годы периода — по месту работы на последний день периода."
        ),
    )
)


def experts(period):
    activities = ExpertActivity.objects.filter(overlaps_period("started_on", "ended_on", period))
    return who(staff(period), activities)


register(
    Indicator(
        code="experts_count",
        name=_("Работники, участвующие в экспертной деятельности"),
        seed="001 §3.3",
        unit=_("человек"),
        kind=COUNT,
        numerator=Measure(experts, label=_("Эксперты")),
        group=ACTIVITY,
        description=_(
            "Работники, входившие в периоде в экспертные комиссии, жюри, аттестационную или "
            "иную экспертизу (срок участия пересекается с периодом), — по месту работы на "
            "последний день периода."
        ),
    )
)
