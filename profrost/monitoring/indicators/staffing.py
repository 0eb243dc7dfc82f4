"""Staffing needs (seed 001 §3.3, seed 000 2.8)."""

from django.utils.translation import gettext_lazy as _

from profrost.staffing.models import Vacancy

from .base import COUNT, NEUTRAL, Indicator, Measure, register
from .populations import on_last_day


def open_vacancies(period):
    return Vacancy.objects.open_on(on_last_day(period))


register(
    Indicator(
        code="staffing_needs",
        name=_("Открытые вакансии"),
        seed="001 §3.3; 000 2.8",
        unit=_("вакансий"),
        kind=COUNT,
        numerator=Measure(open_vacancies, count="pk", label=_("Открытые вакансии")),
        direction=NEUTRAL,
        group=_("Кадры"),
        description=_(
            "Вакансии, открытые на последний день периода (открыты не позже него и не закрыты "
            "к нему; в день закрытия вакансия уже не считается). Разбивка по должностям и "
            "предметам — в разделе «Кадровая потребность»."
        ),
    )
)
