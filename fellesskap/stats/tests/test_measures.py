"""Annual: isolation-reducing measures offered, accepted and declined (statistics.md)."""

from __future__ import annotations

import dataclasses
from collections import Counter

from fellesskap.scenario.model import Contact
from fellesskap.stats import tables
from fellesskap.stats.compute import compute_table
from fellesskap.stats.jsonstat import table_to_jsonstat
from fellesskap.stats.tally import round_half_away
from fellesskap.stats.tests.builders import d, person, scenario, stay, t
from fellesskap.stats.tests.jsonstat_check import problems

MONTH = (d("2025-03-01"), d("2025-04-01"))
OFFERS = [  # (person, instant, answer)
    ("R", "2025-03-02T10:00:00+01:00", "accepted"),
    ("R", "2025-03-03T10:00:00+01:00", "declined"),
    ("R", "2025-03-04T10:00:00+01:00", "declined"),
    ("S", "2025-03-10T10:00:00+01:00", "accepted"),
    ("S", "2025-02-27T10:00:00+01:00", "declined"),  # before the period
    ("S", "2025-03-31T10:00:00+02:00", "declined"),  # after the data instant
    ("G", "2025-03-12T10:00:00+01:00", "accepted"),  # G is no longer held then
]
STATUS = {"R": "remand", "S": "sentenced"}


def _world():
    r = person("R", [stay("OSL", "2025-01-01T08:00:00+01:00", status="remand")])
    s = dataclasses.replace(person("S", [stay("OSL", "2025-01-01T08:00:00+01:00")]), contacts=(
        Contact(kind="isolation_reducing", start=t("2025-03-10T10:00:00+01:00"), end=t("2025-03-10T11:00:00+01:00")),
        Contact(kind="association", start=t("2025-03-11T10:00:00+01:00"), end=t("2025-03-11T11:00:00+01:00"))))
    g = person("G", [stay("OSL", "2025-01-01T08:00:00+01:00", "2025-03-01T08:00:00+01:00")])
    return scenario([r, s, g], start="2025-03-01", end="2025-04-01", evaluated_at="2025-03-30T00:00:00+01:00")


def _offers():
    return [tables.Offer(person=p, at=t(at), response=answer) for p, at, answer in OFFERS]


def test_offered_accepted_and_declined_by_status():
    world = _world()
    rows = {r["status"]: r for r in tables.rows_to_dicts(tables.measures(world, _offers(), *MONTH))}
    counted = [(p, answer) for p, at, answer in OFFERS
               if MONTH[0] <= t(at).date() and t(at) < world.evaluated_at and p in STATUS]
    for status in ("remand", "sentenced"):
        mine = Counter(answer for p, answer in counted if STATUS[p] == status)
        offered = sum(mine.values())
        assert rows[status] == {"status": status, "offered": offered, "accepted": mine["accepted"],
                                "declined": mine["declined"],
                                "declined_share": round_half_away(mine["declined"] / offered, 3), "persons": 1}
    assert rows["all"]["offered"] == len(counted) and rows["all"]["persons"] == 2
    assert list(rows) == ["remand", "sentenced", "all"]


def test_from_a_scenario_file_the_sessions_are_accepted_offers():
    rows = tables.rows_to_dicts(compute_table(_world(), "measures", start=MONTH[0], end=MONTH[1]))
    assert rows == [
        {"status": "sentenced", "offered": 1, "accepted": 1, "declined": 0, "declined_share": 0.0, "persons": 1},
        {"status": "all", "offered": 1, "accepted": 1, "declined": 0, "declined_share": 0.0, "persons": 1}]


def test_an_empty_period_has_no_rows_and_the_jsonstat_is_valid():
    assert tables.measures(_world(), _offers(), d("2019-01-01"), d("2019-02-01")) == []
    dataset = table_to_jsonstat("measures", tables.rows_to_dicts(tables.measures(_world(), _offers(), *MONTH)))
    assert problems(dataset) == [] and dataset["id"] == ["status", "measure"]
