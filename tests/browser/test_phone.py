"""The teacher's pages are phone-first: Russian hyphenation, the diagnostic to take fits 390 px,
and the route's checkpoints and progress buttons lie on the screen. At 1366 px the route's
items table fits its card. Every page of every role at both sizes: test_every_page.py."""

from tests.browser.pages import (
    CONTROLS_OUT_OF_REACH,
    DESKTOP,
    PHONE,
    document_width,
    load_demo,
    logged_in_page,
    phone_page,
)


def test_teacher_pages_are_phone_first(browser, live_server):
    load_demo()
    page = phone_page(browser, live_server, "teacher")
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert page.evaluate("getComputedStyle(document.body).hyphens") == "auto"
    menu = page.eval_on_selector_all(
        "#mainnav a[href^='/']", "links => links.map(link => link.getAttribute('href'))"
    )
    for path in ["/diagnostics/my/", "/routes/my/", "/programs/my/", "/achievements/my/portfolio/"]:
        assert path in menu

    # Taking a diagnostic (no list's detail page, so test_every_page does not open it) fits.
    page.goto(f"{live_server.url}/diagnostics/my/")
    page.get_by_role("link", name="Начать").first.click()
    page.wait_for_load_state()
    assert "/diagnostics/" in page.url
    assert document_width(page) <= PHONE["width"]
    assert page.evaluate(CONTROLS_OUT_OF_REACH) == []

    # The route's checkpoints and progress button are on the screen, not just in the page.
    page.goto(f"{live_server.url}/routes/my/")
    page.locator("main a[href^='/routes/']").first.click()
    page.wait_for_load_state()
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
    page = logged_in_page(browser, live_server, "regmethodist", DESKTOP)
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
    page.context.close()
