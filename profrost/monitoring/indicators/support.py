"""Methodical support: the regional methodical asset (seed 003 6.2.5), methodical events and
associations (seed 001 §3.3)."""

from decimal import Decimal

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from profrost.methodists.models import Methodist, MethodistAssignment
from profrost.network.models import Association, Event, EventStatus, Participation

from ..models import ScopeLevel
from .base import COUNT, LOWER, RATIO, Indicator, Measure, register
from .populations import in_period, on_last_day, staff, teachers, who

SUPPORT = _("Методическое сопровождение")


# Load of the regional methodists --------------------------------------------------------------


def active_methodists(period):
    """Members of the regional methodical asset on the period's last day. The day of exclusion
    no longer counts, as the day a teacher is moved to another methodist."""
    day = on_last_day(period)
    return Methodist.objects.filter(
        Q(excluded_on__isnull=True) | Q(excluded_on__gt=day), included_on__lte=day
    )


def assigned_teachers(period):
    """Assignments in force on the last day of people who then hold a teaching job: seed 003
    6.2.5 counts «педагогических работников» per methodist, not whoever is assigned."""
    day = on_last_day(period)
    return MethodistAssignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=day),
        starts_on__lte=day,
        methodist__in=active_methodists(period).values("pk"),
        person__in=teachers(period).values("person"),
    )


register(
    Indicator(
        code="load_per_methodist",
        name=_("Число педагогов, закреплённых за одним региональным методистом"),
        seed="003 6.2.5",
        unit=_("педагогов на методиста"),
        kind=RATIO,
        numerator=Measure(
            assigned_teachers,
            organization=None,
            municipality="methodist__municipality",
            region="methodist__region",
            label=_("Закреплённые педагоги"),
        ),
        denominator=Measure(
            active_methodists,
            count="pk",
            organization=None,
            municipality="municipality",
            region="region",
            label=_("Методисты регионального актива"),
        ),
        direction=LOWER,
        default_target=Decimal(250),
        levels=(ScopeLevel.MUNICIPALITY, ScopeLevel.REGION),
        group=SUPPORT,
        description=_(
            "Педагогические работники (педагогическая должность на последний день периода), "
            "закреплённые на последний день за действующими методистами регионального актива, "
            "на одного такого методиста. В муниципалитете — методисты, "
            "работающие в нём; методисты «по всему региону» входят только в значение региона."
        ),
    )
)


# Methodical events -----------------------------------------------------------------------------


def held_events(period):
    """Events held (status «Проведено») that started within the period. `holder` is the
    organizing organization, or the organization of the organizing association."""
    return Event.objects.filter(
        in_period("starts_at__date", period), status=EventStatus.HELD
    ).annotate(holder=Coalesce("organizer_organization", "organizer_association__organization"))


def event_participants(period):
    attended = Participation.objects.filter(
        in_period("event__starts_at__date", period),
        attended=True,
        event__status=EventStatus.HELD,
    )
    return who(staff(period), attended)


register(
    Indicator(
        code="events_count",
        name=_("Научно-методические мероприятия"),
        seed="001 §3.3",
        unit=_("мероприятий"),
        kind=COUNT,
        numerator=Measure(
            held_events,
            count="pk",
            organization="holder",
            municipality="municipality",
            region="region",
            label=_("Проведённые мероприятия"),
        ),
        group=SUPPORT,
        description=_(
            "Мероприятия со статусом «Проведено», начавшиеся в периоде. Организация — "
            "организатор (или организация объединения-организатора); муниципалитет — "
            "мероприятия муниципального и школьного уровня в нём; регион — все мероприятия "
            "региона, включая региональные и всероссийские."
        ),
    )
)
register(
    Indicator(
        code="event_participants",
        name=_("Работники, принявшие участие в научно-методических мероприятиях"),
        seed="001 §3.3",
        unit=_("человек"),
        kind=COUNT,
        numerator=Measure(event_participants, label=_("Присутствовали на мероприятиях")),
        group=SUPPORT,
        description=_(
            "Работники, отмеченные присутствовавшими (в любой роли) хотя бы на одном "
            "проведённом мероприятии, начавшемся в периоде, — по месту работы на последний "
            "день периода."
        ),
    )
)


# Associations ----------------------------------------------------------------------------------


def active_associations(period):
    day = on_last_day(period)
    return Association.objects.filter(
        Q(founded_on__lte=day) | Q(founded_on__isnull=True, created__date__lte=day),
        is_active=True,
    )


register(
    Indicator(
        code="associations_count",
        name=_("Методические объединения и профессиональные сообщества"),
        seed="001 §3.3",
        unit=_("объединений"),
        kind=COUNT,
        numerator=Measure(
            active_associations,
            count="pk",
            organization="organization",
            municipality="municipality",
            region="region",
            label=_("Действующие объединения"),
        ),
        group=SUPPORT,
        description=_(
            "Действующие объединения, созданные не позже последнего дня периода: в "
            "организации — её объединения (ШМО и др.), в муниципалитете — муниципальные и "
            "объединения его организаций, в регионе — все, включая региональные."
        ),
    )
)
