"""Annual: the share of prison days with activity (work, education, programmes) (statistics.md)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from fellesskap.scenario.model import Contact, Prison
from fellesskap.stats import tables
from fellesskap.stats.compute import compute_table
from fellesskap.stats.jsonstat import table_to_jsonstat
from fellesskap.stats.tally import round_half_away
from fellesskap.stats.tests.builders import d, person, scenario, stay, t
from fellesskap.stats.tests.jsonstat_check import problems

PRISONS = (Prison("OSL", "east", "high"), Prison("BRG", "west", "lower"))
WEEK = (d("2025-03-03"), d("2025-03-10"))
WORK_DAYS = [d("2025-03-03"), d("2025-03-04"), d("2025-03-05")]


def _session(kind: str, day: date, start: str = "09:00", end: str = "11:00") -> Contact:
    return Contact(kind=kind, start=t(f"{day}T{start}:00+01:00"), end=t(f"{day}T{end}:00+01:00"))


def _world(evaluated_at: str = "2025-03-20T00:00:00+01:00"):
    worker = dataclasses.replace(person("W", [stay("OSL", "2025-01-01T08:00:00+01:00")]), contacts=(
        *(_session("work", day) for day in WORK_DAYS),
        _session("association", d("2025-03-06")),  # association is contact, not activity
        _session("education", d("2025-03-09"), "22:00", "23:30")))  # evening school still counts for the day
    # In BRG from 5 March after the census: held at the census 6–9 March; a programme on 4 March is before.
    newcomer = dataclasses.replace(person("N", [stay("BRG", "2025-03-05T13:00:00+01:00")]), contacts=(
        _session("programme", d("2025-03-04")), _session("programme", d("2025-03-07"))))
    return scenario([worker, newcomer], start="2025-03-03", end="2025-03-10", evaluated_at=evaluated_at,
                    prisons=PRISONS)


def test_share_of_prison_days_with_activity_by_security_level():
    rows = {r["security_level"]: r for r in tables.rows_to_dicts(compute_table(_world(), "activity",
                                                                               start=WEEK[0], end=WEEK[1]))}
    high_days, high_active = (WEEK[1] - WEEK[0]).days, len(WORK_DAYS) + 1
    low_days, low_active = 4, 1
    assert rows["high"] == {"security_level": "high", "days": high_days, "with_activity": high_active,
                            "share": round_half_away(Decimal(high_active) / high_days, 3)}
    assert rows["lower"] == {"security_level": "lower", "days": low_days, "with_activity": low_active,
                             "share": round_half_away(Decimal(low_active) / low_days, 3)}
    both = high_days + low_days
    assert rows["all"]["days"] == both and rows["all"]["share"] == round_half_away(
        Decimal(high_active + low_active) / both, 3)
    assert list(rows) == ["high", "lower", "all"]


def test_days_whose_census_has_not_passed_are_left_out_and_empty_periods_are_empty():
    early = {r.security_level: r for r in tables.activity(_world("2025-03-04T13:00:00+01:00"), *WEEK)}
    assert (early["all"].days, early["all"].with_activity) == (2, 2)  # W on 3 and 4 March
    assert tables.activity(_world(), d("2019-01-01"), d("2019-02-01")) == []  # nobody held
    assert tables.activity(_world(), d("2025-04-01"), d("2025-05-01")) == []  # no census passed yet
    dataset = table_to_jsonstat("activity", tables.rows_to_dicts(tables.activity(_world(), *WEEK)), language="nb")
    assert problems(dataset) == [] and dataset["id"] == ["security_level", "measure"]
