"""The whole loop of support on demo data, in the browser: a teacher with deficits → the
methodist builds and agrees an individual route (ИОМ) → the teacher completes its items → the
methodist completes it, which assigns a re-diagnosis → the teacher takes it → the route shows
«до → после» with the change."""

import re
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone
from playwright.sync_api import expect

from profrost.core.models import User
from profrost.diagnostics.models import CompetenceResult, Deficit, DeficitStatus, ItemKind
from profrost.registry.models import Employment, Person
from profrost.routes.forms import tutor_choices
from profrost.routes.models import Route
from tests import factories
from tests.browser.conftest import login, pick

PASSWORD = "verno-123-parol"
DEMO_PASSWORD = "demo12345"
METHODIST = "regmethodist"  # the regional methodist manages routes all over the demo region
DEMO_TEACHERS = 200  # the smallest demo that leaves teachers with deficits and no route
EVIDENCE = "Удостоверение о повышении квалификации получено, отчёт сдан тьютору."


@pytest.fixture
def teacher_page(browser):
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def load_demo():
    """The demo region, the same for the same day."""
    call_command(
        "seed_demo", teachers=DEMO_TEACHERS, seed=1, today=timezone.localdate(), stdout=StringIO()
    )


def teacher_with_deficits():
    """A demo school teacher (the position «Учитель» today) with open deficits, no route and no
    login: the one with the fewest deficits, so that the route is short. None of them from the
    burnout screening: a route is not built from a sensitive instrument's findings."""
    teaching = Employment.objects.active().filter(position__name="Учитель")
    person = (
        Person.objects.filter(pk__in=teaching.values("person"))
        .exclude(pk__in=Route.objects.values("person"))
        .exclude(pk__in=User.objects.filter(person__isnull=False).values("person"))
        .annotate(
            open_deficits=Count("deficits", filter=Q(deficits__status=DeficitStatus.OPEN)),
            sensitive=Count(
                "deficits",
                filter=Q(
                    deficits__status=DeficitStatus.OPEN,
                    deficits__found_by__attempt__campaign__instrument__sensitive=True,
                ),
            ),
        )
        .filter(open_deficits__gt=0, sensitive=0)
        .order_by("open_deficits", "pk")
        .first()
    )
    assert person is not None, "в демо-данных нет педагога с дефицитами и без маршрута"
    user = factories.teacher_user(person)
    user.set_password(PASSWORD)
    user.save()
    return person, user


def open_menu(page, menu, link):
    """A link of a dropdown menu of the navigation bar."""
    page.locator("#mainnav .dropdown-toggle", has_text=menu).click()
    with page.expect_navigation():
        page.locator("#mainnav .dropdown-menu").get_by_role("link", name=link, exact=True).click()


def percent_text(value):
    """A percentage as the route's page writes it (floatformat:1, Russian locale)."""
    return f"{Decimal(value):.1f}".replace(".", ",")


def number_text(value):
    return format(Decimal(value).normalize(), "f")


def saved(page, item, action):
    """Does what changes the item's answer, waits for HTMX to save it and swap the form in."""
    with page.expect_response(lambda response: f"/items/{item.pk}/answer/" in response.url):
        action()
    expect(page.locator(f"#item-{item.pk} .item-status")).to_have_text("Сохранено")


def answer_best(page, item):
    """Gives the item the answer worth the most points, as the page shows it."""
    form = page.locator(f"#item-{item.pk}")
    options = list(item.options.all())
    if item.kind == ItemKind.SINGLE:
        best = max(options, key=lambda option: option.points)
        saved(page, item, form.locator(f"#option-{best.pk}").check)
        expect(page.locator(f"#option-{best.pk}")).to_be_checked()
    elif item.kind == ItemKind.MULTIPLE:
        # Each box is saved and the form swapped before the next one is ticked.
        for option in [option for option in options if option.points > 0]:
            saved(page, item, page.locator(f"#option-{option.pk}").check)
            expect(page.locator(f"#option-{option.pk}")).to_be_checked()
    elif item.kind == ItemKind.SCALE:
        value = item.scale_min if item.reverse else item.scale_max
        saved(page, item, form.locator(f"#item-{item.pk}-scale-{value}").check)
    elif item.kind == ItemKind.NUMBER:
        field = form.locator(f"#item-{item.pk}-number")
        field.fill(number_text(item.correct_number))
        saved(page, item, lambda: field.press("Tab"))
    else:
        field = form.locator(f"#item-{item.pk}-text")
        field.fill("Хочу больше практики на уроках коллег.")
        saved(page, item, lambda: field.press("Tab"))


