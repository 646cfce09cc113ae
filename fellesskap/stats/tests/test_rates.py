"""Annual: exclusions and coercive means per 100 inmates of the average daily population (statistics.md)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from fellesskap.scenario.model import CoerciveMeans, Prison
from fellesskap.stats import tables
from fellesskap.stats.compute import compute_table
from fellesskap.stats.jsonstat import table_to_jsonstat
from fellesskap.stats.tests.builders import d, excl, person, scenario, stay, t
from fellesskap.stats.tests.jsonstat_check import problems

PRISONS = (Prison("OSL", "east", "high"), Prison("BRG", "west", "lower"))
APRIL = (d("2026-04-01"), d("2026-05-01"))  # 30 days


def _world(evaluated_at="2026-05-02T00:00:00+02:00"):
    # Four persons in OSL (high) the whole month, one in BRG (lower) for the first 15 days.
    high = [person(f"H{i}", [stay("OSL", "2026-01-01T08:00:00+01:00")]) for i in range(4)]
    high[0] = dataclasses.replace(high[0], exclusions=(excl("X1", "2026-04-03T10:00:00+02:00",
                                                            "2026-04-05T10:00:00+02:00"),))
    high[1] = dataclasses.replace(high[1], coercive_means=(
        CoerciveMeans(id="C1", kind="security_cell", start=t("2026-04-10T22:00:00+02:00"),
                      end=t("2026-04-11T02:00:00+02:00")),
        CoerciveMeans(id="C2", kind="security_cell", start=t("2026-04-20T22:00:00+02:00"),
                      end=t("2026-04-21T01:00:00+02:00"))))
    low = person("L1", [stay("BRG", "2026-03-01T08:00:00+01:00", "2026-04-16T08:00:00+02:00")],
                 [excl("X2", "2026-04-02T10:00:00+02:00", "2026-04-03T10:00:00+02:00", scope="partial")])
    return scenario([*high, low], start="2026-04-01", end="2026-05-01", evaluated_at=evaluated_at, prisons=PRISONS)


def test_the_average_daily_population_is_the_mean_of_the_daily_census():
    adp = tables.average_daily_population(_world(), *APRIL)
    # L1 is held at the census (12:00) of 1–15 April: 15 of 30 days.
    assert adp == {"high": Decimal(4), "lower": Decimal(15) / Decimal(30), "all": Decimal(4) + Decimal("0.5")}
    # Only days whose census has passed: on 11 April at 00:00, ten days (1–10 April).
    early = tables.average_daily_population(_world("2026-04-11T00:00:00+02:00"), *APRIL)
    assert early == {"high": Decimal(4), "lower": Decimal(1), "all": Decimal(5)}
    assert tables.average_daily_population(_world(), d("2019-01-01"), d("2019-02-01")) == {}


def test_rates_per_100_inmates_by_security_level_and_for_all():
    rows = {(r["security_level"], r["counted"]): r
            for r in tables.rows_to_dicts(compute_table(_world(), "rates", start=APRIL[0], end=APRIL[1]))}
    assert rows[("high", "security_cell")] == {"security_level": "high", "counted": "security_cell", "count": 2,
                                               "population": 4.0, "per_100": 50.0}
    assert rows[("high", "exclusions")]["per_100"] == 25.0
    assert rows[("lower", "exclusions")] == {"security_level": "lower", "counted": "exclusions", "count": 1,
                                             "population": 0.5, "per_100": 200.0}
    assert rows[("all", "exclusions")]["count"] == 2 and rows[("all", "exclusions")]["per_100"] == 44.4
    assert set(rows) == {("high", "security_cell"), ("high", "exclusions"), ("lower", "exclusions"),
                         ("all", "security_cell"), ("all", "exclusions")}


def test_a_period_with_no_data_is_empty_and_the_jsonstat_is_valid():
    assert tables.rates(_world(), [], d("2019-01-01"), d("2019-02-01")) == []
    rows = tables.rows_to_dicts(compute_table(_world(), "rates", start=APRIL[0], end=APRIL[1]))
    dataset = table_to_jsonstat("rates", rows)
    assert problems(dataset) == [] and dataset["id"] == ["security_level", "counted", "measure"]
