"""Browser tests: Playwright driving Debian's chromium against Django's live server.

One browser for the whole session (starting chromium is the slow part); a
fresh context and page per test so cookies and language never leak between
tests. Browsers are never downloaded: ``make browser`` installs
/usr/bin/chromium from Debian.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

# Django's live server runs in a thread while Playwright's sync API runs an
# event loop in this one; Django would otherwise refuse ORM calls from the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
AXE = settings.BASE_DIR / "web" / "static" / "vendor" / "axe-core" / "axe.min.js"
SCREENS = settings.PROJECT_DIR / "docs" / "screens"
PASSWORD = "korrekt-hest-batteri-stift"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.path).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def _missing(what: str):
    """Under `make test` a missing browser or asset is a failure; elsewhere a skip."""
    if os.environ.get("FELLESSKAP_REQUIRE_BROWSER"):
        pytest.fail(f"{what} (make test installs it)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing: run `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, settings):
    """A page in a fresh context, with the live server as base URL, at the
    width of a desktop screen."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # bypass_csp: Playwright's own wait_for_function evaluates strings in the
    # page, which the app's strict policy forbids; the policy itself is tested
    # in fellesskap/security/tests/test_settings_and_headers.py.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 800},
                                  locale="nb-NO", bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def staff_user(django_user_model, transactional_db):
    return django_user_model.objects.create_user(
        "kari", password=PASSWORD, first_name="Kari", last_name="Nordmann")


@pytest.fixture
def log_in(page, staff_user):
    """Log in through the form, as a user would; returns the page on home."""
    def do():
        page.goto("/login/")
        page.fill("#id_username", staff_user.get_username())
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]:not([name=language])")
        page.wait_for_url("**/")
        return page
    return do


@pytest.fixture
def axe_violations(page):
    """Run axe-core in the page; the violations of impact serious or critical."""
    if not AXE.exists():
        _missing(f"{AXE} is missing: run `make static`")

    def run() -> list[dict]:
        # Loaded from the app's own static files, as the Content-Security-Policy
        # allows ('self'); an inline copy would be (rightly) blocked.
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]
    return run


@pytest.fixture
def screenshot(page, tmp_path):
    """Save a screenshot: into docs/screens/ when FELLESSKAP_UPDATE_SCREENS is
    set (`make screens`), otherwise into a temporary folder, so an ordinary
    test run never changes committed files."""
    def take(name: str) -> Path:
        folder = SCREENS if os.environ.get("FELLESSKAP_UPDATE_SCREENS") else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return take


@pytest.fixture
def strict_page(browser, live_server):
    """A page that enforces the response's CSP (unlike ``page``), with every
    console error and page error collected in ``page.errors`` and every URL the
    page asked for in ``page.requested``."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 800},
                                  locale="nb-NO", bypass_csp=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []
    page.requested = []
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def csp_errors(page) -> list[str]:
    """The console's complaints about the Content-Security-Policy."""
    return [e[:200] for e in page.errors if "Content Security Policy" in e or "unsafe-eval" in e]
