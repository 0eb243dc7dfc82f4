"""Demo monitoring: the region's periods, computed, so that the dashboard shows values, lights
and a trend from the first login. The demo's records are dated relative to its today, most of
them in the last months, so the first screen shows the current half-year so far (once two
thirds of it have passed) after the two half-years before it. Runs after every other builder: the
indicators read their data."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.monitoring import services
from profrost.monitoring.models import (
    MonitoringPeriod,
    Recommendation,
    RecommendationStatus,
    ScopeLevel,
)

# The current half-year is computed once this many days (two thirds) of it have passed: before
# that it holds too little of a half-year's work (its wave of the young teachers' survey and
# most events are still to come) to be the first screen, and the half-year before it is the
# latest.
CURRENT_AFTER_DAYS = 120


def half_year_of(day):
    if day.month <= 6:
        return date(day.year, 1, 1), date(day.year, 6, 30)
    return date(day.year, 7, 1), date(day.year, 12, 31)


def half_years_before(today, count=2):
    """The last `count` half-years that ended before `today`, oldest first."""
    periods = []
    starts_on = half_year_of(today)[0]
    for _number in range(count):
        periods.append(half_year_of(starts_on - timedelta(days=1)))
        starts_on = periods[-1][0]
    return list(reversed(periods))


def demo_periods(today):
    """(starts_on, ends_on, so far): the two half-years before today, and the current one up to
    today once CURRENT_AFTER_DAYS of it have passed."""
    periods = [(starts_on, ends_on, False) for starts_on, ends_on in half_years_before(today)]
    starts_on = half_year_of(today)[0]
    if (today - starts_on).days >= CURRENT_AFTER_DAYS:
        periods.append((starts_on, today, True))
    return periods


def period_title(region, starts_on, today, so_far):
    half = _("первое полугодие") if starts_on.month == 1 else _("второе полугодие")
    title = f"{region.name}: {starts_on.year}, {half}"
    if so_far:
        title += " " + _("(по %(day)s)") % {"day": format_date(today)}
    return title


def build_demo_monitoring(context):
    region = context.region
    for starts_on, ends_on, so_far in demo_periods(context.today):
        period = MonitoringPeriod.objects.create(
            title=period_title(region, starts_on, ends_on, so_far),
            level=ScopeLevel.REGION,
            region=region,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        # The demo's administrator starts the computations, as a person would.
        services.compute_period(period, by=context.users.get("admin"))
    context.summary[_("Периоды мониторинга (рассчитаны)")] = MonitoringPeriod.objects.count()
    context.summary[_("Рекомендации школе, ждущие ответа")] = len(
        recommend_to_school(context, period)
    )


# (title, text, created days ago, deadline in days from today): the school's «Мои задачи».
SCHOOL_RECOMMENDATIONS = (
    (
        _("Закрепить наставников за молодыми специалистами"),
        _("Назначить наставника каждому педагогу со стажем до трёх лет и утвердить план работы."),
        40,
        -5,
    ),
    (
        _("Направить педагогов на диагностику профессиональных дефицитов"),
        _("Включить в кампанию диагностики педагогов, не проходивших её два года и более."),
        12,
        10,
    ),
    (
        _("Обновить планы повышения квалификации"),
        _("Запланировать обучение для педагогов, не проходивших курсы более трёх лет."),
        3,
        25,
    ),
)


def recommend_to_school(context, period):
    """The region's recommendations to the demo school, waiting for its answer: one overdue."""
    region_user, school_user = context.users.get("region"), context.users.get("school")
    if region_user is None or school_user is None:
        return []
    school = school_user.roles.get().organization
    rows = [
        Recommendation(
            period=period,
            organization=school,
            region=context.region,
            title=title,
            text=text,
            created_by=region_user,
            created=timezone.make_aware(
                datetime.combine(context.today - timedelta(days=ago), time(10))
            ),
            deadline=context.today + timedelta(days=deadline),
        )
        for title, text, ago, deadline in SCHOOL_RECOMMENDATIONS
    ]
    for row in rows:
        row.save()  # save() fills in the addressee
    answered_by_school(context, period, school, school_user)
    return rows


# The ЦНППМ's recommendation that the school has answered: waiting for the ЦНППМ's review.
ANSWERED = (
    _("Организовать участие педагогов в работе муниципальных методических объединений"),
    _("Включить в план работы школы участие учителей в заседаниях ММО по своим предметам."),
    _("Учителя начальных классов и математики включены в план заседаний ММО на второе полугодие."),
)


def answered_by_school(context, period, school, school_user):
    author = context.users.get("cnppm")
    if author is None:
        return None
    title, text, answer = ANSWERED
    created = timezone.make_aware(datetime.combine(context.today - timedelta(days=30), time(10)))
    row = Recommendation(
        period=period,
        organization=school,
        region=context.region,
        title=title,
        text=text,
        created_by=author,
        created=created,
        deadline=context.today - timedelta(days=10),
        status=RecommendationStatus.ANSWERED,
        answer=answer,
        answered_by=school_user,
        answered_at=created + timedelta(days=27, hours=4),
    )
    row.save()
    return row
