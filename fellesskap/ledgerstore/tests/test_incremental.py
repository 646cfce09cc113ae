"""The stored ledger kept current by the records actions (issue #5 item 3)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from fellesskap.ledger import compute_days, compute_episodes
from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.ledgerstore.rebuild import rebuild
from fellesskap.ledgerstore.refresh import TZ, history_start, local_date, person_scenario
from fellesskap.ledgerstore.tests.helpers import fix_clock, stored
from fellesskap.records import actions, bridge
from fellesskap.records.models import Category
from fellesskap.records.tests.helpers import exclusion_in_force, make_world
from fellesskap.registry import actions as registry_actions
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch):
    w = make_world()
    fix_clock(monkeypatch, w.now)
    return w


def register(w, person=None, *, start, end, category=Category.OUTDOOR, kind=""):
    return actions.do_register_session(actor=w.officer, person=person or w.person, category=category, kind=kind,
                                       start=start, end=end, backdate_reason="entered late",
                                       counterpart=("prisoners" if kind == "association" else "officer") if category == Category.CONTACT else "")


def test_a_registration_stores_the_ledger_after_commit(world, django_capture_on_commit_callbacks):
    w = world
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(w, start=w.ago(days=3), end=w.ago(days=3) + timedelta(hours=1))
        assert not LedgerDay.objects.exists(), "nothing is written before the transaction commits"
    assert callbacks
    for callback in callbacks:
        callback()
    record = bridge.scenario_person(w.person, until=None)
    expected = compute_days(record, person_scenario(record, history_start(record), local_date(w.now) + timedelta(1),
                                                    w.now))
    rows = list(LedgerDay.objects.filter(person=w.person).order_by("date"))
    assert [r.date for r in rows] == [d.date for d in expected]
    assert [r.outdoor_minutes for r in rows] == [d.outdoor_minutes for d in expected]
    # The hour outside falls on one day (or two, around midnight): 60 minutes in all.
    assert sum(r.outdoor_minutes for r in rows) == 60
    # Ten days of custody: 10 or 11 local dates, every one stored.
    assert len(rows) in (10, 11)


def test_streak_is_carried_in_and_onward_days_follow(world, django_capture_on_commit_callbacks):
    """No contact at all: every whole day in custody is isolated and the streak
    grows by one a day. Three hours of contact on one day end the run there;
    the next day starts a new one at 1."""
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        register(w, start=w.ago(days=9), end=w.ago(days=9) + timedelta(minutes=10))
    rows = list(LedgerDay.objects.filter(person=w.person).order_by("date"))
    whole = [r for r in rows if r.custody_minutes >= 1320]
    assert all(r.isolated for r in whole)
    streaks = [r.isolated_streak for r in rows if r.isolated]
    assert streaks == list(range(1, len(streaks) + 1))
    target = rows[5]
    assert target.isolated and target.isolated_streak >= 5
    day_start = datetime.combine(target.date, time(10), TZ)
    with django_capture_on_commit_callbacks(execute=True):
        register(w, start=day_start, end=day_start + timedelta(hours=3), category=Category.CONTACT,
                 kind="staff_conversation")
    after = {r.date: r for r in LedgerDay.objects.filter(person=w.person)}
    assert after[target.date].contact_minutes == 180
    assert not after[target.date].isolated and after[target.date].isolated_streak == 0
    next_day = target.date + timedelta(days=1)
    assert after[next_day].isolated_streak == 1
    assert after[next_day + timedelta(days=1)].isolated_streak == 2
    # Days before the change keep their streak.
    before = target.date - timedelta(days=1)
    assert after[before].isolated_streak == {r.date: r for r in rows}[before].isolated_streak


def test_only_the_changed_person_and_days_are_rewritten(world, django_capture_on_commit_callbacks):
    w = world
    other = h.make_person(w.prison)
    h.make_stay(other, w.prison, w.ago(days=10), unit=w.unit)
    with django_capture_on_commit_callbacks(execute=True):
        register(w, start=w.ago(days=8), end=w.ago(days=8) + timedelta(hours=1))
        register(w, other, start=w.ago(days=8), end=w.ago(days=8) + timedelta(hours=1))
    ids_before = {(r.person_id, r.date): r.pk for r in LedgerDay.objects.all()}
    with django_capture_on_commit_callbacks(execute=True):
        register(w, start=w.ago(days=2), end=w.ago(days=2) + timedelta(hours=1))
    ids_after = {(r.person_id, r.date): r.pk for r in LedgerDay.objects.all()}
    changed = {key for key in ids_after if ids_before.get(key) != ids_after[key]}
    assert changed, "the registration rewrote some rows"
    assert {person for person, _ in changed} == {w.person.pk}
    first_changed = min(day for _, day in changed)
    assert first_changed == local_date(w.ago(days=2))


def test_incremental_equals_rebuild_after_edits_and_corrections(world, django_capture_on_commit_callbacks):
    w = world
    t = w.ago
    with django_capture_on_commit_callbacks(execute=True):
        s = register(w, start=t(days=6), end=t(days=6) + timedelta(hours=4), category=Category.CONTACT,
                     kind="association")
        e = exclusion_in_force(w, start=t(days=7), end=t(days=4))
        cell = actions.do_start_coercive_means(actor=w.officer, person=w.person, kind="security_cell",
                                               reason="danger_to_self", start=t(days=3),
                                               end=t(days=3) + timedelta(hours=5), backdate_reason="late")
        open_unlock = actions.do_open_session(actor=w.officer, person=w.person, category=Category.UNLOCK,
                                              start=t(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        # A correction moving the session two days later: the old days must be recomputed too.
        actions.do_correct_record(actor=w.officer, record=s, changes={"start": t(days=4), "end": t(days=4) +
                                  timedelta(hours=4)}, reason="wrong day")
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_correct_exclusion(actor=w.leader, exclusion=e, changes={"start": t(days=8)}, reason="typo")
        actions.do_withdraw_record(actor=w.leader, record=cell, reason="registered in error")
    incremental = stored()
    assert sum(r[3] for r in incremental[0]) == 240, "the moved association is stored, once"
    assert open_unlock.end is None
    rebuild(at=w.now)
    assert stored() == incremental
    record = bridge.scenario_person(w.person, until=None)
    assert [(x[1], x[2]) for x in incremental[1]] == [
        (ep.kind, ep.decisions) for ep in sorted(compute_episodes(record, w.now), key=lambda ep: ep.kind)]


def test_lock_in_refreshes_the_persons_in_the_unit(world, django_capture_on_commit_callbacks):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_start_unit_lock_in(actor=w.leader, unit=w.unit, start=w.ago(days=2), end=w.ago(days=1),
                                      reason="staffing", backdate_reason="late")
    states = [r.states for r in LedgerDay.objects.filter(person=w.person)]
    assert sum(s.get("full_exclusion", 0) for s in states) == 24 * 60
    assert LedgerEpisode.objects.filter(person=w.person, kind="full_exclusion").count() == 1


def test_admission_and_release_refresh_the_person(world, django_capture_on_commit_callbacks):
    """Custody comes from the registry: its actions call the hook too."""
    w = world
    person = h.make_person(w.prison)
    with django_capture_on_commit_callbacks(execute=True):
        stay = h.make_stay(person, w.prison, w.ago(days=5), unit=w.unit)
    assert LedgerDay.objects.filter(person=person).count() in (5, 6)
    with django_capture_on_commit_callbacks(execute=True):
        registry_actions.do_release(actor=h.registrar(w.prison), stay=stay, at=w.ago(days=2), release_reason="released")
    rows = list(LedgerDay.objects.filter(person=person).order_by("date"))
    assert rows[-1].date == local_date(w.ago(days=2))
    # Custody is elapsed time: exactly 72 hours, whatever the clocks did.
    assert sum(r.custody_minutes for r in rows) == 3 * 24 * 60


def test_a_registration_keeps_old_episodes_and_reads_only_the_window(world, django_capture_on_commit_callbacks):
    """An episode that ended more than the merge gap before the window is kept as
    stored (same row); the refresh reads no review, supervision, week plan or
    incident, and the result still equals a rebuild."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = world
    with django_capture_on_commit_callbacks(execute=True):
        exclusion_in_force(w, start=w.ago(days=9), end=w.ago(days=7))
        exclusion_in_force(w, start=w.ago(days=2), end=w.ago(days=1), scope="partial", partial_from="work")
    old = {r.kind: r.pk for r in LedgerEpisode.objects.all()}
    assert set(old) == {"full_exclusion", "partial_exclusion"}
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        register(w, start=w.ago(hours=3), end=w.ago(hours=2))
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("records_review", "records_supervision", "records_weekplan", "records_incident"):
        assert table not in tables
    now = {r.kind: r.pk for r in LedgerEpisode.objects.all()}
    assert now["full_exclusion"] == old["full_exclusion"], "the old episode was kept, not rewritten"
    assert now["partial_exclusion"] != old["partial_exclusion"], "the recent one was recomputed"
    incremental = stored()
    rebuild(at=w.now)
    assert stored() == incremental
