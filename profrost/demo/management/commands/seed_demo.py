import random
import time
from datetime import date, datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from profrost.core.models import RoleAssignment, User
from profrost.demo.context import DemoContext
from profrost.demo.registry.build import MIN_TEACHERS
from profrost.demo.registry.names import REGION_NAME
from profrost.demo.registry.users import DEMO_PASSWORD, DEMO_USERNAMES
from profrost.registry.models import Organization, Region

# Later features append their own builders to settings.DEMO_BUILDERS, after this one.
DEFAULT_BUILDERS = ["profrost.demo.registry.build.build_demo_registry"]


class Command(BaseCommand):
    help = _(
        "Загружает демонстрационный регион: муниципалитеты, организации, работников, "
        "аттестации и демо-пользователей для каждой роли. Одно зерно и одна дата дают одни и те "
        "же данные."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--teachers",
            type=int,
            default=2000,
            help=_("Число работников (не меньше %(min)d).") % {"min": MIN_TEACHERS},
        )
        parser.add_argument("--seed", type=int, default=1, help=_("Зерно генератора."))
        parser.add_argument(
            "--today",
            help=_("Дата, от которой считаются возраст, стаж и сроки, дд.мм.гггг (сегодня)."),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Ничего не делать, если в базе уже есть организации."),
        )

    def handle(self, *args, teachers, seed, today, if_empty, **options):
        if if_empty and Organization.objects.exists():
            self.stdout.write(_("В базе уже есть организации: демо-данные не загружаются."))
            return
        if teachers < MIN_TEACHERS:
            raise CommandError(
                _("Работников должно быть не меньше %(min)d.") % {"min": MIN_TEACHERS}
            )
        if (
            Region.objects.filter(name=REGION_NAME).exists()
            or User.objects.filter(username__in=DEMO_USERNAMES).exists()
        ):
            raise CommandError(
                _(
                    "Демо-регион или демо-пользователи уже есть в базе. Пересоздайте базу "
                    "(make demo) или запустите команду с --if-empty."
                )
            )
        context = DemoContext(rng=random.Random(seed), today=parse_day(today), teachers=teachers)
        started = time.monotonic()
        with transaction.atomic():
            for path in getattr(settings, "DEMO_BUILDERS", DEFAULT_BUILDERS):
                import_string(path)(context)
        self.report(context, seed, time.monotonic() - started)

    def report(self, context, seed, seconds):
        message = _(
            "Демо-регион «%(region)s» загружен за %(seconds)s с (зерно %(seed)d, дата %(day)s)."
        )
        values = {
            "region": context.region,
            "seconds": f"{seconds:.1f}".replace(".", ","),
            "seed": seed,
            "day": f"{context.today:%d.%m.%Y}",
        }
        self.stdout.write(self.style.SUCCESS(message % values))
        width = max((len(label) for label in context.summary), default=0)
        for label, count in context.summary.items():
            self.stdout.write(f"  {label:<{width}}  {count:>6}")
        self.stdout.write("")
        self.stdout.write(_("Демо-пользователи:"))
        rows = [(_("Логин"), _("Роль"), _("Область действия"), _("Пароль"))]
        rows += login_rows(context.users)
        widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())


def login_rows(users):
    """(login, role, scope, password) for each role of each demo user."""
    assignments = RoleAssignment.objects.filter(user__in=users.values()).select_related(
        "region", "municipality", "organization", "user__person"
    )
    by_user = {}
    for assignment in assignments.order_by("pk"):
        by_user.setdefault(assignment.user_id, []).append(assignment)
    rows = []
    for username, user in users.items():
        if user.is_superuser:
            rows.append((username, _("Суперпользователь"), _("вся система, /admin/")))
        for assignment in by_user.get(user.pk, []):
            scope = assignment.region or assignment.municipality or assignment.organization
            own = _("своя запись: %(person)s") % {"person": user.person}
            rows.append((username, assignment.get_role_display(), str(scope or own)))
    return [(*row, DEMO_PASSWORD) for row in rows]


def parse_day(value):
    if value is None:
        return timezone.localdate()
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(value, "%d.%m.%Y").date()
    except ValueError as error:
        raise CommandError(
            _("Дата %(value)s не в формате дд.мм.гггг.") % {"value": value}
        ) from error
