"""Every page of every demo role fits a phone and a desktop and speaks plain Russian (issue 19).

For each demo login the test collects the pages of its menu (#mainnav, the dropdowns and the
user's own menu included) and the first detail page of each list on them, and opens every one
at 390×844 and at 1366×768. It fails, with the full list of problems, when a page answers an
error, when the document is wider than the viewport, when a link, button or field of <main>
lies outside the viewport or in an ancestor that clips or scrolls it, or when the visible text
(`innerText`: tooltips do not count) shows a competence code, an indicator code, an audit
action code or a Latin word outside ALLOWED_LATIN.

The teacher's route and the monitoring dashboard at 390 px are saved as screenshots under
test-results/, which CI keeps as artifacts.
"""

import re
import time
from pathlib import Path

from profrost.competences.models import Competence
from profrost.monitoring.indicators import REGISTRY
from tests.browser.pages import (
    CONTROLS_OUT_OF_REACH,
    DESKTOP,
    PHONE,
    document_width,
    load_demo,
    logged_in_page,
)

ROLES = [
    "admin",
    "region",
    "cnppm",
    "regmethodist",
    "psychologist",
    "municipal",
    "school",
    "teacher",
]
SIZES = {"390×844": PHONE, "1366×768": DESKTOP}
RESULTS = Path(__file__).resolve().parents[2] / "test-results"

# Pages whose controls may scroll inside their card: a matrix of municipalities by competences
# cannot be shown any other way on a phone. The width of the document is still checked.
MATRICES = {"/diagnostics/summary/"}

# Pages whose text is not checked for codes and Latin, each with its reason.
TEXT_EXEMPT = {
    # The catalogue of competences is where a methodist keeps the codes that imports, exports
    # and the API use: the code is the record's own field here.
    r"/competences/(\d+/)?": "каталог компетенций показывает их коды как данные",
    # «Мои данные» shows a person the data kept about them as it is stored (152-ФЗ), field
    # names and logins included.
    r"/consents/my/data/": "выписка персональных данных в том виде, как они хранятся",
}

# Latin words that may stand on a Russian screen: names of file formats a user downloads or
# uploads, and the names of standards and protocols that have no Russian name of their own.
ALLOWED_LATIN = {
    "XLSX",  # file formats of the exports and imports
    "DOCX",
    "PDF",
    "CSV",
    "JSON",
    "e-mail",  # the usual Russian name of an address (the address itself is data, see below)
    "E-mail",
    "API",  # the programming interface, as the admin sees it
    "URL",
    "OpenID",  # «OpenID Connect», the single sign-on protocol of the login page
    "Connect",
}
# The formats of the files a user may attach, as the upload form lists them.
FILE_FORMATS = {"doc", "docx", "jpeg", "jpg", "odp", "ods", "odt", "pdf", "png", "ppt", "pptx"}
FILE_FORMATS |= {"rtf", "txt", "xls", "xlsx", "csv", "zip"}
# Data, not words of the interface: e-mail addresses and web addresses are removed first.
# So are the names of uploaded files («fdpk_2026.xlsx»).
ADDRESSES = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|https?://\S+|\b[\w-]+\.(xlsx|docx|pdf|csv)\b")
# So are the logins of the demo users, which a person's card shows as their account's name.
LOGINS = re.compile(r"\b(" + "|".join(ROLES) + r")\b")
LATIN_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
AUDIT_CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")

# The first link of a table's body that leads to another page of the site and does not export,
# download, log out or belong to a form that posts.
FIRST_DETAIL = r"""() => {
  for (const link of document.querySelectorAll("main table tbody a[href^='/']")) {
    const url = new URL(link.href);
    if (url.pathname === location.pathname) continue;
    if (link.hasAttribute("download") || link.closest("form")) continue;
    // A notification's link marks it read on the way to its page: it is not a page of its own.
    if (/\/go\/$/.test(url.pathname)) continue;
    if (/export|download|logout|\.(xlsx|docx|pdf|csv|json)$/i.test(url.pathname)) continue;
    return url.pathname + url.search;
  }
  return null;
}"""


def words_pattern(words):
    return re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, sorted(words))) + r")(?![\w])")


def text_problems(text, codes):
    text = LOGINS.sub(" ", ADDRESSES.sub(" ", text))
    problems = []
    for name, pattern in codes.items():
        found = sorted({match.group(0) for match in pattern.finditer(text)})
        if found:
            problems.append(f"{name}: {', '.join(found[:10])}")
    latin = sorted(
        {
            word
            for word in LATIN_WORD.findall(text)
            if word not in ALLOWED_LATIN and word.lower() not in FILE_FORMATS
        }
    )
    if latin:
        problems.append(f"латиница: {', '.join(latin[:15])}")
    return problems


def page_problems(page, live_server, path, size, codes):
    response = page.goto(f"{live_server.url}{path}")
    if response is None or response.status >= 400:
        return [f"ответ {response.status if response else 'нет'}"]
    problems = []
    width = document_width(page)
    if width > SIZES[size]["width"]:
        problems.append(f"ширина {width}px")
    if path not in MATRICES:
        out = page.evaluate(CONTROLS_OUT_OF_REACH)
        if out:
            problems.append(f"вне экрана: {'; '.join(out[:8])}")
    if not any(re.fullmatch(pattern, path) for pattern in TEXT_EXEMPT):
        problems += text_problems(page.evaluate("document.body.innerText"), codes)
    return problems


def menu(page, live_server):
    """The role's home and its menu, the logout left out."""
    page.goto(f"{live_server.url}/")
    links = page.eval_on_selector_all(
        "#mainnav a[href^='/']", "links => links.map(link => link.getAttribute('href'))"
    )
    return list(dict.fromkeys(["/", *(link for link in links if "logout" not in link)]))


def test_every_page_fits_both_sizes_and_speaks_russian(browser, live_server):
    load_demo()
    prefixes = {code.split(".")[0] for code in Competence.objects.values_list("code", flat=True)}
    codes = {
        "код компетенции": words_pattern(prefixes),
        "код показателя": words_pattern(REGISTRY),
        "код действия журнала": AUDIT_CODE,
    }
    RESULTS.mkdir(exist_ok=True)
    problems, log = [], []
    for username in ROLES:
        # At the desktop's size first: it finds the detail pages that the phone then opens too.
        paths = None
        for size, viewport in [("1366×768", DESKTOP), ("390×844", PHONE)]:
            page = logged_in_page(browser, live_server, username, viewport)
            if paths is None:
                paths = menu(page, live_server)
                lists = set(paths)
            for path in paths:
                started = time.monotonic()
                found = page_problems(page, live_server, path, size, codes)
                if path in lists:
                    detail = page.evaluate(FIRST_DETAIL)
                    if detail and detail not in paths:
                        paths.append(detail)
                log.append(f"{username} {size} {path} {time.monotonic() - started:.2f}s {found}")
                problems += [f"{username} {size} {path}: {problem}" for problem in found]
            if viewport is PHONE and username == "teacher":
                page.goto(f"{live_server.url}/routes/my/")
                page.screenshot(path=RESULTS / "teacher-route-390.png", full_page=True)
            if viewport is PHONE and username == "regmethodist":
                page.goto(f"{live_server.url}/monitoring/")
                page.screenshot(path=RESULTS / "monitoring-390.png", full_page=True)
            page.context.close()
    (RESULTS / "every-page.txt").write_text("\n".join(log), encoding="utf-8")
    assert len(log) > 100
    assert problems == [], "\n".join(problems)
