"""The coercive-means table: uses started in the period, by prison and kind, with their whole hours."""

from __future__ import annotations

import dataclasses

from fellesskap.scenario.model import CoerciveMeans
from fellesskap.stats.tables import CoerciveRow, coercive
from fellesskap.stats.tests.builders import d, person, scenario, stay, t


def use(uid: str, kind: str, start: str, end: str | None) -> CoerciveMeans:
    return CoerciveMeans(id=uid, kind=kind, start=t(start), end=None if end is None else t(end))


def held(pid: str, prison: str, *uses: CoerciveMeans, stays=None):
    p = person(pid, stays or [stay(prison, "2026-01-01T08:00:00+01:00")])
    return dataclasses.replace(p, coercive_means=uses)


def test_uses_started_in_the_month_with_whole_durations():
    sc = scenario([
        held("A", "OSL",
             # starts at local midnight of 1 March: in March (half-open months)
             use("1", "security_cell", "2026-03-01T00:00:00+01:00", "2026-03-01T02:30:00+01:00"),
             # runs over the month's end: all 30 h count, in March
             use("2", "security_cell", "2026-03-31T06:00:00+02:00", "2026-04-01T12:00:00+02:00"),
             # ended at local midnight 1 March but started in February: not counted
             use("3", "security_bed", "2026-02-28T20:00:00+01:00", "2026-03-01T00:00:00+01:00")),
        held("B", "BER", use("4", "security_bed", "2026-03-10T10:00:00+01:00", "2026-03-10T10:09:00+01:00")),
    ], evaluated_at="2026-05-01T00:00:00+02:00")
    assert coercive(sc, d("2026-03-01"), d("2026-04-01")) == [
        CoerciveRow(prison="BER", kind="security_bed", count=1, hours=0.2),  # 9 min = 0.15 h, half away from 0
        CoerciveRow(prison="OSL", kind="security_cell", count=2, hours=32.5),  # 2.5 h + 30 h
    ]


def test_an_ongoing_use_counts_up_to_the_data_instant_and_later_uses_not_at_all():
    sc = scenario([held("A", "OSL",
                        use("1", "security_cell", "2026-03-20T10:00:00+01:00", None),
                        use("2", "security_cell", "2026-03-21T10:00:00+01:00", "2026-03-21T11:00:00+01:00"))],
                  evaluated_at="2026-03-20T16:00:00+01:00")
    assert coercive(sc, d("2026-03-01"), d("2026-04-01")) == [
        CoerciveRow(prison="OSL", kind="security_cell", count=1, hours=6.0)]


def test_placed_at_the_stay_in_force_at_the_start_and_left_out_without_one():
    transferred = [stay("OSL", "2026-01-01T08:00:00+01:00", "2026-03-15T08:00:00+01:00"),
                   stay("BER", "2026-03-15T08:00:00+01:00")]
    sc = scenario([
        held("A", "", use("1", "baton", "2026-03-15T07:59:00+01:00", "2026-03-15T08:10:00+01:00"),
             use("2", "baton", "2026-03-15T08:00:00+01:00", "2026-03-15T08:10:00+01:00"), stays=transferred),
        held("B", "", use("3", "shield", "2026-03-05T10:00:00+01:00", "2026-03-05T11:00:00+01:00"),
             stays=[stay("OSL", "2026-03-06T08:00:00+01:00")]),
    ])
    assert [(r.prison, r.kind, r.count) for r in coercive(sc, d("2026-03-01"), d("2026-04-01"))] == [
        ("BER", "baton", 1), ("OSL", "baton", 1)]
