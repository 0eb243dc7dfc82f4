"""The Content-Security-Policy in the browser: the main pages of a teacher, a school
administrator and a regional administrator load without a violation (the `csp_violations`
fixture of conftest.py fails any browser test that meets one), and a violation is seen."""

from django.urls import reverse

from profrost.core.roles import Role
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_notifications import PASSWORD, running_route
from tests.routes.factories import route_people

MENU_LINKS = "els => els.map(e => e.getAttribute('href')).filter(h => h.startsWith('/'))"


def crawl(page, live_server, user, extra=()):
    """Log in as `user`, open every page of the menu and the `extra` ones; what they open."""
    user.set_password(PASSWORD)
    user.save()
    login(page, live_server, user.username, PASSWORD)
    urls = page.eval_on_selector_all("#mainnav a[href]", MENU_LINKS) + list(extra)
    for url in dict.fromkeys(urls):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.context.clear_cookies()
    return urls


def test_main_pages_of_three_roles_keep_the_policy(
    page, live_server, region, two_orgs, csp_violations
):
    people = route_people(two_orgs)
    route = running_route(people)
    person = people["person"]
    teacher_pages = [
        reverse("diagnostics:deficit_map", args=[person.pk]),
        route.get_absolute_url(),
        reverse("achievements:portfolio_print", args=[person.pk]),
    ]
    regional = factories.user_with_role(Role.REGIONAL_ADMIN, region)

    opened = crawl(page, live_server, people["teacher"], teacher_pages)
    opened += crawl(page, live_server, people["admin_a"], ["/registry/people/"])
    opened += crawl(page, live_server, regional, [reverse("programs:program_create"), "/api/docs/"])

    assert len(opened) > 20
    page.wait_for_load_state("networkidle")
    assert csp_violations == []


def test_an_inline_script_is_refused_and_reported(page, live_server, two_orgs, csp_violations):
    user = factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_a"])
    user.set_password(PASSWORD)
    user.save()
    login(page, live_server, user.username, PASSWORD)

    ran = page.evaluate(
        """() => { window.ran = false; const s = document.createElement('script');
        s.textContent = 'window.ran = true'; document.body.append(s); return window.ran; }"""
    )
    page.wait_for_function("() => true")

    assert ran is False
    assert any("script-src" in violation for violation in csp_violations)
    csp_violations.clear()  # seen on purpose
