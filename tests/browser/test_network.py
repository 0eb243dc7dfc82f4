"""The methodical network in the browser: a municipal methodist plans an event, a teacher
registers, attendance is marked, and the teacher's portfolio shows it."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from profrost.core.roles import Role
from profrost.network.models import Event
from tests import factories
from tests.browser.conftest import login
from tests.network.factories import WorkPlanFactory

PASSWORD = "verno-123-parol"


def build_municipality(region):
    municipality = factories.MunicipalityFactory(region=region, name="Город Светлый")
    factories.OrganizationFactory(
        municipality=municipality, short_name="ИМЦ г. Светлый", kind="methodical_service"
    )
    school = factories.OrganizationFactory(municipality=municipality, short_name="Школа № 3")
    person = factories.EmploymentFactory(
        organization=school,
        person__last_name="Лебедева",
        person__first_name="Анна",
        person__middle_name="Сергеевна",
    ).person
    methodist = factories.user_with_role(
        Role.MUNICIPAL_METHODIST, municipality, password=PASSWORD, first_name="Ольга"
    )
    teacher = factories.teacher_user(person)
    teacher.set_password(PASSWORD)
    teacher.save()
    plan = WorkPlanFactory(
        title="План методической работы г. Светлый", municipality=municipality, year=2025
    )
    return methodist, teacher, person, plan


def test_methodist_plans_teacher_registers_attendance_reaches_the_portfolio(
    page, browser, live_server, region
):
    methodist, teacher, person, plan = build_municipality(region)
    day = timezone.localdate() + timedelta(days=7)

    # The methodist adds a seminar to the municipality's plan.
    login(page, live_server, methodist.username, PASSWORD)
    page.goto(f"{live_server.url}/network/plans/{plan.pk}/")
    page.get_by_role("link", name="Добавить мероприятие").click()
    expect(page.locator("h1")).to_have_text("Новое мероприятие")
    page.fill("#id_title", "Семинар «Смысловое чтение на уроках»")
    page.select_option("#id_kind", "seminar")
    page.select_option("#id_level", "municipal")
    page.select_option("#id_organizer_organization", label="ИМЦ г. Светлый")
    page.fill("#id_starts_at", f"{day:%d.%m.%Y} 15:00")
    page.fill("#id_ends_at", f"{day:%d.%m.%Y} 17:00")
    page.fill("#id_place", "Школа № 3, актовый зал")
    page.fill("#id_capacity", "20")
    page.fill("#id_hours", "2")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("h1")).to_contain_text("Семинар «Смысловое чтение на уроках»")
    event = Event.objects.get(title="Семинар «Смысловое чтение на уроках»")
    assert (event.plan, event.municipality.name) == (plan, "Город Светлый")

    # The teacher finds it among the events open for registration and registers.
    teacher_page = browser.new_context(locale="ru-RU").new_page()
    teacher_page.set_default_timeout(15_000)
    login(teacher_page, live_server, teacher.username, PASSWORD)
    teacher_page.goto(f"{live_server.url}/network/my/events/")
    open_events = teacher_page.locator("#open-events")
    expect(open_events).to_contain_text("Семинар «Смысловое чтение на уроках»")
    with teacher_page.expect_navigation():
        open_events.get_by_role("button", name="Зарегистрироваться").click()
    expect(teacher_page.locator("#my-upcoming")).to_contain_text(
        "Семинар «Смысловое чтение на уроках»"
    )
    assert event.participations.get().person == person

    # The seminar takes place.
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )

    # The methodist marks attendance on the event's page.
    page.goto(f"{live_server.url}/network/events/{event.pk}/")
    page.get_by_label("Присутствовал: Лебедева Анна Сергеевна").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить отметки посещения").click()
    expect(page.locator(".alert-success")).to_contain_text("Отметки посещения сохранены")
    event.refresh_from_db()
    assert (event.status, event.participations.get().attended) == ("held", True)

    # The teacher's portfolio shows the seminar; the certificate is on «Мои мероприятия».
    teacher_page.goto(f"{live_server.url}/achievements/people/{person.pk}/portfolio/")
    section = teacher_page.locator("[id^=section-]", has_text="Участие в методических мероприятиях")
    expect(section).to_contain_text("Семинар «Смысловое чтение на уроках»")
    expect(section).to_contain_text("Участник")
    teacher_page.goto(f"{live_server.url}/network/my/events/")
    expect(teacher_page.locator("#my-past")).to_contain_text("присутствовал(а)")
    with teacher_page.expect_download() as download:
        teacher_page.locator("#my-past").get_by_role("link", name="Сертификат").click()
    assert download.value.suggested_filename.startswith("certificate-")
    teacher_page.context.close()
