"""Stage 2: isolation records meet the published figures and fit the persons' custody.

Targets (docs/demo-data.md): ~560 full exclusions started a month, median ~14 h,
mean ~74 h, ~13 exclusions over 42 days in force a month; order and security ~37 %
of cases, building/staffing > 20 % of cases but ~2 % of hours, own wish ~8 % of
cases but > 30 % of hours; Meld. St. 31 Table 7.1 for coercive means and incidents.
"""

import json
import statistics
from collections import Counter
from datetime import date, time, timedelta

import pytest

from fellesskap.demo.export import scenario_to_dict, to_scenario
from fellesskap.demo.generate import generate_registry, local_instant
from fellesskap.demo.isolation import add_isolation_records, chain_id
from fellesskap.ledger.build import build_ledger
from fellesskap.scenario.parse import parse_scenario

YEAR_END = local_instant(date(2026, 1, 1), time(0))


def _full_episodes(records):
    out = []
    for rec in records.values():
        chains = {}
        for e in rec.exclusions:
            if e.scope == "full":
                chains.setdefault(chain_id(e.id), []).append(e)
        for decisions in chains.values():
            start = min(d.start for d in decisions)
            end = max(d.end or YEAR_END for d in decisions)
            out.append((decisions[0].ground, start, end, (end - start).total_seconds() / 3600))
    return out


def test_exclusions_started_and_durations(year_events):
    episodes = _full_episodes(year_events)
    assert 560 * 12 * 0.9 <= len(episodes) <= 560 * 12 * 1.1
    hours = [h for *_, h in episodes]
    assert 10 <= statistics.median(hours) <= 18
    assert 74 * 0.8 <= statistics.mean(hours) <= 74 * 1.2
    long_episodes = sum(h > 42 * 24 for h in hours)
    assert 0.005 <= long_episodes / len(hours) <= 0.02  # "about 1 % of exclusions"
    long_hours = sum(h for h in hours if h > 42 * 24) / sum(hours)
    # Seed 003 says "about 40 % of exclusion hours"; the demo reaches about a quarter, because a
    # longer tail would push the mean past ~74 h (the figures come from different years).
    assert 0.2 <= long_hours <= 0.55


def test_long_exclusions_in_force_a_month(year_events):
    episodes = _full_episodes(year_events)
    counts = []
    for month in range(1, 13):
        m0 = local_instant(date(2025, month, 1), time(0))
        m1 = local_instant(date(2025 + month // 12, month % 12 + 1, 1), time(0))
        counts.append(sum(1 for _, s, e, h in episodes if h > 42 * 24 and s + timedelta(days=42) < m1 and e > m0))
    assert 8 <= statistics.mean(counts) <= 18  # 13 a month in 2020 (seed 003)


def test_ground_mix(year_events):
    episodes = _full_episodes(year_events)
    cases = Counter(g for g, *_ in episodes)
    hours = Counter()
    for g, _, _, h in episodes:
        hours[g] += h
    n, total = len(episodes), sum(hours.values())
    assert 0.32 <= cases["order_and_security"] / n <= 0.42
    assert cases["building_or_staffing"] / n > 0.20 and hours["building_or_staffing"] / total < 0.04
    assert 0.06 <= cases["own_wish"] / n <= 0.10 and hours["own_wish"] / total > 0.28


def test_coercive_means_and_incidents_in_the_range_of_table_7_1(year_events):
    means = Counter(m.kind for rec in year_events.values() for m in rec.coercive_means)
    assert 300 <= means["security_cell"] <= 400
    assert 15 <= means["security_bed"] <= 40
    incidents = Counter(i.kind for rec in year_events.values() for i in rec.incidents)
    assert 48 <= incidents["self_harm"] <= 266  # Table 7.1, 2018-2024
    assert 44 <= incidents["suicide_attempt"] <= 125
    assert 2 <= incidents["suicide"] <= 11


def test_records_lie_inside_custody_and_do_not_overlap(year_registry, year_events):
    for person in year_registry.persons:
        rec = year_events[person.id]
        spans = []
        for s in person.stays:
            end = s.end or YEAR_END
            if spans and spans[-1][1] == s.start:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((s.start, end))
        for r in rec.exclusions + rec.coercive_means:
            assert any(a <= r.start and (r.end or YEAR_END) <= b for a, b in spans), (person.id, r.id)
        for scope in ("full", "partial"):
            decisions = sorted((e for e in rec.exclusions if e.scope == scope), key=lambda e: e.start)
            for x, y in zip(decisions, decisions[1:], strict=False):
                assert x.end is not None and x.end <= y.start, (person.id, x.id, y.id)


def test_renewals_share_the_exclusion_id(year_events):
    chains = [e for rec in year_events.values() for e in rec.exclusions if "-" in e.id]
    assert chains  # long exclusions are renewed decisions
    for rec in year_events.values():
        by_chain = {}
        for e in rec.exclusions:
            by_chain.setdefault(chain_id(e.id), []).append(e)
        for decisions in by_chain.values():
            decisions.sort(key=lambda e: e.start)
            for x, y in zip(decisions, decisions[1:], strict=False):
                assert x.end == y.start and x.ground == y.ground  # back to back: one episode


@pytest.fixture(scope="module")
def small():
    return generate_registry(2, year=2025, scale=0.05)


def test_a_day_is_the_same_whatever_window_it_is_in(small):
    alone = add_isolation_records(small, start=date(2025, 3, 4), end=date(2025, 3, 5))
    week = add_isolation_records(small, start=date(2025, 3, 1), end=date(2025, 3, 8))
    lo, hi = local_instant(date(2025, 3, 4), time(0)), local_instant(date(2025, 3, 5), time(0))
    sessions = 0
    for pid, rec in alone.items():
        for key in ("unlock", "outdoor", "contacts"):
            in_week = [s for s in getattr(week[pid], key) if lo <= s.start < hi]
            # (An exclusion running into the day brings its first-day health visit along; compare the day.)
            assert [s for s in getattr(rec, key) if lo <= s.start < hi] == in_week
            sessions += len(in_week)
    assert sessions > 500  # ~150 persons x ~6 sessions


def test_same_seed_same_records(small):
    a = add_isolation_records(small, start=date(2025, 6, 2), end=date(2025, 6, 3))
    b = add_isolation_records(small, start=date(2025, 6, 2), end=date(2025, 6, 3))
    assert a == b


def test_the_ledger_reads_a_demo_week(small):
    """The demo in the scenario format goes through the parser and the real ledger:
    excluded persons are mostly isolated days, the others mostly 4 h or more out of cell."""
    start, end = date(2025, 3, 10), date(2025, 3, 15)  # Monday to Friday
    records = add_isolation_records(small, start=start, end=end)
    scenario = parse_scenario(json.loads(json.dumps(scenario_to_dict(
        to_scenario(small, start, end, records=records)))))
    ledger = build_ledger(scenario)
    days = [d for d in ledger.days if d.custody_minutes == 1440]
    assert len(days) > 400
    excluded = [d for d in days if d.states.get("full_exclusion", 0) >= 1200]
    others = [d for d in days if not d.states]
    assert excluded and others
    assert sum(d.out_of_cell_minutes < 120 for d in excluded) / len(excluded) >= 0.8
    assert sum(d.out_of_cell_minutes >= 240 for d in others) / len(others) >= 0.9
    unregistered = sum(d.cause == "unregistered" for d in days)
    assert unregistered / len(days) < 0.05  # de facto isolation happens, but rarely
