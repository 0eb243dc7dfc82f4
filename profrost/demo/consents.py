"""Demo consents: the region's text and the consents of most people, so that a school sees
whom it still has to ask and the teacher sees her own consent. Paper consents have no scan in the
demo (there is nothing signed to scan); the teacher accepted hers in the system."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.consents.models import Consent, ConsentMethod, ConsentText

# The share of people whose consent was collected; the rest are the schools' «Мои задачи».
GIVEN_SHARE = 0.9
TEXT_AGE_DAYS = 120

TEXT = {
    "title": "Согласие на обработку персональных данных",
    "operator": (
        "Министерство образования Демонстрационной области и подведомственный ему ЦНППМ, "
        "г. Северогорск, ул. Школьная, д. 1"
    ),
    "purposes": (
        "Учёт педагогических работников, диагностика профессиональных дефицитов, построение "
        "индивидуальных образовательных маршрутов, организация обучения, наставничества и "
        "методического сопровождения, мониторинг и отчётность перед органами управления "
        "образованием."
    ),
    "body": (
        "Перечень данных: фамилия, имя, отчество; дата рождения; СНИЛС; место работы, должность "
        "и преподаваемые предметы; сведения об аттестации, образовании и повышении квалификации; "
        "результаты диагностики; адрес электронной почты и телефон.\n"
        "Действия с данными: сбор, запись, систематизация, накопление, хранение, уточнение, "
        "использование, передача органам управления образованием, обезличивание, блокирование, "
        "удаление и уничтожение, с использованием средств автоматизации и без них.\n"
        "Согласие действует до его отзыва. Отзыв оформляется письменным заявлением или в личном "
        "кабинете системы."
    ),
}


def build_demo_consents(context):
    if context.region is None:
        return
    author = context.users.get("region")
    approved = datetime.combine(context.today - timedelta(days=TEXT_AGE_DAYS), time(10))
    text = ConsentText.objects.create(
        region=context.region,
        version=1,
        created_by=author,
        created=timezone.make_aware(approved),
        **TEXT,
    )
    teacher = context.users.get("teacher")
    own = teacher.person_id if teacher else None
    # An rng of its own, seeded from the demo's without drawing from it: the builders after
    # this one make the same demo with or without consents.
    rng = random.Random(repr(context.rng.getstate()))
    rows = []
    for person in context.people:
        if person.pk != own and rng.random() >= GIVEN_SHARE:
            continue
        online = person.pk == own
        rows.append(
            Consent(
                person=person,
                text=text,
                method=ConsentMethod.ONLINE if online else ConsentMethod.PAPER,
                given_on=context.today - timedelta(days=rng.randint(10, 90)),
                recorded_by=teacher if online else author,
            )
        )
    Consent.objects.bulk_create(rows)
    context.summary[_("Согласия на обработку персональных данных")] = len(rows)
    context.summary[_("  работников без согласия")] = len(context.people) - len(rows)