def test_the_whole_loop_on_demo_data(page, teacher_page, live_server):
    load_demo()
    person, teacher = teacher_with_deficits()
    deficits = list(
        Deficit.objects.filter(person=person, status=DeficitStatus.OPEN).select_related(
            "competence"
        )
    )
    codes = {deficit.competence.code for deficit in deficits}

    # 1. The methodist opens the teacher's deficit map and builds the route from it.
    login(page, live_server, METHODIST, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/diagnostics/people/{person.pk}/map/")
    with page.expect_navigation():
        page.get_by_role("link", name="Построить ИОМ").click()
    expect(page.locator("h1")).to_have_text(f"Построить ИОМ: {person.full_name}")
    expect(page.get_by_text(f"Открытые дефициты: {len(deficits)}")).to_be_visible()
    today = timezone.localdate()
    ends_on = today + timedelta(days=200)
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_ends_on", ends_on.isoformat())
    page.fill("#id_hours_budget", "72")
    tutor = tutor_choices(User.objects.get(username=METHODIST), person).first()
    tutor_name = tutor.full_name
    pick(page, "id_tutor", tutor.last_name[:4], tutor.pk)
    page.fill("#id_goal", "Устранить дефициты, выявленные диагностикой.")
    with page.expect_navigation():
        page.get_by_role("button", name="Предложить пункты").click()

    proposal = page.locator(".card", has=page.locator(".card-header", has_text="Предложение:"))
    expect(proposal).to_be_visible()
    proposed = proposal.locator("tbody tr")
    expect(proposed.first).to_be_visible()
    item_count = proposed.count()
    assert item_count > 0
    # Competences read by name; each one's code is its tooltip.
    covered = set(
        proposal.locator("tbody [title]").evaluate_all("nodes => nodes.map(node => node.title)")
    )
    assert codes <= covered, f"предложение не покрывает дефициты {codes - covered}"

    with page.expect_navigation():
        page.get_by_role("button", name="Создать черновик").click()
    expect(page.locator(".alert-success")).to_contain_text("Черновик маршрута построен")
    expect(page.locator("h1 .badge")).to_have_text("Черновик")
    route = Route.objects.get(person=person)
    assert route.tutor is not None
    assert route.tutor.full_name == tutor_name
    with page.expect_navigation():
        page.get_by_role("button", name="Согласовать").click()
    expect(page.locator(".alert-success")).to_contain_text("Маршрут согласован.")
    expect(page.locator("h1 .badge")).to_have_text("Согласован")
    rows = page.locator("#items tr[id^=item-]")
    expect(rows).to_have_count(item_count)
    expect(page.locator("#items .card-header")).to_contain_text(f"План мероприятий: {item_count}")
    for deficit in deficits:
        expect(page.locator("#items")).to_contain_text(deficit.competence.name)
        expect(page.locator(f"#items [title='{deficit.competence.code}']").first).to_be_attached()
    item_ids = [row.get_attribute("id") for row in rows.all()]

    # «До» is the latest result on or before the day of agreement, never the route's own
    # re-diagnosis, which this walk takes on the same day.
    agreed_on = today

    # 2. The teacher opens «Мой маршрут» and marks every item done, with evidence.
    login(teacher_page, live_server, teacher.username, PASSWORD)
    open_menu(teacher_page, "Моё", "Мой маршрут (ИОМ)")
    expect(teacher_page.locator("h1")).to_have_text("Мой маршрут")
    expect(teacher_page.locator("#items tr[id^=item-]")).to_have_count(item_count)
    for item_id in item_ids:
        row = teacher_page.locator(f"#{item_id}")
        expect(row.locator(".badge").last).to_have_text("Запланировано")
        with teacher_page.expect_navigation():
            row.get_by_title("Отметить выполнение").click()
        expect(teacher_page.locator("h1")).to_contain_text("Выполнение:")
        teacher_page.select_option("#id_status", label="Выполнено")
        teacher_page.fill("#id_evidence_text", EVIDENCE)
        with teacher_page.expect_navigation():
            teacher_page.get_by_role("button", name="Сохранить").click()
        expect(teacher_page.locator(".alert-success")).to_contain_text(
            "Отметка о выполнении сохранена."
        )
        open_menu(teacher_page, "Моё", "Мой маршрут (ИОМ)")
        expect(teacher_page.locator(f"#{item_id} .badge").last).to_have_text("Выполнено")
        expect(teacher_page.locator(f"#{item_id}")).to_contain_text(EVIDENCE)
    statuses = teacher_page.locator("#items tr[id^=item-] td:nth-child(7) .badge")
    expect(statuses).to_have_text(["Выполнено"] * item_count)
    expect(teacher_page.locator("h2 .badge")).to_have_text("Выполняется")

    # 3. The methodist completes the route; a re-diagnosis is assigned to the teacher.
    page.reload()
    expect(page.locator("h1 .badge")).to_have_text("Выполняется")
    with page.expect_navigation():
        page.get_by_role("button", name="Завершить").click()
    expect(page.locator(".alert-success")).to_contain_text("Маршрут завершён.")
    expect(page.locator(".alert-info")).to_contain_text("Педагогу назначена повторная диагностика.")
    expect(page.locator("h1 .badge")).to_have_text("Завершён")
    rediagnosis = page.locator(".card", has=page.locator(".card-header", has_text="Повторная"))
    route.refresh_from_db()
    attempt = route.rediagnosis_attempt
    assert attempt is not None
    assert attempt.person_id == person.pk
    campaign = attempt.campaign
    expect(rediagnosis).to_contain_text(f"Назначена: {campaign.title}")
    # Nothing measured after completion yet: «после» is empty, there is no change.
    block = page.locator(".card", has=page.locator(".card-header", has_text="До → после"))
    expect(block.locator("tbody tr td:nth-child(3)").first).to_have_text("нет результата")
    expect(block.locator("strong")).to_have_count(0)

    # 4. The teacher takes the re-diagnosis with the best answers and submits it.
    open_menu(teacher_page, "Моё", "Мои диагностики")
    expect(teacher_page.locator("h1")).to_have_text("Мои диагностики")
    row = teacher_page.locator(f".attempt-row[data-attempt='{attempt.pk}']")
    expect(row).to_contain_text(campaign.title)
    with teacher_page.expect_navigation():
        row.get_by_role("link", name=re.compile("Начать|Продолжить")).click()
    expect(teacher_page.locator("h1")).to_have_text(campaign.title)
    items = list(campaign.instrument.items.order_by("order", "pk").prefetch_related("options"))
    for item in items:
        answer_best(teacher_page, item)
    expect(teacher_page.locator("#answered-counter")).to_have_text(
        f"Отвечено {len(items)} из {len(items)}"
    )
    with teacher_page.expect_navigation():
        teacher_page.get_by_role("link", name="Завершить").last.click()
    expect(teacher_page.get_by_text("Вы ответили на все вопросы.")).to_be_visible()
    with teacher_page.expect_navigation():
        teacher_page.get_by_role("button", name="Завершить").click()
    results = teacher_page.locator("#attempt-results")
    expect(results).to_be_visible()
    for badge in results.locator(".badge").all():
        expect(badge).to_have_text("Сформирована")

    # 5. The route's page shows «до → после»: every competence of the deficits that the
    # re-diagnosis measured went up to 100 % from its latest result before the route.
    page.reload()
    expect(block).to_be_visible()
    measured = 0
    for competence in (deficit.competence for deficit in deficits):
        before = (
            CompetenceResult.objects.filter(
                person=person, competence=competence, measured_on__lte=agreed_on
            )
            .exclude(attempt=attempt)
            .order_by("-measured_on", "-pk")
            .first()
        )
        after = CompetenceResult.objects.filter(
            attempt=attempt, competence=competence, measured_on__gte=today
        ).first()
        if before is None or after is None:
            continue
        assert after.percent == 100
        measured += 1
        code = page.locator(f"td:first-child span[title='{competence.code}']")
        row = block.locator("tbody tr", has=code)
        cells = row.locator("td")
        expect(cells.nth(1)).to_contain_text(f"{percent_text(before.percent)} %")
        expect(cells.nth(2)).to_contain_text("100,0 %")
        expect(cells.nth(3)).to_have_text(f"+{percent_text(100 - before.percent)}")
    assert measured > 0, "повторная диагностика не измерила ни одной компетенции маршрута"
    expect(block.locator("strong.text-success").first).to_contain_text("+")
