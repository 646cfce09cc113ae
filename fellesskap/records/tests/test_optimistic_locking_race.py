"""Real races on PostgreSQL: two officers, in two threads with their own
database connections, save the same decision or session from the same version
at the same moment. Exactly one save wins, the other is refused as stale, and
the stored record and its history hold the winner's change and nothing else —
no lost update. (SQLite serialises writers, so these run on PostgreSQL only:
``DATABASE_URL=postgres://... pytest``.)"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import translation

from fellesskap.records import actions
from fellesskap.records.models import Category, Exclusion, TimeSession
from fellesskap.records.tests.helpers import exclusion_in_force, make_world
from fellesskap.registry import roles as R
from fellesskap.registry.models import RecordVersion
from fellesskap.registry.tests import helpers as h
from fellesskap.registry.versioning import StaleVersion, correct_versioned

ROUNDS = 10


@pytest.fixture
def pg_world(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("races are run on PostgreSQL; SQLite serialises writers by design")
    return make_world()


def _race(*calls) -> list:
    """Runs the calls at the same instant, one thread and connection each;
    returns "saved" or the refusal of each, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(i, call):
        translation.activate("en")
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[i] = "saved"
        except StaleVersion as refused:
            outcomes[i] = refused
        except Exception as other:  # noqa: BLE001 - reported by the assertion
            outcomes[i] = other
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_leaders_correcting_one_decision_at_once_lose_nothing(pg_world):
    w = pg_world
    other = h.user_with_role(R.UNIT_LEADER, w.prison)
    exclusion = exclusion_in_force(w, start=w.ago(hours=5))
    for n in range(ROUNDS):
        seen = Exclusion.objects.get(pk=exclusion.pk).version
        texts = [f"round {n}: first leader", f"round {n}: second leader"]
        outcomes = _race(*[
            (lambda actor=actor, text=text, seen=seen: actions.do_correct_exclusion(
                actor=actor, exclusion=exclusion, changes={"facts": text}, reason="race", expected_version=seen))
            for actor, text in zip((w.leader, other), texts, strict=True)])
        assert outcomes.count("saved") == 1, outcomes
        refused = next(o for o in outcomes if o != "saved")
        assert isinstance(refused, StaleVersion) and refused.current == seen + 1
        stored = Exclusion.objects.get(pk=exclusion.pk)
        winner = texts[outcomes.index("saved")]
        assert stored.version == seen + 1 and stored.facts == winner
        last = RecordVersion.objects.get(record_id=exclusion.public_id, version=seen + 1)
        assert last.snapshot["facts"] == winner
    assert RecordVersion.objects.filter(record_id=exclusion.public_id).count() == stored.version


def test_two_officers_closing_one_session_at_once_close_it_once(pg_world):
    w = pg_world
    other = h.user_with_role(R.OFFICER, w.prison)
    for n in range(ROUNDS):
        session = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                              start=w.ago(hours=9, minutes=-n * 30))
        ends = [w.ago(hours=9, minutes=-n * 30 - 10), w.ago(hours=9, minutes=-n * 30 - 20)]
        outcomes = _race(*[
            (lambda actor=actor, end=end, session=session: actions.do_close_session(
                actor=actor, session=session, end=end, expected_version=session.version))
            for actor, end in zip((w.officer, other), ends, strict=True)])
        assert outcomes.count("saved") == 1, outcomes
        stored = TimeSession.objects.get(pk=session.pk)
        assert stored.end == ends[outcomes.index("saved")] and stored.version == 2
        assert RecordVersion.objects.filter(record_id=session.public_id).count() == 2


def test_the_compare_and_set_alone_prevents_the_lost_update(pg_world):
    """Without the person lock the commands take: two copies read at one version
    and saved at once — the database lets only one UPDATE ... WHERE version = n through."""
    w = pg_world
    exclusion = exclusion_in_force(w, start=w.ago(hours=5))
    for n in range(ROUNDS):
        copies = [Exclusion.objects.get(pk=exclusion.pk) for _ in range(2)]

        def save(copy, text):
            with transaction.atomic():
                correct_versioned(copy, {"facts": text}, actor=w.leader, reason="race")

        outcomes = _race(*[(lambda c=c, t=f"{n}-{i}": save(c, t)) for i, c in enumerate(copies)])
        assert outcomes.count("saved") == 1, outcomes
        assert isinstance(next(o for o in outcomes if o != "saved"), StaleVersion)
        stored = Exclusion.objects.get(pk=exclusion.pk)
        assert stored.facts == f"{n}-{outcomes.index('saved')}"
    assert RecordVersion.objects.filter(record_id=exclusion.public_id).count() == stored.version
