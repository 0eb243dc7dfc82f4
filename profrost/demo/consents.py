"""Demo consents: the region's text and the consents of most people, so that a school sees
whom it still has to ask and the teacher sees her own consent. Paper consents have no scan in the
demo (there is nothing signed to scan); the teacher accepted hers in the system. One of the demo
school's people has withdrawn a paper consent, so the school sees what a withdrawal does: the
person stays in its staff list, marked, and nowhere else (docs/personal-data.md)."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.consents.models import Consent, ConsentMethod, ConsentText
from profrost.registry.models import ConsentState, Employment, Person

# The share of people whose consent was collected; the rest are the schools' «Мои задачи».
GIVEN_SHARE = 0.9
TEXT_AGE_DAYS = 120
WITHDRAWN_DAYS_AGO = 5

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
    # The demo logins have all answered: none is stopped by the consent page at login.
    logins = {user.person_id for user in context.users.values() if user.person_id}
    # An rng of its own, seeded from the demo's without drawing from it: the builders after
    # this one make the same demo with or without consents.
    rng = random.Random(repr(context.rng.getstate()))
    rows = []
    for person in context.people:
        if person.pk not in logins and rng.random() >= GIVEN_SHARE:
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
    withdraw_one(context, rows, rng)
    Consent.objects.bulk_create(rows)
    given = [row.person.pk for row in rows if row.withdrawn_on is None]
    withdrawn = [row.person.pk for row in rows if row.withdrawn_on is not None]
    Person.objects.filter(pk__in=given).update(consent_state=ConsentState.GIVEN)
    Person.objects.filter(pk__in=withdrawn).update(consent_state=ConsentState.WITHDRAWN)
    context.summary[_("Согласия на обработку персональных данных")] = len(rows)
    context.summary[_("  отозваны")] = len(withdrawn)
    context.summary[_("  работников без согласия")] = len(context.people) - len(rows)


def withdraw_one(context, rows, rng):
    """One paper consent of the demo school, of a person who is no demo login, withdrawn by a
    written statement the school entered."""
    school = context.users.get("school")
    if school is None:
        return
    organizations = school.roles.values_list("organization_id", flat=True)
    staff = set(
        Employment.objects.filter(organization__in=organizations).values_list(
            "person_id", flat=True
        )
    )
    logins = {user.person_id for user in context.users.values()}
    candidates = [
        row for row in rows if row.person.pk in staff - logins and row.method == ConsentMethod.PAPER
    ]
    if not candidates:
        return
    row = rng.choice(candidates)
    row.withdrawn_on = context.today - timedelta(days=WITHDRAWN_DAYS_AGO)
    row.withdrawn_by = school
    row.withdrawal_note = "Заявление работника об отзыве согласия"
