"""What the browser tests that open pages at a phone's and a desktop's size share: the demo, the
two viewports, logging a demo user into a fresh context, and the checks of a page's width and
of its controls being within reach."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import login

DEMO_PASSWORD = "demo12345"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

# The links, buttons and fields of <main> that lie outside the viewport or outside an ancestor
# that clips or scrolls them (a .table-responsive wider than its card). Hidden ones do not count.
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
    const name = (control.innerText || control.name || control.value || "").trim();
    if (clipped) out.push(`${control.tagName} «${name}»`);
  }
  return out;
}"""


def load_demo():
    call_command("seed_demo", teachers=200, seed=1, today=timezone.localdate(), stdout=StringIO())


def logged_in_page(browser, live_server, username, viewport):
    """A page of a new context of the viewport's size, logged in as the demo user."""
    context = browser.new_context(locale="ru-RU", viewport=viewport)
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server, username, DEMO_PASSWORD)
    return page


def phone_page(browser, live_server, username):
    return logged_in_page(browser, live_server, username, PHONE)


def document_width(page):
    return page.evaluate("document.documentElement.scrollWidth")
