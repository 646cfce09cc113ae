"""The login and home pages in a real browser: accessibility (axe-core),
keyboard use, the language switch and screenshots for the docs."""

import pytest

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_page_has_no_serious_accessibility_violations(page, axe_violations, screenshot):
    page.goto("/login/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert axe_violations() == []
    assert screenshot("login").read_bytes().startswith(PNG_MAGIC)


def test_home_page_has_no_serious_accessibility_violations(log_in, axe_violations, screenshot):
    page = log_in()
    assert page.locator("h1").inner_text() == "Velkommen, Kari Nordmann"
    assert page.get_by_role("navigation", name="Hovedmeny").is_visible()
    assert axe_violations() == []
    assert screenshot("home").read_bytes().startswith(PNG_MAGIC)


def focused(page, attribute="id"):
    return page.evaluate(f"document.activeElement.getAttribute('{attribute}')")


def test_log_in_by_keyboard_alone(page, staff_user):
    page.goto("/login/")
    # The user name field has the focus from the start (Django's autofocus).
    assert focused(page) == "id_username"
    page.keyboard.type(staff_user.get_username())
    page.keyboard.press("Tab")
    assert focused(page) == "id_password"
    page.keyboard.type("korrekt-hest-batteri-stift")
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "Velkommen, Kari Nordmann"


def test_skip_link_is_the_first_stop_and_leads_to_the_main_content(log_in):
    page = log_in()
    page.keyboard.press("Tab")
    assert focused(page, "href") == "#main"
    assert page.locator(".ds-skip-link").is_visible()  # hidden until focused
    page.keyboard.press("Enter")
    assert focused(page) == "main"


def test_language_switch_changes_the_page_language(page):
    page.goto("/login/")
    assert page.locator("h1").inner_text() == "Logg inn"
    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.locator("h1").inner_text() == "Log in"
    assert page.get_by_role("button", name="English").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Norsk (bokmål)").click()
    page.wait_for_function("document.documentElement.lang === 'nb'")
    assert page.locator("h1").inner_text() == "Logg inn"


def test_the_layout_fits_a_tablet(log_in):
    page = log_in()
    page.set_viewport_size({"width": 768, "height": 1024})
    # Nothing is wider than the screen: no sideways scrolling of the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    assert page.get_by_role("button", name="Logg ut").is_visible()


def test_print_shows_the_content_without_the_application_around_it(log_in):
    page = log_in()
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible()
    assert not page.get_by_role("navigation", name="Hovedmeny").is_visible()
    assert not page.get_by_role("button", name="Logg ut").is_visible()
    assert not page.locator(".ds-skip-link").is_visible()
    page.emulate_media(media="screen")
    assert page.get_by_role("navigation", name="Hovedmeny").is_visible()


def test_htmx_requests_carry_the_csrf_token(page):
    """A POST from htmx passes Django's CSRF check (set_language as the target):
    without the header from base.html it would get 403 and the page stay in bokmål."""
    page.goto("/login/")
    assert page.evaluate("typeof htmx") == "object"
    page.evaluate("""() => {
        const b = document.createElement('button');
        b.id = 'probe';
        b.textContent = 'probe';
        b.setAttribute('hx-post', '/i18n/setlang/');
        b.setAttribute('hx-vals', '{"language": "en"}');
        b.setAttribute('hx-swap', 'none');
        document.getElementById('main').append(b);
        htmx.process(b);
    }""")
    with page.expect_response("**/i18n/setlang/") as response:
        page.click("#probe")
    assert response.value.status != 403
    page.reload()
    assert page.locator("html").get_attribute("lang") == "en"
