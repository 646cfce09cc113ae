"""Property: whatever records are registered, corrected and withdrawn, in any
order, the incrementally kept ledger equals a rebuild from the records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fellesskap.ledgerstore.rebuild import rebuild
from fellesskap.ledgerstore.tests.helpers import fix_clock, stored
from fellesskap.records import actions
from fellesskap.records.models import Category
from fellesskap.records.tests.helpers import LETTER, make_world

pytestmark = pytest.mark.django_db

# Offsets in minutes back from "now", on a 30-minute grid so that records
# touch, overlap and cross midnight often; ten days of custody.
back = st.integers(min_value=1, max_value=9 * 48).map(lambda n: n * 30)
length = st.integers(min_value=1, max_value=16).map(lambda n: n * 30)
category = st.sampled_from([(Category.CONTACT, "association", "prisoners"), (Category.CONTACT, "phone", "visitor"),
                            (Category.CONTACT, "staff_conversation", "officer"), (Category.OUTDOOR, "", ""),
                            (Category.UNLOCK, "", "")])
op = st.one_of(
    st.tuples(st.just("session"), category, back, length),
    st.tuples(st.just("open_session"), st.integers(1, 10).map(lambda n: n * 30)),
    st.tuples(st.just("exclusion"), st.sampled_from(["full", "partial"]), back, st.none() | length.map(lambda m: m * 8)),
    st.tuples(st.just("cell"), st.sampled_from(["security_cell", "security_bed"]), back, length),
    st.tuples(st.just("move"), st.integers(0, 50), back, length),
    st.tuples(st.just("withdraw"), st.integers(0, 50)),
    st.tuples(st.just("end"), st.integers(0, 50)),
)


def _apply(w, step, made: list) -> None:
    t = w.ago
    kind = step[0]
    if kind == "session":
        (cat, k, counterpart), b, n = step[1:]
        made.append(actions.do_register_session(actor=w.officer, person=w.person, category=cat, kind=k,
                                                counterpart=counterpart, start=t(minutes=b),
                                                end=t(minutes=b) + timedelta(minutes=min(n, b)),
                                                backdate_reason="late"))
    elif kind == "open_session":
        made.append(actions.do_open_session(actor=w.officer, person=w.person, category=Category.UNLOCK,
                                            start=t(minutes=step[1])))
    elif kind == "exclusion":
        scope, b, n = step[1:]
        end = None if n is None else t(minutes=b) + timedelta(minutes=min(n, b))
        draft = actions.do_create_exclusion(actor=w.leader, person=w.person, scope=scope, ground="order_and_security",
                                            partial_from="work" if scope == "partial" else "", start=t(minutes=b),
                                            end=end, letter=LETTER, backdate_reason="late")
        made.append(actions.do_put_in_force(actor=w.leader, exclusion=draft))
    elif kind == "cell":
        means, b, n = step[1:]
        made.append(actions.do_start_coercive_means(actor=w.officer, person=w.person, kind=means,
                                                    reason="danger_to_self", start=t(minutes=b),
                                                    end=t(minutes=b) + timedelta(minutes=min(n, b)),
                                                    backdate_reason="late"))
    elif made:
        record = made[step[1] % len(made)]
        if kind == "move":
            b, n = step[2:]
            changes = {"start": t(minutes=b), "end": t(minutes=b) + timedelta(minutes=min(n, b))}
            if type(record).__name__ == "Exclusion":
                actions.do_correct_exclusion(actor=w.leader, exclusion=record, changes=changes, reason="fix")
            else:
                actions.do_correct_record(actor=w.leader, record=record, changes=changes, reason="fix")
        elif kind == "withdraw":
            actions.do_withdraw_record(actor=w.leader, record=record, reason="error")
        elif type(record).__name__ == "TimeSession":
            actions.do_close_session(actor=w.officer, session=record, end=w.now)
        elif type(record).__name__ == "Exclusion":
            actions.do_end_exclusion(actor=w.leader, exclusion=record, at=w.now)


def _check(monkeypatch, capture, steps) -> None:
    with transaction.atomic():
        with capture() as admitted:
            w = make_world()
        fix_clock(monkeypatch, w.now)
        for callback in admitted:  # the admission's refresh (registry actions call the hook too)
            callback()
        made: list = []
        for step in steps:
            with capture(execute=True):
                try:
                    with transaction.atomic():
                        _apply(w, step, made)
                except (ValidationError, ObjectDoesNotExist):
                    pass  # refused (overlap, duplicate, already withdrawn, ...): nothing changed
        incremental = stored()
        rebuild(at=w.now)
        assert stored() == incremental
        transaction.set_rollback(True)


SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(max_examples=6, **SETTINGS)
@given(steps=st.lists(op, min_size=1, max_size=8))
def test_incremental_equals_rebuild(monkeypatch, django_capture_on_commit_callbacks, steps):
    _check(monkeypatch, django_capture_on_commit_callbacks, steps)


@pytest.mark.slow
@settings(max_examples=30, **SETTINGS)
@given(steps=st.lists(op, min_size=1, max_size=15))
def test_incremental_equals_rebuild_many(monkeypatch, django_capture_on_commit_callbacks, steps):
    _check(monkeypatch, django_capture_on_commit_callbacks, steps)
