"""Property tests: the interval arithmetic of `long` and `grounds` agrees with a slow, obviously
correct count over hour cells on random input (all instants on whole hours, so each cell
[h, h + 1) lies wholly inside or wholly outside every interval)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from fellesskap.scenario.model import Exclusion, Person, Stay
from fellesskap.stats import tables as tb
from fellesskap.stats.placement import local_midnight
from fellesskap.stats.tests.builders import episode, scenario

ORIGIN = datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
GROUNDS = ("own_wish", "quarantine", "order_and_security")
MONTHS = ((date(2026, 2, 1), date(2026, 3, 1)), (date(2026, 3, 1), date(2026, 4, 1)),
          (date(2026, 4, 1), date(2026, 5, 1)))

# Month boundaries in hours from ORIGIN (local midnight is 23:00 or 22:00 UTC the day before).
_BOUNDS = [int((local_midnight(d, "Europe/Oslo") - ORIGIN) / HOUR) for d in
           (date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1))]
_LONG = 42 * 24
# Random hours, biased towards the edges: 42-day marks on a month boundary, episodes of 42 days ± 1 h.
hour = st.one_of(st.integers(min_value=0, max_value=24 * 140),
                 st.sampled_from([b - _LONG + k for b in _BOUNDS for k in (-1, 0, 1)]))
span = st.one_of(st.integers(min_value=0, max_value=24 * 80), st.sampled_from([_LONG - 1, _LONG, _LONG + 1]))
maybe_open = st.one_of(st.none(), span)


def _at(h: int) -> datetime:
    return ORIGIN + h * HOUR


def _eval_hour(s) -> int:
    return int((s.evaluated_at - ORIGIN) / HOUR)


def _hours(instant: datetime) -> int:
    return int((instant - ORIGIN) / HOUR)


@settings(max_examples=80, deadline=None)
@given(episodes=st.lists(st.tuples(hour, maybe_open), max_size=6), eval_h=st.integers(24 * 30, 24 * 125),
       month=st.sampled_from(MONTHS))
def test_long_agrees_with_an_hour_by_hour_search(episodes, eval_h, month):
    s = scenario([Person(id="A", stays=(Stay("OSL", "sentenced", ORIGIN - 400 * 24 * HOUR, None),))],
                 evaluated_at=_at(eval_h).isoformat())
    eps = [episode("A", _at(h0).isoformat(), None if d is None else _at(h0 + d).isoformat()) for h0, d in episodes]
    lo, hi = (_hours(local_midnight(x, s.timezone)) for x in month)
    expected = 0
    for h0, d in episodes:
        if h0 >= eval_h:
            continue
        end = eval_h if d is None or h0 + d > eval_h else h0 + d
        # some hour [h, h + 1) of the month inside the episode holds an instant at which it had
        # lasted more than 42 days: the instants just before h + 1 had lasted h + 1 - h0 hours
        if any(h + 1 - h0 > _LONG for h in range(max(lo, h0), min(hi, end))):
            expected += 1
    rows = tb.long(s, eps, *month)
    assert sum(r.count for r in rows) == expected


decision = st.tuples(hour, maybe_open, st.sampled_from(GROUNDS), st.sampled_from(("full", "partial")))


@settings(max_examples=80, deadline=None)
@given(people=st.lists(st.lists(decision, max_size=5), min_size=1, max_size=3),
       eval_h=st.integers(24 * 30, 24 * 125), month=st.sampled_from(MONTHS))
def test_grounds_agrees_with_an_hour_by_hour_count(people, eval_h, month):
    persons = []
    for p, decisions in enumerate(people):
        exclusions = tuple(
            Exclusion(f"E{i}", scope, ground, _at(h0), None if d is None else _at(h0 + d))
            for i, (h0, d, ground, scope) in enumerate(decisions))
        persons.append(Person(id=f"P{p}", stays=(Stay("OSL", "sentenced", ORIGIN, None),), exclusions=exclusions))
    s = scenario(persons, evaluated_at=_at(eval_h).isoformat())
    lo, hi = (_hours(local_midnight(x, s.timezone)) for x in month)

    cases: dict[str, int] = {}
    covered: dict[str, int] = {}
    for decisions in people:
        slots: dict[str, set[int]] = {}
        for h0, d, ground, _ in decisions:
            if h0 >= eval_h:
                continue
            if lo <= h0 < hi:
                cases[ground] = cases.get(ground, 0) + 1
            end = eval_h if d is None else min(h0 + d, eval_h)
            slots.setdefault(ground, set()).update(h for h in range(h0, end) if lo <= h < hi)
        for ground, hours_set in slots.items():
            covered[ground] = covered.get(ground, 0) + len(hours_set)

    rows = {r.ground: r for r in tb.grounds(s, *month)}
    expected = {g for g in set(cases) | set(covered) if cases.get(g, 0) or covered.get(g, 0)}
    assert set(rows) == expected
    total_cases, total_hours = sum(cases.values()), sum(covered.values())
    for g, row in rows.items():
        assert row.cases == cases.get(g, 0)
        assert row.hours == covered.get(g, 0)
        assert abs(row.cases_share - (cases.get(g, 0) / total_cases if total_cases else 0)) <= 0.0005 + 1e-12
        assert abs(row.hours_share - (covered.get(g, 0) / total_hours if total_hours else 0)) <= 0.0005 + 1e-12
