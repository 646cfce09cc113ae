"""Placement at a reference instant: half-open stays, evaluated_at, and the derived keys."""

from __future__ import annotations

from fellesskap.scenario.model import Prison
from fellesskap.stats.placement import Placer, age_group, census_instant, in_force, month_bounds
from fellesskap.stats.tests.builders import d, person, scenario, stay, t

EVAL = t("2026-03-20T00:00:00+01:00")


def test_in_force_is_half_open_and_knows_nothing_after_evaluated_at():
    start, end = t("2026-03-01T08:00:00+01:00"), t("2026-03-10T08:00:00+01:00")
    assert in_force(start, end, start, EVAL)
    assert not in_force(start, end, end, EVAL)
    assert not in_force(start, end, t("2026-03-01T07:59:00+01:00"), EVAL)
    # open record: in force at evaluated_at itself, not after it
    assert in_force(start, None, EVAL, EVAL)
    assert not in_force(start, None, t("2026-03-20T00:01:00+01:00"), EVAL)
    # a record starting at evaluated_at has not happened
    assert not in_force(EVAL, None, EVAL, EVAL)


def test_census_instant_and_month_bounds_are_local():
    s = scenario([])
    assert census_instant(d("2026-03-28"), s) == t("2026-03-28T11:00:00+00:00")  # winter time
    assert census_instant(d("2026-03-29"), s) == t("2026-03-29T10:00:00+00:00")  # summer time from 02:00
    assert month_bounds(2026, 3, "Europe/Oslo") == (t("2026-02-28T23:00:00+00:00"), t("2026-03-31T22:00:00+00:00"))
    assert month_bounds(2026, 12, "Europe/Oslo")[1] == t("2026-12-31T23:00:00+00:00")


def test_age_group_turns_on_the_birthday():
    assert age_group(d("2008-03-18"), d("2026-03-17")) == "under_18"
    assert age_group(d("2008-03-18"), d("2026-03-18")) == "18_24"
    assert age_group(d("1966-03-18"), d("2026-03-18")) == "60_plus"
    assert age_group(None, d("2026-03-18")) is None


def test_placement_carries_the_prison_keys_and_published_status():
    s = scenario([person("A", [stay("OSL", "2026-01-01T00:00:00+01:00", "2026-02-01T00:00:00+01:00",
                                    status="remand"),
                               stay("ULL", "2026-02-01T00:00:00+01:00", status="preventive_detention")],
                         sex="female")],
                 prisons=(Prison("ULL", "east", "high"),))
    placer = Placer(s)
    jan = placer.at("A", t("2026-01-15T12:00:00+01:00"))
    feb = placer.at("A", t("2026-02-01T00:00:00+01:00"))
    assert (jan.prison, jan.region, jan.security_level, jan.status) == ("OSL", None, None, "remand")
    assert (feb.prison, feb.region, feb.security_level) == ("ULL", "east", "high")
    assert (feb.status, feb.custody_status, feb.sex, feb.nation) == ("sentenced", "preventive_detention", "female", "NO")
    assert placer.at("A", t("2025-12-31T12:00:00+01:00")) is None
    assert placer.at("nobody", t("2026-01-15T12:00:00+01:00")) is None
