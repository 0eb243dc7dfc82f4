"""Pages fit a phone: at 390 px no page opened here is wider than the screen, and every link and
button of the main content can be reached without scrolling sideways (a table that scrolls
inside its card hides them just as well). At 1366 px the route's items table fits its card."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import login

DEMO_PASSWORD = "demo12345"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

# The pages that were wider than a phone (issue 19), and those that hid their links in tables
# scrolling sideways, for each demo login that sees them.
STAFF_PAGES = [
    "/diagnostics/summary/",
    "/programs/requests/",
    "/programs/requests/summary/",
    "/network/events/",
    "/mentoring/pairs/",
    "/practices/",
    "/network/calendar/",
    "/monitoring/",
    "/monitoring/targets/",
    "/monitoring/compare/",
    "/routes/methodists/",
    "/routes/checkpoints/",
    "/routes/program-effect/",
    "/staffing/summary/",
]
# A matrix of municipalities by competences scrolls inside its card: nothing else could show it.
MATRICES = {"/diagnostics/summary/"}
STAFF = ["regmethodist", "region", "cnppm", "municipal"]

# The links and buttons of <main> that lie outside the viewport or outside an ancestor that
# clips or scrolls them (a .table-responsive wider content). Hidden ones do not count.
CONTROLS_OUT_OF_REACH = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const control of document.querySelectorAll("main a, main button, main input, main select")) {
    const box = control.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    let clipped = box.left < 0 || box.right > width + 1;
    for (let parent = control.parentElement; parent && !clipped; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX === "visible") continue;
      const frame = parent.getBoundingClientRect();
      clipped = box.right > frame.right + 1 || box.left < frame.left - 1;
    }
    const name = (control.innerText || control.name || "").trim();
    if (clipped) out.push(`${control.tagName} «${name}»`);
  }
  return out;
}"""


def load_demo():
    call_command("seed_demo", teachers=200, seed=1, today=timezone.localdate(), stdout=StringIO())


def phone_page(browser, live_server, username):
    context = browser.new_context(locale="ru-RU", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server, username, DEMO_PASSWORD)
    return page


def document_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_staff_pages_fit_a_phone(browser, live_server):
    load_demo()
    problems = {}
    for username in STAFF:
        page = phone_page(browser, live_server, username)
        for path in STAFF_PAGES:
            page.goto(f"{live_server.url}{path}")
            width = document_width(page)
            out_of_reach = [] if path in MATRICES else page.evaluate(CONTROLS_OUT_OF_REACH)
            if width > PHONE["width"] or out_of_reach:
                problems[f"{username} {path}"] = (width, out_of_reach)
        page.context.close()
    assert problems == {}


def teacher_pages(page, live_server):
    """The teacher's menu, the route with its checkpoints and the diagnostic to take."""
    page.goto(f"{live_server.url}/")
    menu = page.eval_on_selector_all(
        "#mainnav a[href^='/']", "links => links.map(link => link.getAttribute('href'))"
    )
    page.goto(f"{live_server.url}/routes/my/")
    route = page.locator("main a[href^='/routes/']").first.get_attribute("href")
    page.goto(f"{live_server.url}/diagnostics/my/")
    attempt = page.get_by_role("link", name="Начать").first.get_attribute("href")
    return ["/", *menu, route, attempt]


def test_teacher_pages_fit_a_phone_with_every_control_in_reach(browser, live_server):
    load_demo()
    page = phone_page(browser, live_server, "teacher")
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert page.evaluate("getComputedStyle(document.body).hyphens") == "auto"
    paths = teacher_pages(page, live_server)
    for path in ["/diagnostics/my/", "/routes/my/", "/programs/my/", "/achievements/my/portfolio/"]:
        assert path in paths
    problems = {}
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        width = document_width(page)
        out_of_reach = page.evaluate(CONTROLS_OUT_OF_REACH)
        if width > PHONE["width"] or out_of_reach:
            problems[path] = (width, out_of_reach)
    assert problems == {}

    # The route's checkpoints and progress button are on the screen, not just in the page.
    page.goto(f"{live_server.url}{paths[-2]}")
    marks = page.locator("#items").get_by_role("button", name="отметить")
    assert marks.count() > 0
    progress = page.locator("#items").get_by_title("Отметить выполнение")
    assert progress.count() > 0
    for control in [*marks.all(), *progress.all()]:
        box = control.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
    page.context.close()


def test_route_items_fit_their_card_on_a_desktop(browser, live_server):
    load_demo()
    context = browser.new_context(locale="ru-RU", viewport=DESKTOP)
    page = context.new_page()
    login(page, live_server, "regmethodist", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/routes/")
    routes = page.eval_on_selector_all(
        "#list-table tbody a[href^='/routes/']",
        "links => [...new Set(links.map(link => link.getAttribute('href')))]",
    )
    assert len(routes) >= 5
    overflowing = {}
    for path in routes:
        page.goto(f"{live_server.url}{path}")
        table, card = page.evaluate(
            """() => {
              const table = document.querySelector("#items table");
              return table ? [table.scrollWidth, document.querySelector("#items").clientWidth]
                           : [0, 0];
            }"""
        )
        if table > card:
            overflowing[path] = (table, card)
    assert overflowing == {}
    context.close()
