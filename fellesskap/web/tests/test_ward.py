"""The ward board: rows from the ledger, access by prison, polling that sends
only changed rows, and registration that neither overwrites a newer state nor
counts a re-sent request twice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions
from fellesskap.records.models import Category, TimeSession
from fellesskap.records.tests.helpers import exclusion_in_force, make_world
from fellesskap.registry.models import Placement
from fellesskap.registry.tests import helpers as h
from fellesskap.web import board

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]



@pytest.fixture
def w():
    world = make_world()
    cell = h.make_cell(world.unit, "12")
    Placement.objects.filter(stay=world.stay).update(cell=cell)
    return world


def board_url(w):
    return reverse("web:ward_board", args=[w.unit.pk])


def register_url(w, what="unlock", person=None):
    return reverse("web:ward_register", args=[w.unit.pk, (person or w.person).public_id, what])


def test_board_shows_cell_regime_and_is_audited(client, w):
    exclusion_in_force(w, start=w.ago(days=2))
    client.force_login(w.officer)
    r = client.get(board_url(w))
    page = r.content.decode()
    assert r.status_code == 200
    assert w.person.display_name in page and "Cell 12" in page
    assert "Full exclusion" in page and "order and security" in page.lower()
    assert AuditEvent.objects.filter(action="list", data__screen="ward_board", prison=w.prison.code).count() == 1


def test_the_menu_item_enables_itself_and_one_unit_goes_straight_to_its_board(client, w):
    client.force_login(w.officer)
    r = client.get(reverse("web:ward"))
    assert r.status_code == 302 and r.url == board_url(w)


def test_another_prisons_unit_and_person_are_404(client, w):
    other = h.make_prison("B")
    h.login_as(client, "officer", other)
    assert client.get(board_url(w)).status_code == 404
    assert client.post(reverse("web:ward_rows", args=[w.unit.pk])).status_code == 404
    assert client.post(register_url(w), {"want": "open"}).status_code == 404
    assert not TimeSession.objects.exists()


def test_a_person_not_in_the_unit_is_404(client, w):
    other_unit = h.make_unit(w.prison, "B")
    client.force_login(w.officer)
    url = reverse("web:ward_register", args=[other_unit.pk, w.person.public_id, "unlock"])
    assert client.post(url, {"want": "open"}).status_code == 404


def test_a_role_that_may_only_look_cannot_register(client, w):
    h.login_as(client, "supervisory_board_member", w.prison)
    assert client.get(board_url(w)).status_code == 200
    assert 'name="want"' not in client.get(board_url(w)).content.decode()
    assert client.post(register_url(w), {"want": "open"}).status_code == 403


def test_row_figures_come_from_the_ledger(w):
    """Two days ago at 12:00: contact 09:00–09:30 and 09:15–09:45 count 45
    minutes; 720 − 45 = 675 without contact, 1,320 is 645 minutes away."""
    day = timezone.localdate() - timedelta(days=2)
    noon = h.at(f"{day} 12:00")
    for kind, a, b in (("staff_conversation", "09:00", "09:30"), ("association", "09:15", "09:45")):
        actions.do_register_session(actor=w.officer, person=w.person, category=Category.CONTACT, kind=kind,
                                    start=h.at(f"{day} {a}"), end=h.at(f"{day} {b}"), backdate_reason="late")
    [row] = board.board_rows(w.unit, now=noon)
    assert row.today.contact_minutes == 45 and row.today.minutes_left == 645
    assert row.cell.number == "12" and row.regimes == ()


def test_board_reads_only_today_and_shows_the_same_rows(w):
    """The speed-up reads sessions from local midnight on; rows (figures,
    regimes, deadlines) must equal those computed from every session."""
    day = timezone.localdate() - timedelta(days=2)
    noon = h.at(f"{day} 12:00")
    exclusion_in_force(w, start=h.at(f"{day} 00:00") - timedelta(days=5))
    for a, b in ((f"{day - timedelta(days=3)} 09:00", f"{day - timedelta(days=3)} 10:00"),
                 (f"{day - timedelta(days=1)} 23:30", f"{day} 00:40"),  # across midnight: 40 min today
                 (f"{day} 09:00", f"{day} 09:30")):
        actions.do_register_session(actor=w.officer, person=w.person, category=Category.CONTACT,
                                    kind="staff_conversation", start=h.at(a), end=h.at(b), backdate_reason="late")
    [fast] = board.board_rows(w.unit, now=noon)
    [reference] = board.board_rows(w.unit, now=noon, all_sessions=True)
    assert fast.today.contact_minutes == 70
    assert fast.fingerprint == reference.fingerprint
    assert (fast.next_deadline, fast.missed_deadlines) == (reference.next_deadline, reference.missed_deadlines)
    assert fast.next_deadline is not None or fast.missed_deadlines


def test_a_unit_lock_in_shows_as_collective(w):
    actions.do_start_unit_lock_in(actor=w.leader, unit=w.unit, start=w.ago(hours=1), reason="staffing")
    [row] = board.board_rows(w.unit)
    assert [(r.kind, r.ground, r.collective) for r in row.regimes] == [("full_exclusion", "building_or_staffing", True)]


def hx(client, url, data):
    return client.post(url, data, HTTP_HX_REQUEST="true")


def test_unlock_then_lock_from_the_board(client, w):
    client.force_login(w.officer)
    r = hx(client, register_url(w), {"want": "open", "seen": "", "key": "k1"})
    assert r.status_code == 200 and "Unlocked since" in r.content.decode()
    session = TimeSession.objects.get(category=Category.UNLOCK)
    assert session.end is None and session.idempotency_key == "k1"
    r = hx(client, register_url(w), {"want": "closed", "seen": str(session.public_id), "key": "k2"})
    assert r.status_code == 200 and "Locked in" in r.content.decode()
    session.refresh_from_db()
    assert session.end is not None


def test_a_request_sent_twice_registers_once(client, w):
    client.force_login(w.officer)
    data = {"want": "open", "seen": "", "key": "same-key"}
    assert hx(client, register_url(w), data).status_code == 200
    again = hx(client, register_url(w), data)
    assert again.status_code == 200 and "meanwhile" not in again.content.decode()
    assert TimeSession.objects.filter(category=Category.UNLOCK).count() == 1


def test_a_stale_board_does_not_overwrite_a_newer_registration(client, w):
    """Someone else unlocked the person after this board was drawn: pressing
    'Unlock' changes nothing and the row shows their registration."""
    theirs = actions.do_open_session(actor=w.leader, person=w.person, category=Category.UNLOCK)
    client.force_login(w.officer)
    r = hx(client, register_url(w), {"want": "open", "seen": "", "key": "mine"})
    assert r.status_code == 409
    assert "meanwhile" in r.content.decode() and "Unlocked since" in r.content.decode()
    assert list(TimeSession.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_a_stale_lock_does_not_close_someone_elses_new_session(client, w):
    first = actions.do_open_session(actor=w.leader, person=w.person, category=Category.UNLOCK,
                                    start=w.ago(minutes=30))
    actions.do_close_session(actor=w.leader, session=first, end=w.ago(minutes=20))
    second = actions.do_open_session(actor=w.leader, person=w.person, category=Category.UNLOCK,
                                     start=w.ago(minutes=10))
    client.force_login(w.officer)
    r = hx(client, register_url(w), {"want": "closed", "seen": str(first.public_id), "key": "x"})
    assert r.status_code == 409
    second.refresh_from_db()
    assert second.end is None


def test_closing_what_is_already_closed_is_no_conflict(client, w):
    s = actions.do_open_session(actor=w.leader, person=w.person, category=Category.UNLOCK, start=w.ago(minutes=30))
    actions.do_close_session(actor=w.leader, session=s, end=w.ago(minutes=5))
    client.force_login(w.officer)
    assert hx(client, register_url(w), {"want": "closed", "seen": str(s.public_id)}).status_code == 200


def test_the_click_time_is_used_when_the_request_arrives_late(client, w):
    client.force_login(w.officer)
    clicked = timezone.now() - timedelta(minutes=7)
    hx(client, register_url(w), {"want": "open", "seen": "", "key": "late",
                                 "clicked_at": str(int(clicked.timestamp() * 1000))})
    assert TimeSession.objects.get().start == clicked.replace(second=0, microsecond=0)


def test_an_unreasonable_click_time_is_ignored(client, w):
    client.force_login(w.officer)
    future = timezone.now() + timedelta(hours=3)
    hx(client, register_url(w), {"want": "open", "seen": "", "clicked_at": str(int(future.timestamp() * 1000))})
    assert TimeSession.objects.get().start <= timezone.now()


def test_contact_from_the_board_with_its_kind(client, w):
    client.force_login(w.officer)
    r = hx(client, register_url(w, "contact"), {"want": "open", "seen": "", "kind": "health", "key": "c1"})
    assert r.status_code == 200
    s = TimeSession.objects.get()
    assert (s.category, s.kind, s.end) == (Category.CONTACT, "health", None)
    assert "Stop contact" in r.content.decode()
    hx(client, register_url(w, "contact"), {"want": "closed", "seen": str(s.public_id)})
    s.refresh_from_db()
    assert s.end is not None


def test_a_bad_kind_is_refused_with_the_commands_message(client, w):
    client.force_login(w.officer)
    r = hx(client, register_url(w, "contact"), {"want": "open", "seen": "", "kind": "nonsense"})
    assert r.status_code == 422 and "Choose a kind of contact" in r.content.decode()
    assert not TimeSession.objects.exists()


def test_without_javascript_the_form_redirects_back_with_a_message(client, w):
    actions.do_open_session(actor=w.leader, person=w.person, category=Category.UNLOCK)
    client.force_login(w.officer)
    r = client.post(register_url(w), {"want": "open", "seen": ""}, follow=True)
    assert r.redirect_chain[-1][0] == board_url(w) and "meanwhile" in r.content.decode()


def seen_of(rows):
    return [f"{r.key}.{r.fingerprint}" for r in rows]


def test_the_poll_sends_only_changed_rows(client, w):
    second = h.make_person(w.prison)
    h.make_stay(second, w.prison, w.ago(days=3), unit=w.unit)
    client.force_login(w.officer)
    poll = reverse("web:ward_rows", args=[w.unit.pk])
    rows = board.board_rows(w.unit)
    before = AuditEvent.objects.count()
    quiet = client.post(poll, {"seen": seen_of(rows)}).content.decode()
    assert "ward-updated" in quiet and "ward-row-" not in quiet
    assert AuditEvent.objects.count() == before  # nothing shown that was not shown: no audit event
    actions.do_open_session(actor=w.leader, person=second, category=Category.UNLOCK)
    changed = client.post(poll, {"seen": seen_of(rows)}).content.decode()
    assert f"ward-row-{second.public_id}" in changed and f"ward-row-{w.person.public_id}" not in changed
    assert 'hx-swap-oob="outerMorph"' in changed
    assert AuditEvent.objects.filter(data__poll=True).count() == 1


def test_the_poll_sends_the_whole_list_when_persons_come_or_go(client, w):
    client.force_login(w.officer)
    r = client.post(reverse("web:ward_rows", args=[w.unit.pk]), {"seen": []}).content.decode()
    assert 'id="ward-rows"' in r and f"ward-row-{w.person.public_id}" in r
