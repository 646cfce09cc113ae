"""Annual: ended exclusion episodes by ground, with mean and median duration in hours (statistics.md)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from fellesskap.stats import tables
from fellesskap.stats.compute import compute_table
from fellesskap.stats.jsonstat import table_to_jsonstat
from fellesskap.stats.tally import round_half_away
from fellesskap.stats.tests.builders import d, excl, person, scenario, stay, t
from fellesskap.stats.tests.jsonstat_check import problems

YEAR = (d("2025-01-01"), d("2026-01-01"))
HELD = "2024-06-01T08:00:00+02:00"


def _hours(start: str, end: str) -> Decimal:
    return Decimal((t(end) - t(start)) // timedelta(microseconds=1)) / Decimal(3_600_000_000)


def _world():
    # A renewal inside the merge gap continues the episode: one case, ground of the first decision.
    renewed = person("A", [stay("OSL", HELD)], [
        excl("A1", "2025-03-01T10:00:00+01:00", "2025-03-05T10:00:00+01:00", ground="order_and_security"),
        excl("A2", "2025-03-05T12:00:00+01:00", "2025-04-02T09:00:00+02:00", ground="own_wish")])
    short = person("B", [stay("OSL", HELD)], [
        excl("B1", "2025-06-01T10:00:00+02:00", "2025-06-01T16:30:00+02:00")])
    middle = person("C", [stay("BRG", HELD)], [
        excl("C1", "2025-09-10T08:00:00+02:00", "2025-09-12T20:15:00+02:00")])
    partial = person("D", [stay("BRG", HELD)], [
        excl("D1", "2025-02-01T10:00:00+01:00", "2025-02-02T10:00:00+01:00", scope="partial", ground="own_wish")])
    # Not counted: still open at the data instant; ended in 2024; ends after the data instant.
    running = person("E", [stay("OSL", HELD)], [excl("E1", "2025-10-01T10:00:00+02:00", None)])
    earlier = person("F", [stay("OSL", HELD)], [excl("F1", "2024-07-01T10:00:00+02:00",
                                                     "2024-12-31T10:00:00+01:00")])
    later = person("G", [stay("OSL", HELD)], [excl("G1", "2025-11-30T10:00:00+01:00",
                                                   "2025-12-20T10:00:00+01:00")])
    return scenario([renewed, short, middle, partial, running, earlier, later], start="2025-01-01",
                    end="2026-01-01", evaluated_at="2025-12-15T00:00:00+01:00")


def test_mean_and_median_duration_by_scope_and_ground():
    rows = {(r["scope"], r["ground"]): r
            for r in tables.rows_to_dicts(compute_table(_world(), "durations", start=YEAR[0], end=YEAR[1]))}
    a = _hours("2025-03-01T10:00:00+01:00", "2025-04-02T09:00:00+02:00")  # across the DST change
    b = _hours("2025-06-01T10:00:00+02:00", "2025-06-01T16:30:00+02:00")
    c = _hours("2025-09-10T08:00:00+02:00", "2025-09-12T20:15:00+02:00")
    assert set(rows) == {("full", "order_and_security"), ("full", "all"), ("partial", "own_wish"),
                         ("partial", "all")}
    assert rows[("full", "order_and_security")] == {
        "scope": "full", "ground": "order_and_security", "count": 3,
        "mean_hours": round_half_away((a + b + c) / 3, 1), "median_hours": round_half_away(c, 1)}
    assert rows[("full", "all")]["count"] == 3
    d_hours = _hours("2025-02-01T10:00:00+01:00", "2025-02-02T10:00:00+01:00")
    assert rows[("partial", "own_wish")]["mean_hours"] == rows[("partial", "own_wish")]["median_hours"] == float(
        d_hours)


def test_the_median_of_an_even_count_is_the_mean_of_the_two_middle_ones():
    assert tables._median([4, 1, 3, 10]) == Decimal("3.5")
    assert tables._median([7]) == Decimal(7)


def test_an_empty_period_has_no_rows_and_the_jsonstat_is_valid():
    assert compute_table(_world(), "durations", start=d("2019-01-01"), end=d("2020-01-01")) == []
    rows = tables.rows_to_dicts(compute_table(_world(), "durations", start=YEAR[0], end=YEAR[1]))
    dataset = table_to_jsonstat("durations", rows)
    assert problems(dataset) == [] and dataset["id"] == ["scope", "ground", "measure"]
