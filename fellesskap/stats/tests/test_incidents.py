"""Annual: incidents next to security cell and bed, by sex, and how concentrated they are (statistics.md)."""

from __future__ import annotations

import dataclasses
import math
from datetime import timedelta
from decimal import Decimal

from fellesskap.scenario.model import CoerciveMeans, Incident
from fellesskap.stats import tables
from fellesskap.stats.compute import compute_table
from fellesskap.stats.jsonstat import table_to_jsonstat
from fellesskap.stats.tally import round_half_away
from fellesskap.stats.tests.builders import d, person, scenario, stay, t
from fellesskap.stats.tests.jsonstat_check import problems

YEAR = (d("2025-01-01"), d("2026-01-01"))
HELD = "2024-06-01T08:00:00+02:00"
# Self-harm per woman: one woman with many, the rest with one or two (seed 001: a few account for most).
WOMEN_SELF_HARM = [9, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]


def _harm(n: int) -> tuple[Incident, ...]:
    first = t("2025-02-01T10:00:00+01:00")
    return tuple(Incident(kind="self_harm", at=first + timedelta(days=3 * i)) for i in range(n))


def _world():
    women = [dataclasses.replace(person(f"W{i}", [stay("OSL", HELD)], sex="female"), incidents=_harm(n))
             for i, n in enumerate(WOMEN_SELF_HARM)]
    man = dataclasses.replace(
        person("M1", [stay("BRG", HELD, "2025-10-01T08:00:00+02:00")], sex="male"),
        incidents=(Incident(kind="self_harm", at=t("2025-03-01T10:00:00+01:00")),
                   Incident(kind="suicide_attempt", at=t("2025-04-01T10:00:00+02:00")),
                   # after release: outside custody, not counted
                   Incident(kind="self_harm", at=t("2025-10-02T10:00:00+02:00"))),
        coercive_means=(CoerciveMeans(id="C1", kind="security_cell", start=t("2025-03-01T11:00:00+01:00"),
                                      end=t("2025-03-01T20:00:00+01:00")),
                        CoerciveMeans(id="C2", kind="security_bed", start=t("2025-03-01T20:00:00+01:00"),
                                      end=t("2025-03-02T02:00:00+01:00")),
                        # a baton is a coercive means too, counted on its own row
                        CoerciveMeans(id="C3", kind="baton", start=t("2025-03-01T10:50:00+01:00"),
                                      end=t("2025-03-01T10:55:00+01:00"))))
    late = dataclasses.replace(  # after the data instant: not counted
        person("L1", [stay("OSL", HELD)], sex="male"),
        incidents=(Incident(kind="violence", at=t("2025-12-20T10:00:00+01:00")),))
    return scenario([*women, man, late], start="2025-01-01", end="2026-01-01",
                    evaluated_at="2025-12-15T00:00:00+01:00")


def test_incidents_by_kind_and_sex_with_the_share_on_the_top_ten_percent():
    rows = {(r["kind"], r["sex"]): r
            for r in tables.rows_to_dicts(compute_table(_world(), "incidents", start=YEAR[0], end=YEAR[1]))}
    top = math.ceil(len(WOMEN_SELF_HARM) / 10)
    expected_share = round_half_away(Decimal(sum(sorted(WOMEN_SELF_HARM, reverse=True)[:top]))
                                     / Decimal(sum(WOMEN_SELF_HARM)), 3)
    assert rows[("self_harm", "female")] == {"kind": "self_harm", "sex": "female", "count": sum(WOMEN_SELF_HARM),
                                             "persons": len(WOMEN_SELF_HARM), "top_persons": top,
                                             "top_share": expected_share}
    assert rows[("self_harm", "male")]["count"] == 1  # the one after release is outside custody
    assert rows[("self_harm", "all")]["count"] == sum(WOMEN_SELF_HARM) + 1
    assert rows[("self_harm", "all")]["persons"] == len(WOMEN_SELF_HARM) + 1
    assert rows[("security_cell", "male")]["count"] == rows[("security_bed", "male")]["count"] == 1
    assert rows[("baton", "all")]["count"] == 1
    assert set(rows) == {(k, s) for k in ("self_harm", "suicide_attempt", "security_cell", "security_bed", "baton")
                         for s in ("male", "all")} | {("self_harm", "female")}


def test_concentration_takes_at_least_one_person():
    assert tables.concentration([]) == (0, 0.0)
    assert tables.concentration([1, 3]) == (1, 0.75)
    assert tables.concentration([1] * 11)[0] == 2  # ceil(1.1)


def test_an_empty_period_has_no_rows_and_the_jsonstat_is_valid():
    assert tables.incidents(_world(), d("2019-01-01"), d("2020-01-01")) == []
    rows = tables.rows_to_dicts(tables.incidents(_world(), *YEAR))
    dataset = table_to_jsonstat("incidents", rows, language="nb")
    assert problems(dataset) == [] and dataset["id"] == ["kind", "sex", "measure"]
    assert dataset["dimension"]["kind"]["category"]["label"]["self_harm"] == "selvskading"
