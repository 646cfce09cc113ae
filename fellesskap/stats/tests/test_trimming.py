"""The shortcuts of compute.py (dropping sessions a table cannot see, computing one census day
on its own) give exactly the tables built from the whole ledger of the whole period."""

from __future__ import annotations

from datetime import date

import pytest

from fellesskap.stats import tables
from fellesskap.stats.bench import synthetic_scenario
from fellesskap.stats.compute import compute_table, month_period

ledger = pytest.importorskip("fellesskap.ledger")


@pytest.fixture(scope="module")
def whole():
    s = synthetic_scenario(persons=80, days=60, seed=7)
    episodes = [e for p in s.persons for e in ledger.compute_episodes(p, s.evaluated_at)]
    days = [d for p in s.persons for d in ledger.compute_days(p, s)]
    return s, episodes, days


def test_the_synthetic_scenario_has_something_to_count(whole):
    s, episodes, days = whole
    assert sum(r.count for r in tables.started(s, episodes, *month_period(2026, 1))) > 10
    assert sum(r.count for r in tables.over22(s, episodes, date(2026, 1, 1), date(2026, 3, 2))) > 5
    assert tables.long(s, episodes, *month_period(2026, 2))
    assert any(d.isolated for d in days)


@pytest.mark.parametrize("month", [(2026, 1), (2026, 2), (2026, 3)])
def test_episode_tables_agree(whole, month):
    s, episodes, _ = whole
    assert compute_table(s, "started", month=month) == tables.started(s, episodes, *month_period(*month))
    assert compute_table(s, "long", month=month) == tables.long(s, episodes, *month_period(*month))
    assert compute_table(s, "over22", start=month_period(*month)[0], end=month_period(*month)[1]) == \
        tables.over22(s, episodes, *month_period(*month))


@pytest.mark.parametrize("on", [date(2026, 1, 1), date(2026, 1, 20), date(2026, 2, 14), date(2026, 3, 1)])
def test_day_tables_agree(whole, on):
    s, _, days = whole
    assert compute_table(s, "day", on=on) == tables.day(s, days, on)
    assert compute_table(s, "association", on=on) == tables.association(s, days, on)
    assert compute_table(s, "isolated", on=on) == tables.isolated(s, days, on)
