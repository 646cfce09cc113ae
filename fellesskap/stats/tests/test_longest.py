"""Annual: the longest full-exclusion episodes, ranked, with no personal data (statistics.md)."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from fellesskap.scenario.model import Prison
from fellesskap.stats import tables
from fellesskap.stats.compute import compute_table
from fellesskap.stats.jsonstat import table_to_jsonstat
from fellesskap.stats.tally import round_half_away
from fellesskap.stats.tests.builders import d, excl, person, scenario, stay, t
from fellesskap.stats.tests.jsonstat_check import problems

YEAR = (d("2025-01-01"), d("2026-01-01"))
PRISONS = (Prison("OSL", "east", "high"), Prison("BRG", "west", "lower"))
HELD = "2024-01-01T08:00:00+01:00"
EVALUATED = "2026-02-01T00:00:00+01:00"


def _days(start: str, end: str) -> float:
    micros = (t(end) - t(start)) // timedelta(microseconds=1)
    return round_half_away(Decimal(micros) / Decimal(86_400_000_000), 1)


def _hours(start: str, end: str) -> float:
    micros = (t(end) - t(start)) // timedelta(microseconds=1)
    return round_half_away(Decimal(micros) / Decimal(3_600_000_000), 1)


def _world(n_short: int = 0):
    # Began in 2024 and renewed with another ground: counted whole, ground of the latest decision.
    renewed = person("P1", [stay("OSL", HELD, status="preventive_detention")], [
        excl("A1", "2024-10-01T10:00:00+02:00", "2025-02-01T10:00:00+01:00", ground="order_and_security"),
        excl("A2", "2025-02-01T10:00:00+01:00", "2025-05-01T10:00:00+02:00", ground="danger_to_self_or_others")])
    # Runs past the year: counted only up to the year's end.
    running = person("P2", [stay("BRG", HELD, status="remand")], [
        excl("B1", "2025-09-01T10:00:00+02:00", None, ground="negative_influence")])
    partial = person("P3", [stay("OSL", HELD)], [  # partial exclusions are not ranked
        excl("C1", "2025-01-05T10:00:00+01:00", "2025-12-01T10:00:00+01:00", scope="partial")])
    ended_before = person("P4", [stay("OSL", HELD)], [
        excl("D1", "2024-02-01T10:00:00+01:00", "2024-12-01T10:00:00+01:00")])
    shorts = [person(f"S{i}", [stay("OSL", HELD)], [
        excl(f"S{i}", f"2025-03-{i + 1:02d}T10:00:00+01:00", f"2025-03-{i + 2:02d}T10:00:00+01:00")])
        for i in range(n_short)]
    return scenario([renewed, running, partial, ended_before, *shorts], start="2025-01-01", end="2026-01-01",
                    evaluated_at=EVALUATED, prisons=PRISONS)


def test_the_longest_episodes_are_ranked_without_personal_data():
    rows = tables.rows_to_dicts(compute_table(_world(), "longest", start=YEAR[0], end=YEAR[1]))
    assert rows == [
        {"rank": 1, "prison": "OSL", "ground": "danger_to_self_or_others", "status": "preventive_detention",
         "days": _days("2024-10-01T10:00:00+02:00", "2025-05-01T10:00:00+02:00"),
         "hours": _hours("2024-10-01T10:00:00+02:00", "2025-05-01T10:00:00+02:00")},
        {"rank": 2, "prison": "BRG", "ground": "negative_influence", "status": "remand",
         "days": _days("2025-09-01T10:00:00+02:00", "2026-01-01T00:00:00+01:00"),
         "hours": _hours("2025-09-01T10:00:00+02:00", "2026-01-01T00:00:00+01:00")},
    ]
    text = json.dumps(rows)
    assert not any(pid in text for pid in ("P1", "P2", "A1", "B1"))


def test_only_the_top_are_kept_and_equal_lengths_rank_by_start():
    world = _world(n_short=30)
    rows = tables.longest(world, _episodes(world), *YEAR)
    assert len(rows) == tables.LONGEST_TOP and [r.rank for r in rows] == list(range(1, tables.LONGEST_TOP + 1))
    assert [r.days for r in rows[:2]] == [r.days for r in tables.longest(_world(), _episodes(_world()), *YEAR)]
    # 23 of the 30 one-day exclusions (all in OSL) fill the ranks after the two long ones.
    assert all(r.days == 1.0 and r.prison == "OSL" for r in rows[2:])


def _episodes(world):
    from fellesskap.stats.compute import scenario_episodes

    return scenario_episodes(world, need_over_22h=False)


def test_an_empty_period_has_no_rows_and_the_jsonstat_is_valid():
    assert compute_table(_world(), "longest", start=d("2019-01-01"), end=d("2020-01-01")) == []
    rows = tables.rows_to_dicts(compute_table(_world(), "longest", start=YEAR[0], end=YEAR[1]))
    dataset = table_to_jsonstat("longest", rows)
    assert problems(dataset) == [] and dataset["id"] == ["rank", "prison", "ground", "status", "measure"]
    assert list(dataset["dimension"]["rank"]["category"]["index"])[:3] == ["1", "2", "3"]
    assert sum(v is not None for v in dataset["value"]) == 2 * len(rows)
