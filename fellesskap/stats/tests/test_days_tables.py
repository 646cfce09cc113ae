"""Annual: isolation days by status and cause, and association at the daily census, weekdays against
weekends (statistics.md)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from fellesskap.scenario.model import Contact
from fellesskap.stats import tables
from fellesskap.stats.compute import compute_table
from fellesskap.stats.jsonstat import table_to_jsonstat
from fellesskap.stats.tally import round_half_away
from fellesskap.stats.tests.builders import d, excl, person, scenario, stay, t
from fellesskap.stats.tests.jsonstat_check import problems

WEEK = (d("2025-03-03"), d("2025-03-10"))  # Monday 3 to Sunday 9 March
EXCLUDED = (d("2025-03-04"), d("2025-03-07"))  # A's full exclusion, whole local days
C_FIRST_CENSUS = d("2025-03-06")  # C arrives 5 March after the census (12:00)


def _dates(a: date, b: date) -> list[date]:
    return [a + timedelta(days=i) for i in range((b - a).days)]


def _world():
    a = person("A", [stay("OSL", "2025-01-01T08:00:00+01:00")],
               [excl("A1", "2025-03-04T00:00:00+01:00", "2025-03-07T00:00:00+01:00", ground="own_wish")])
    b = dataclasses.replace(person("B", [stay("OSL", "2025-01-01T08:00:00+01:00")]), contacts=tuple(
        Contact(kind="association", start=t(f"{day}T10:00:00+01:00"), end=t(f"{day}T14:00:00+01:00"))
        for day in _dates(*WEEK)))
    c = person("C", [stay("BRG", "2025-03-05T12:30:00+01:00", status="remand")])
    return scenario([a, b, c], start="2025-03-03", end="2025-03-10", evaluated_at="2025-03-20T00:00:00+01:00")


def test_isolated_days_by_status_and_cause():
    rows = {(r["status"], r["cause"]): r
            for r in tables.rows_to_dicts(compute_table(_world(), "isolation_days", start=WEEK[0], end=WEEK[1]))}
    excluded = len(_dates(*EXCLUDED))
    # A has no contact at all: every day isolated, under the exclusion or with no decision behind it.
    # B has 4 h of association a day: never isolated. C's arrival day has under 22 h of custody.
    assert rows == {
        ("sentenced", "full_exclusion:own_wish"): {"status": "sentenced", "cause": "full_exclusion:own_wish",
                                                   "days": excluded, "persons": 1},
        ("sentenced", "unregistered"): {"status": "sentenced", "cause": "unregistered",
                                        "days": len(_dates(*WEEK)) - excluded, "persons": 1},
        ("remand", "unregistered"): {"status": "remand", "cause": "unregistered",
                                     "days": len(_dates(d("2025-03-06"), WEEK[1])), "persons": 1},
    }


def test_association_bands_weekdays_against_weekends():
    rows = {(r["day_type"], r["band"]): r
            for r in tables.rows_to_dicts(compute_table(_world(), "association_days", start=WEEK[0], end=WEEK[1]))}
    kind = lambda day: "weekend" if day.weekday() >= 5 else "weekday"  # noqa: E731
    days = Counter(kind(day) for day in _dates(*WEEK))
    counts: Counter = Counter()
    for day in _dates(*WEEK):
        counts[(kind(day), "none")] += 1  # A
        counts[(kind(day), "2to8h")] += 1  # B: 4 h
        if day >= C_FIRST_CENSUS:
            counts[(kind(day), "none")] += 1  # C
    population = Counter()
    for (k, _), n in counts.items():
        population[k] += n
    for (k, band), n in counts.items():
        assert rows[(k, band)] == {"day_type": k, "band": band, "person_days": n,
                                   "per_day": round_half_away(Decimal(n) / days[k], 1),
                                   "per_100": round_half_away(Decimal(n) * 100 / population[k], 1)}
    assert rows[("all", "none")]["person_days"] == counts[("weekday", "none")] + counts[("weekend", "none")]
    assert set(rows) == set(counts) | {("all", "none"), ("all", "2to8h")}


def test_days_not_yet_counted_and_empty_periods():
    early = dataclasses.replace(_world(), evaluated_at=t("2025-03-05T13:00:00+01:00"))
    rows = tables.rows_to_dicts(compute_table(early, "association_days", start=WEEK[0], end=WEEK[1]))
    # Censuses of 3, 4 and 5 March have passed (all weekdays): A and B each day.
    assert {(r["day_type"], r["band"]): r["person_days"] for r in rows if r["day_type"] != "all"} == {
        ("weekday", "none"): 3, ("weekday", "2to8h"): 3}
    assert compute_table(_world(), "isolation_days", start=d("2019-01-01"), end=d("2019-02-01")) == []
    assert compute_table(_world(), "association_days", start=d("2019-01-01"), end=d("2019-02-01")) == []
    for name in ("isolation_days", "association_days"):
        data = tables.rows_to_dicts(compute_table(_world(), name, start=WEEK[0], end=WEEK[1]))
        assert problems(table_to_jsonstat(name, data, language="nb")) == [], name
