"""The ward board and the person page in a real browser: accessibility
(axe-core), registration by keyboard alone, a stale board, a lost connection,
the tablet width, print, and screenshots for the docs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fellesskap.records import actions
from fellesskap.records.models import Category, TimeSession
from fellesskap.registry import roles as R
from fellesskap.registry.models import Placement
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "korrekt-hest-batteri-stift"
NAMES = [("Ola", "Nordmann"), ("Per", "Hansen"), ("Ali", "Haugen"), ("Jon", "Berg"), ("Kim", "Lie")]


@pytest.fixture(autouse=True)
def leave_the_board(page):
    """Leave the page before the database is emptied: a board still polling
    would otherwise hit the live server during the teardown (SQLite locks)."""
    yield
    page.goto("about:blank")
    page.wait_for_timeout(500)  # let a request already in the server finish


@pytest.fixture
def ward(transactional_db):
    """A unit with five persons in cells: one under full exclusion with a
    conversation this morning, one in a security cell, one in association,
    two in the ordinary regime (one of them unlocked)."""
    prison = h.make_prison("OSL", name="Oslo fengsel")
    unit = h.make_unit(prison, "Avdeling A")
    leader = h.user_with_role(R.UNIT_LEADER, prison)
    officer = h.user_with_role(R.OFFICER, prison)
    officer.set_password(PASSWORD)
    officer.first_name, officer.last_name = "Kari", "Nordmann"
    officer.save()
    now = timezone.now()
    persons = []
    for i, (given, family) in enumerate(NAMES):
        person = h.make_person(prison, given_name=given, family_name=family)
        stay = h.make_stay(person, prison, now - timedelta(days=20 + i), unit=unit)
        Placement.objects.filter(stay=stay).update(cell=h.make_cell(unit, str(101 + i)))
        persons.append(person)
    excluded, in_cell, associating, unlocked, _plain = persons
    draft = actions.do_create_exclusion(actor=leader, person=excluded, scope="full", ground="order_and_security",
                                        start=now - timedelta(days=4), letter={"reasons": "Trusler.",
                                                                               "own_statement": "Ingen kommentar."},
                                        backdate_reason="registrert sent")
    actions.do_put_in_force(actor=leader, exclusion=draft)
    start = max(now - timedelta(hours=2), timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0))
    actions.do_register_session(actor=officer, person=excluded, category=Category.CONTACT, kind="staff_conversation",
                                start=start, end=start + timedelta(minutes=min(40, (now - start).seconds // 60)))
    actions.do_start_coercive_means(actor=leader, person=in_cell, kind="security_cell", reason="danger_to_self",
                                    start=now - timedelta(hours=3))
    actions.do_start_group_session(actor=officer, unit=unit, persons=[associating], start=now - timedelta(minutes=20))
    actions.do_open_session(actor=officer, person=unlocked, category=Category.UNLOCK, start=now - timedelta(minutes=5))
    return {"prison": prison, "unit": unit, "officer": officer, "leader": leader, "persons": persons}


def log_in(page, user):
    page.goto("/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]:not([name=language])")
    page.wait_for_url("**/")


def open_board(page, ward):
    log_in(page, ward["officer"])
    page.goto(f"/ward/{ward['unit'].pk}/")
    page.wait_for_function("window.htmx !== undefined")
    return page


def row(page, person):
    return page.locator(f"#ward-row-{person.public_id}")


def test_ward_board_has_no_serious_accessibility_violations(page, ward, axe_violations, screenshot):
    open_board(page, ward)
    assert page.locator("h1").inner_text().startswith("Avdelingstavle")
    excluded, in_cell = ward["persons"][:2]
    assert "Hel utelukkelse" in row(page, excluded).inner_text()
    assert "Sikkerhetscelle" in row(page, in_cell).inner_text()
    assert "til 22 t uten kontakt" in row(page, excluded).inner_text() or "Isolert dag" in row(page, excluded).inner_text()
    assert axe_violations() == []
    screenshot("ward-board")
    page.set_viewport_size({"width": 768, "height": 1024})
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 768, f"the board is {wide} px wide on a 768 px tablet"
    assert axe_violations() == []
    screenshot("ward-board-tablet")


def focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_registration_from_the_board_by_keyboard_alone(page, ward):
    open_board(page, ward)
    person = ward["persons"][4]
    target = f"ward-unlock-{person.public_id}"
    for _ in range(80):
        page.keyboard.press("Tab")
        if focused_id(page) == target:
            break
    assert focused_id(page) == target, "the unlock button cannot be reached with Tab"
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('#ward-row-{person.public_id}').innerText.includes('Utlåst siden')")
    assert TimeSession.objects.filter(person=person, category=Category.UNLOCK, end__isnull=True).count() == 1
    assert focused_id(page) == target  # the swap keeps the focus where the officer is
    page.keyboard.press("Enter")  # lock in again
    page.wait_for_function(f"document.querySelector('#ward-row-{person.public_id}').innerText.includes('Innelåst')")
    assert TimeSession.objects.get(person=person, category=Category.UNLOCK).end is not None


def test_a_stale_board_shows_the_newer_state(page, ward):
    open_board(page, ward)
    person = ward["persons"][4]
    theirs = actions.do_open_session(actor=ward["leader"], person=person, category=Category.UNLOCK)
    row(page, person).get_by_role("button", name="Lås ut").click()
    page.wait_for_function(f"document.querySelector('#ward-row-{person.public_id}').innerText.includes('i mellomtiden')")
    assert "Utlåst siden" in row(page, person).inner_text()
    assert list(TimeSession.objects.filter(person=person).values_list("pk", flat=True)) == [theirs.pk]


def test_polling_brings_in_what_others_registered(page, ward):
    open_board(page, ward)
    person = ward["persons"][4]
    minute = timezone.localtime().strftime("%H:%M")
    untouched = row(page, ward["persons"][0]).get_attribute("data-fp")
    actions.do_open_session(actor=ward["leader"], person=person, category=Category.UNLOCK)
    page.evaluate("htmx.trigger('#ward-poll', 'fk-refresh')")  # as the 15 s timer would
    page.wait_for_function(f"document.querySelector('#ward-row-{person.public_id}').innerText.includes('Utlåst siden')")
    if timezone.localtime().strftime("%H:%M") == minute:  # a new minute changes every countdown
        assert row(page, ward["persons"][0]).get_attribute("data-fp") == untouched


def test_a_lost_connection_says_so_and_loses_no_registration(page, ward):
    open_board(page, ward)
    person = ward["persons"][4]
    page.context.set_offline(True)
    row(page, person).get_by_role("button", name="Lås ut").click()
    banner = page.locator("#ward-connection")
    banner.wait_for(state="visible")
    assert "Ingen forbindelse" in banner.inner_text() and "venter" in banner.inner_text()
    assert not TimeSession.objects.filter(person=person).exists()
    page.context.set_offline(False)
    page.wait_for_function(f"document.querySelector('#ward-row-{person.public_id}').innerText.includes('Utlåst siden')")
    banner.wait_for(state="hidden")
    assert TimeSession.objects.filter(person=person, category=Category.UNLOCK).count() == 1


def test_person_page_has_no_serious_accessibility_violations(page, ward, axe_violations, screenshot):
    log_in(page, ward["officer"])
    person = ward["persons"][0]
    page.goto(f"/person/{person.public_id}/")
    assert page.locator("h1").inner_text() == "Ola Nordmann"
    assert page.locator(".fk-heatmap .fk-heat__link").count() == 90
    assert page.locator(".fk-lane--full_exclusion .fk-timeline__bar").count() >= 1
    assert axe_violations() == []
    screenshot("person-page")
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Hovedmeny").is_visible()
    assert page.locator(".fk-print-only").is_visible()
    assert page.locator(".fk-timeline").is_visible()


def test_person_page_timeline_draws_under_the_strict_policy(browser, live_server, ward):
    """The timeline bars are SVG rects placed by attributes: the page needs no
    'unsafe-inline' for styles, and the browser reports no CSP violation."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 800},
                                  locale="nb-NO", bypass_csp=False)
    strict = context.new_page()
    errors = []
    strict.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        log_in(strict, ward["officer"])
        response = strict.goto(f"/person/{ward['persons'][0].public_id}/")
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        bars = strict.locator(".fk-lane--full_exclusion rect.fk-timeline__bar")
        assert bars.count() >= 1
        box = bars.first.bounding_box()
        track = strict.locator(".fk-lane--full_exclusion .fk-timeline__track").bounding_box()
        # (the 1 px stroke that keeps a one-minute bar visible reaches half a pixel out)
        assert box["width"] >= 1 and box["x"] >= track["x"] - 1 and box["x"] + box["width"] <= track["x"] + track["width"] + 1
        assert strict.locator(".fk-timeline__scale text").count() == 8
        assert [e for e in errors if "Content Security Policy" in e] == []
    finally:
        context.close()
