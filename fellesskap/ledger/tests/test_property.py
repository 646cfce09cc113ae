"""The fast sweep and the slow sampling reference agree on random persons.

Periods are drawn around both 2026 DST changes (29 March, 25 October) as well
as ordinary days; records may be open, may start after ``evaluated_at``, and
overlap freely.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fellesskap.ledger import build_ledger, compute_days, compute_episodes, period_instants
from fellesskap.ledger.reference import reference_days, reference_episodes
from fellesskap.scenario.model import CoerciveMeans, Contact, Exclusion, Person, Scenario, Session, Stay

OSLO = ZoneInfo("Europe/Oslo")
PERIOD_STARTS = [date(2026, 3, 28), date(2026, 3, 29), date(2026, 10, 24), date(2026, 10, 25), date(2026, 5, 4)]
CONTACT_KINDS = ["association", "staff_conversation", "visit", "health", "phone", "video_visit"]
GROUNDS = ["order_and_security", "own_wish", "quarantine"]


@st.composite
def scenarios(draw, seconds: bool = False):
    start = draw(st.sampled_from(PERIOD_STARTS))
    days = draw(st.integers(1, 3))
    end = start + timedelta(days=days)
    origin = datetime.combine(start, time(0), tzinfo=OSLO).astimezone(UTC) - timedelta(hours=30)
    span_minutes = (days + 2) * 24 * 60
    # A coarse grid makes boundaries coincide (touching records, exactly 2 h of
    # contact, a renewal exactly 24 h later), which random minutes almost never do.
    unit = 1 if seconds else draw(st.sampled_from([60, 1800, 3600, 7200]))

    def instant(max_minutes=span_minutes):
        return origin + timedelta(seconds=draw(st.integers(0, max_minutes * 60 // unit)) * unit)

    def interval(max_len_minutes, open_ok=True):
        s = instant()
        if open_ok and draw(st.integers(0, 5)) == 0:
            return s, None
        return s, s + timedelta(seconds=draw(st.integers(0, max_len_minutes * 60 // unit)) * unit)

    # Stays may not overlap: alternate in and out at sorted cut points; most
    # persons are in custody from before the period (so whole days occur).
    cuts = sorted(draw(st.lists(st.integers(1, span_minutes // 60), max_size=3, unique=True)))
    if draw(st.integers(0, 3)):
        cuts = [0, *cuts]
    if len(cuts) % 2:
        cuts.append(None)
    stays = tuple(
        Stay("OSL", "remand", origin + timedelta(hours=a), None if b is None else origin + timedelta(hours=b))
        for a, b in zip(cuts[::2], cuts[1::2], strict=True))
    n = 0

    def next_id():
        nonlocal n
        n += 1
        return f"D{n}"

    exclusions = tuple(
        Exclusion(next_id(), draw(st.sampled_from(["full", "partial"])), draw(st.sampled_from(GROUNDS)),
                  *interval(2 * 24 * 60))
        for _ in range(draw(st.integers(0, 4))))
    coercive = tuple(
        CoerciveMeans(next_id(), draw(st.sampled_from(["security_cell", "security_bed", "handcuffs"])),
                      *interval(20 * 60))
        for _ in range(draw(st.integers(0, 4))))
    contacts = tuple(Contact(draw(st.sampled_from(CONTACT_KINDS)), *interval(5 * 60))
                     for _ in range(draw(st.integers(0, 6))))
    outdoor = tuple(Session(*interval(3 * 60)) for _ in range(draw(st.integers(0, 3))))
    unlock = tuple(Session(*interval(3 * 60)) for _ in range(draw(st.integers(0, 3))))
    period_end = datetime.combine(end, time(0), tzinfo=OSLO).astimezone(UTC)
    if draw(st.integers(0, 2)) == 1:
        # Inside (or just before) the period: open records and ongoing episodes.
        evaluated_at = period_end - timedelta(minutes=draw(st.integers(0, (days + 1) * 24 * 60)))
    else:
        evaluated_at = period_end
    person = Person(id="P1", stays=stays, exclusions=exclusions, coercive_means=coercive,
                    contacts=contacts, outdoor=outdoor, unlock=unlock)
    return Scenario(timezone="Europe/Oslo", census_time=time(12), period_start=start, period_end=end,
                    evaluated_at=evaluated_at, persons=(person,))


def _check(scenario: Scenario, step: int) -> None:
    person = scenario.persons[0]
    assert compute_days(person, scenario) == reference_days(person, scenario, step=step)
    gap = timedelta(hours=24)
    assert compute_episodes(person, scenario.evaluated_at, merge_gap=gap) == \
        reference_episodes(person, scenario.evaluated_at, gap, step=step)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_fast_ledger_agrees_with_reference(scenario):
    _check(scenario, 60)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_fast_ledger_agrees_with_reference_many(scenario):
    _check(scenario, 60)


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(seconds=True))
def test_fast_ledger_agrees_with_reference_on_seconds(scenario):
    _check(scenario, 1)


@st.composite
def populations(draw):
    """Several persons in one scenario (records of the others may lie far from its period)."""
    first = draw(scenarios())
    others = draw(st.lists(scenarios(), max_size=3))
    persons = [first.persons[0]] + [
        dataclasses.replace(s.persons[0], id=f"P{k + 2}") for k, s in enumerate(others)]
    return dataclasses.replace(first, persons=tuple(reversed(persons)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(populations())
def test_columnar_build_agrees_with_the_per_person_sweep(scenario):
    ledger = build_ledger(scenario)
    want_days, want_eps = [], []
    lo, hi = period_instants(scenario)
    for person in sorted(scenario.persons, key=lambda p: p.id):
        want_days += compute_days(person, scenario)
        want_eps += [e for e in compute_episodes(person, scenario.evaluated_at)
                     if e.start < hi and (e.end or scenario.evaluated_at) > lo]
    assert ledger.days == want_days
    assert ledger.episodes == want_eps
