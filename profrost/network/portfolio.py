"""The network's sections of a person's portfolio (profrost.achievements.portfolio.SECTIONS):
the methodical events the person attended and their work in associations."""

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.roles import Perm

from .models import Membership
from .selectors import person_participations


def events_section(person, user):
    from profrost.achievements.portfolio import Row, Section

    participations = person_participations(person, user).filter(attended=True)
    rows = [
        Row(
            [
                item.event.title,
                timezone.localtime(item.event.starts_at).date(),
                item.event.get_kind_display(),
                item.event.get_level_display(),
                item.get_role_display(),
                item.topic,
                ", ".join(str(organizer) for organizer in item.event.organizers),
            ],
            url=item.event.get_absolute_url(),
        )
        for item in participations
    ]
    return Section(
        key="events",
        title=_("Участие в методических мероприятиях"),
        headers=[
            _("Мероприятие"),
            _("Дата"),
            _("Форма"),
            _("Уровень"),
            _("Роль"),
            _("Тема выступления"),
            _("Организатор"),
        ],
        rows=rows,
        empty_text=_("Отметок о присутствии на методических мероприятиях нет."),
        note=_("Мероприятия, где отмечено присутствие; сертификаты — в «Моих мероприятиях»."),
    )


def associations_section(person, user):
    from profrost.achievements.portfolio import Row, Section

    memberships = (
        Membership.objects.visible_to(user, Perm.VIEW_NETWORK)
        .filter(person=person)
        .select_related("association")
        .order_by("left_on", "-joined_on", "pk")
    )
    rows = [
        Row(
            [
                item.association.title,
                item.association.get_kind_display(),
                item.get_role_display(),
                item.joined_on,
                item.left_on or _("по настоящее время"),
            ],
            url=item.association.get_absolute_url(),
        )
        for item in memberships
    ]
    return Section(
        key="associations",
        title=_("Работа в методических объединениях"),
        headers=[_("Объединение"), _("Вид"), _("Роль"), _("С"), _("По")],
        rows=rows,
        empty_text=_("В методических объединениях не состоит."),
    )
