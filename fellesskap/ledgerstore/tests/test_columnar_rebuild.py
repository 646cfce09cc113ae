"""Property: the columnar rebuild (sessions read as columns by the database,
:mod:`fellesskap.ledgerstore.load`) stores exactly the rows of the old path
(every record through the records bridge, a model instance per row, then
``build_ledger``), on random records of several persons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fellesskap.ledger import build_ledger
from fellesskap.ledgerstore.load import decision_persons, session_frame
from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.ledgerstore.rebuild import rebuild
from fellesskap.ledgerstore.refresh import history_start, local_date
from fellesskap.ledgerstore.rows import comparable_days, comparable_episodes, day_row, episode_row
from fellesskap.ledgerstore.tests.helpers import stored
from fellesskap.records import bridge
from fellesskap.records.models import Category, CoerciveMeans, Exclusion, TimeSession, UnitLockIn
from fellesskap.registry.tests import helpers as h
from fellesskap.scenario import model as m

pytestmark = pytest.mark.django_db

SESSION = st.sampled_from([(Category.CONTACT, "association"), (Category.CONTACT, "phone"),
                           (Category.CONTACT, "staff_conversation"), (Category.CONTACT, "visit"),
                           (Category.OUTDOOR, ""), (Category.UNLOCK, "")])
# Minutes back from "now", on a 7-minute grid so that instants fall off the hour; twelve days.
BACK = st.integers(1, 12 * 24 * 60 // 7).map(lambda n: n * 7)
LENGTH = st.integers(1, 200).map(lambda n: n * 7)
session = st.tuples(st.integers(0, 2), SESSION, BACK, st.none() | LENGTH, st.booleans())
decision = st.tuples(st.integers(0, 2), st.sampled_from(["full", "partial", "draft", "security_cell",
                                                          "security_bed"]), BACK, st.none() | LENGTH.map(lambda n: n * 6))


def _old_path(persons, at):
    """The stored rows the bridge path computes, as comparable tuples."""
    records = bridge.scenario_persons(persons, until=None)
    pk_of = {str(p.public_id): p.pk for p in persons}
    starts = [d for d in (history_start(r) for r in records) if d is not None]
    scenario = m.Scenario(timezone=bridge.TIMEZONE, census_time=bridge.CENSUS_TIME, period_start=min(starts),
                          period_end=local_date(at) + timedelta(days=1), evaluated_at=at, persons=tuple(records))
    ledger = build_ledger(scenario)
    days = sorted(comparable_days(day_row(pk_of[d.person], d, at) for d in ledger.days), key=lambda r: r[:2])
    return days, comparable_episodes(episode_row(pk_of[e.person], e, at) for e in ledger.episodes)


def _world(sessions, decisions, lock_in):
    from fellesskap.records.tests.helpers import make_world

    w = make_world()
    other = h.make_person(w.prison)
    h.make_stay(other, w.prison, w.ago(days=5), w.ago(days=1), unit=w.unit)
    third = h.make_person(w.prison)
    h.make_stay(third, w.prison, w.ago(days=12, minutes=13), unit=h.make_unit(w.prison, "B"))
    people = [w.person, other, third]
    for i, (who, (category, kind), back, length, withdrawn) in enumerate(sessions):
        start = w.ago(minutes=back) + timedelta(seconds=i)  # distinct starts, some off the minute
        TimeSession.objects.create(person=people[who], prison=w.prison, category=category, kind=kind,
                                   start=start, end=None if length is None else start + timedelta(minutes=length),
                                   created_at=w.now, created_by=w.officer,
                                   withdrawn_at=w.now if withdrawn else None)
    for who, kind, back, length in decisions:
        start, end = w.ago(minutes=back), None if length is None else w.ago(minutes=back) + timedelta(minutes=length)
        if kind in ("security_cell", "security_bed"):
            CoerciveMeans.objects.create(person=people[who], prison=w.prison, kind=kind, reason="danger_to_self",
                                         start=start, end=end, decided_by=w.leader, created_at=w.now,
                                         created_by=w.leader)
        else:
            Exclusion.objects.create(person=people[who], prison=w.prison, scope="partial" if kind == "partial"
                                     else "full", ground="order_and_security", start=start, end=end,
                                     state="draft" if kind == "draft" else "in_force",
                                     created_at=w.now, created_by=w.leader)
    if lock_in is not None:
        UnitLockIn.objects.create(unit=w.unit, prison=w.prison, start=w.ago(minutes=lock_in[0]),
                                  end=w.ago(minutes=lock_in[0]) + timedelta(minutes=lock_in[1]), reason="staffing",
                                  created_at=w.now, created_by=w.leader)
    return w, people


@settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                               HealthCheck.too_slow])
@given(sessions=st.lists(session, max_size=30), decisions=st.lists(decision, max_size=5),
       lock_in=st.none() | st.tuples(BACK, LENGTH))
def test_columnar_rebuild_equals_bridge_path(sessions, decisions, lock_in):
    with transaction.atomic():
        w, people = _world(sessions, decisions, lock_in)
        at = w.now + timedelta(seconds=30)  # mid-minute: open sessions end off the minute
        rebuild(at=at)
        assert stored() == _old_path(people, at)
        transaction.set_rollback(True)


def test_session_columns_match_the_bridge(monkeypatch):
    """The frame read by the database equals the one converted from the bridge's records,
    withdrawn, open and future sessions included."""
    from fellesskap.ledger.build import session_frame as from_records
    from fellesskap.ledger.intervals import to_seconds

    w, people = _world([(0, (Category.CONTACT, "association"), 70, 30, False), (0, (Category.UNLOCK, ""), 7, None, False),
                        (1, (Category.OUTDOOR, ""), 3000, 60, True), (2, (Category.CONTACT, "phone"), 14, 7, False)],
                       [], None)
    at = w.now - timedelta(minutes=10)  # the phone call starts after it: left out
    pks = [p.pk for p in people]
    ours = session_frame(pks, at)
    theirs = from_records([bridge.scenario_person(p, until=None) for p in people], to_seconds(at))
    cols = ("person", "category", "start", "end")
    rows = sorted(zip(*(getattr(ours, c).tolist() for c in cols), strict=True))
    assert rows == sorted(zip(*(getattr(theirs, c).tolist() for c in cols), strict=True))
    assert len(rows) == 2, "the withdrawn outdoor time and the phone call after ``at`` are left out"
    records = decision_persons([(p.pk, p.public_id) for p in people])
    assert [r.stays for r in records] == [bridge.scenario_person(p, until=None).stays for p in people]
    assert not LedgerDay.objects.exists() and not LedgerEpisode.objects.exists()
