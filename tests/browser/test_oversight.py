"""The health, supervisory-board and inspection screens in a real browser:
accessibility (axe-core), a health contact by keyboard alone, the tablet
width, and screenshots for the docs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fellesskap.oversight import actions as oversight
from fellesskap.oversight import notify
from fellesskap.records import actions
from fellesskap.records.models import Counterpart, TimeSession
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "korrekt-hest-batteri-stift"


def _user(role, prison, first, last):
    user = h.user_with_role(role, prison)
    user.set_password(PASSWORD)
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def prison(transactional_db):
    """A prison with one excluded person, one in a security cell that health was
    not told of, a notified suicide attempt and an inspection."""
    prison = h.make_prison("OSL", name="Oslo fengsel")
    unit = h.make_unit(prison, "Avdeling A")
    leader = h.user_with_role(R.UNIT_LEADER, prison)
    now = timezone.now().replace(second=0, microsecond=0)
    excluded = h.make_person(prison, given_name="Ola", family_name="Nordmann")
    h.make_stay(excluded, prison, now - timedelta(days=20), unit=unit)
    in_cell = h.make_person(prison, given_name="Per", family_name="Hansen")
    h.make_stay(in_cell, prison, now - timedelta(days=15), unit=unit)
    draft = actions.do_create_exclusion(actor=leader, person=excluded, scope="full", ground="order_and_security",
                                        start=now - timedelta(days=4), backdate_reason="registrert sent",
                                        letter={"reasons": "Trusler.", "own_statement": "Ingen kommentar."})
    actions.do_put_in_force(actor=leader, exclusion=draft)
    actions.do_start_coercive_means(actor=leader, person=in_cell, kind="security_cell", reason="danger_to_self",
                                    start=now - timedelta(hours=3))
    attempt = actions.do_record_incident(actor=leader, person=in_cell, kind="suicide_attempt",
                                         at=now - timedelta(hours=4), health_told_at=now - timedelta(hours=3))
    notify.ensure_notification(attempt.pk)
    inspector = _user(R.INSPECTOR, prison, "Ingrid", "Inspektør")
    inspection = oversight.do_start_inspection(actor=inspector, prison=prison,
                                               period_start=timezone.localdate() - timedelta(days=30),
                                               period_end=timezone.localdate())
    return {"prison": prison, "excluded": excluded, "in_cell": in_cell, "inspector": inspector,
            "inspection": inspection, "health": _user(R.HEALTH_STAFF, prison, "Hanne", "Helse"),
            "board": _user(R.SUPERVISORY_BOARD_MEMBER, prison, "Tor", "Tilsyn")}


def log_in(page, user):
    page.goto("/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]:not([name=language])")
    page.wait_for_url("**/")


def test_health_screen_has_no_serious_accessibility_violations_and_fits_a_tablet(page, prison, axe_violations, screenshot):
    log_in(page, prison["health"])
    page.goto("/oversight/health/")
    assert page.locator("h1").inner_text().startswith("Helsetjenesten")
    assert "helsetjenesten ikke varslet ennå" in page.locator("main").inner_text()
    assert axe_violations() == []
    screenshot("health")
    page.set_viewport_size({"width": 768, "height": 1024})
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    assert axe_violations() == []


def test_a_health_contact_by_keyboard_alone(page, prison):
    log_in(page, prison["health"])
    page.goto("/oversight/health/")
    person = prison["excluded"]
    summary = page.locator(f"#person-{person.public_id}").locator("xpath=..").locator("summary")
    summary.focus()
    page.keyboard.press("Enter")  # opens the form
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"start-{person.public_id}"
    # A date-time field has a tab stop per part (day, month, year, hour, minute).
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
    assert page.evaluate("document.activeElement.textContent").strip() == "Registrer helsekontakt"
    page.keyboard.press("Enter")
    message = page.locator(".fk-messages .ds-alert")
    message.wait_for()
    assert message.inner_text() == "Helsekontakt registrert."
    assert TimeSession.objects.filter(person=person, counterpart=Counterpart.HEALTH).count() == 1


@pytest.mark.parametrize(("who", "path", "name"), [
    ("board", "/oversight/", None),
    ("board", "/oversight/notifications/", "oversight-notifications"),
    ("board", "/oversight/register/", "oversight-register"),
    ("inspector", None, "inspection"),
])
def test_oversight_screens_have_no_serious_accessibility_violations(page, prison, axe_violations, screenshot, who, path, name):
    log_in(page, prison[who])
    page.goto(path or f"/oversight/inspections/{prison['inspection'].public_id}/")
    assert axe_violations() == []
    if name:
        screenshot(name)
