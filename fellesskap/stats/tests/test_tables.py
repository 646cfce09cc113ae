"""Each table on hand-built scenarios and ledger rows; every expectation is worked out by hand
in the comments from statistics.md and measures.md."""

from __future__ import annotations

import dataclasses

from fellesskap.scenario.model import Prison
from fellesskap.stats import tables as tb
from fellesskap.stats.tables import (
    BandRow,
    GroundsRow,
    IsolatedRow,
    LongRow,
    Over22Row,
    StartedRow,
    StockRow,
)
from fellesskap.stats.tally import tally
from fellesskap.stats.tests.builders import d, day_row, episode, excl, person, scenario, stay

MARCH = (d("2026-03-01"), d("2026-04-01"))
APRIL = (d("2026-04-01"), d("2026-05-01"))

# ------------------------------------------------------------------ started


def _started_scenario():
    return scenario([
        person("A", [stay("OSL", "2026-01-01T00:00:00+01:00", status="remand")]),
        person("B", [stay("BER", "2026-01-01T00:00:00+01:00", status="preventive_detention")]),
        person("C", [stay("OSL", "2026-03-10T00:00:00+01:00")]),  # arrives after C's episode starts
    ])


def test_started_counts_episodes_by_local_month_scope_and_published_status():
    s = _started_scenario()
    eps = [
        # 00:30 local on 1 March (23:30 UTC on 28 Feb): a March start.
        episode("A", "2026-03-01T00:30:00+01:00", "2026-03-05T00:00:00+01:00"),
        # 00:30 local on 1 April in summer time (22:30 UTC on 31 March): an April start.
        episode("A", "2026-04-01T00:30:00+02:00", "2026-04-02T00:00:00+02:00"),
        # preventive detention is published as sentenced; partial is its own scope.
        episode("B", "2026-03-10T08:00:00+01:00", None, kind="partial_exclusion"),
        episode("B", "2026-03-20T08:00:00+01:00", "2026-03-21T08:00:00+01:00"),
        # a security-cell episode is not an exclusion.
        episode("B", "2026-03-22T08:00:00+01:00", "2026-03-22T10:00:00+01:00", kind="security_cell"),
    ]
    assert tb.started(s, eps, *MARCH) == [
        StartedRow("BER", "full", "sentenced", 1),
        StartedRow("BER", "partial", "sentenced", 1),
        StartedRow("OSL", "full", "remand", 1),
    ]
    assert tb.started(s, eps, *APRIL) == [StartedRow("OSL", "full", "remand", 1)]


def test_started_renewal_is_not_a_new_start():
    # One episode of two decisions: E1 from 20 Feb, renewed by E2 on 6 March. Its start is in
    # February; March gets nothing although a decision started in March.
    s = _started_scenario()
    renewed = [episode("A", "2026-02-20T08:00:00+01:00", "2026-03-20T08:00:00+01:00", decisions=("E1", "E2"))]
    assert tb.started(s, renewed, *MARCH) == []
    assert tb.started(s, renewed, d("2026-02-01"), d("2026-03-01")) == [StartedRow("OSL", "full", "remand", 1)]


def test_started_leaves_out_episodes_without_a_stay_or_after_evaluated_at():
    s = scenario(_started_scenario().persons, evaluated_at="2026-03-15T00:00:00+01:00")
    eps = [
        episode("C", "2026-03-05T08:00:00+01:00", None),  # C arrives on 10 March: no stay at the start
        episode("A", "2026-03-15T00:00:00+01:00", None),  # starts at evaluated_at: has not happened
        episode("A", "2026-03-14T23:00:00+01:00", None),  # just before: counts
    ]
    assert tb.started(s, eps, *MARCH) == [StartedRow("OSL", "full", "remand", 1)]


# ------------------------------------------------------------------ stock


def test_stock_takes_the_ground_of_the_decision_that_started_last():
    s = scenario([
        person("A", [stay("OSL", "2026-01-01T00:00:00+01:00", status="remand")], [
            # listed out of order on purpose: the later start wins, not the later position
            excl("E2", "2026-03-10T08:00:00+01:00", None, ground="danger_to_self_or_others"),
            excl("E1", "2026-03-01T08:00:00+01:00", "2026-03-25T08:00:00+01:00", ground="own_wish"),
        ]),
        person("B", [stay("OSL", "2026-01-01T00:00:00+01:00", status="preventive_detention")], [
            excl("E1", "2026-03-01T08:00:00+01:00", None, ground="own_wish"),
            excl("E2", "2026-03-01T09:00:00+01:00", None, ground="quarantine", scope="partial"),  # partial
        ]),
    ])
    assert tb.stock(s, d("2026-03-20")) == [
        StockRow("OSL", "danger_to_self_or_others", "remand", 1),
        StockRow("OSL", "own_wish", "sentenced", 1),
    ]


def test_stock_uses_the_census_instant_half_open():
    s = scenario([
        # ends at 12:00 local on 20 March: not in force at the census instant
        person("A", [stay("OSL", "2026-01-01T00:00:00+01:00")],
               [excl("E1", "2026-03-01T08:00:00+01:00", "2026-03-20T12:00:00+01:00")]),
        # starts exactly at 12:00 local: in force
        person("B", [stay("OSL", "2026-01-01T00:00:00+01:00")],
               [excl("E1", "2026-03-20T12:00:00+01:00", None)]),
        # moved from OSL to BER at 09:00 that day: counted at BER
        person("C", [stay("OSL", "2026-01-01T00:00:00+01:00", "2026-03-20T09:00:00+01:00"),
                     stay("BER", "2026-03-20T09:00:00+01:00")],
               [excl("E1", "2026-03-01T08:00:00+01:00", None)]),
        # excluded but released at 11:00: no stay at the census instant
        person("D", [stay("OSL", "2026-01-01T00:00:00+01:00", "2026-03-20T11:00:00+01:00")],
               [excl("E1", "2026-03-01T08:00:00+01:00", None)]),
    ])
    assert tb.stock(s, d("2026-03-20")) == [
        StockRow("BER", "order_and_security", "sentenced", 1),
        StockRow("OSL", "order_and_security", "sentenced", 1),
    ]


def test_stock_after_evaluated_at_is_empty():
    s = scenario([person("A", [stay("OSL", "2026-01-01T00:00:00+01:00")],
                         [excl("E1", "2026-03-01T08:00:00+01:00", None)])],
                 evaluated_at="2026-03-20T00:00:00+01:00")
    assert tb.stock(s, d("2026-03-19")) == [StockRow("OSL", "order_and_security", "sentenced", 1)]
    assert tb.stock(s, d("2026-03-20")) == []  # 12:00 on the 20th lies after evaluated_at


# ------------------------------------------------------------------ long


def _long_scenario(evaluated_at: str = "2026-05-01T00:00:00+02:00"):
    return scenario([
        # A is in OSL until 10 March, in BER until 5 April, then in TRD.
        person("A", [stay("OSL", "2026-01-01T00:00:00+01:00", "2026-03-10T00:00:00+01:00"),
                     stay("BER", "2026-03-10T00:00:00+01:00", "2026-04-05T00:00:00+02:00"),
                     stay("TRD", "2026-04-05T00:00:00+02:00")]),
        person("B", [stay("OSL", "2026-01-01T00:00:00+01:00")]),
    ], evaluated_at=evaluated_at)


def test_long_is_placed_at_the_later_of_month_start_and_the_42_day_mark():
    s = _long_scenario()
    # Starts 1 Feb 10:00; the 42-day mark is 15 March 10:00, when A is in BER.
    # In April the reference is 1 April 00:00 (still BER), not the move to TRD on the 5th.
    eps = [episode("A", "2026-02-01T10:00:00+01:00", "2026-04-20T10:00:00+02:00")]
    assert tb.long(s, eps, d("2026-02-01"), d("2026-03-01")) == []  # not yet 42 days in February
    assert tb.long(s, eps, *MARCH) == [LongRow("BER", 1)]
    assert tb.long(s, eps, *APRIL) == [LongRow("BER", 1)]


def test_a_long_episode_carries_the_ground_of_its_decision_in_force_at_the_reference():
    """Long exclusions by ground and status (statistics.md "Annual"): a renewal on a new ground
    before the reference instant gives the episode that ground; one after it does not."""
    a = person("A", [stay("OSL", "2026-01-01T00:00:00+01:00")], [
        excl("A1", "2026-01-01T10:00:00+01:00", "2026-02-01T10:00:00+01:00", ground="own_wish"),
        excl("A2", "2026-02-01T10:00:00+01:00", "2026-03-20T10:00:00+01:00", ground="order_and_security"),
        excl("A3", "2026-03-20T10:00:00+01:00", None, ground="danger_to_self_or_others")])
    s = scenario([a])
    ep = dataclasses.replace(episode("A", "2026-01-01T10:00:00+01:00", None), decisions=("A1", "A2", "A3"))
    # February: the 42-day mark (12 February) falls in A2; March: the reference is 1 March, still A2.
    assert [f.attrs["ground"] for f in tb.long_facts(s, [ep], d("2026-02-01"), d("2026-03-01"))] == [
        "order_and_security"]
    assert [f.attrs["ground"] for f in tb.long_facts(s, [ep], *MARCH)] == ["order_and_security"]
    assert [f.attrs["ground"] for f in tb.long_facts(s, [ep], *APRIL)] == ["danger_to_self_or_others"]
    assert tb.long(s, [ep], *APRIL) == [LongRow("OSL", 1)]  # the published table keeps its shape


def test_long_needs_more_than_42_days_inside_the_month():
    s = _long_scenario()
    eps = [
        # exactly 42 days (1 Feb 10:00 to 15 March 10:00): never *more* than 42 days
        episode("B", "2026-02-01T10:00:00+01:00", "2026-03-15T10:00:00+01:00"),
        # 43 days but ended 28 Feb: long, yet not in force in March
        episode("B", "2026-01-10T10:00:00+01:00", "2026-02-22T10:00:00+01:00"),
        # the mark falls at 31 March 23:00 UTC = 1 April 01:00 local: an April row, not March
        episode("B", "2026-02-17T23:00:00+00:00", None),
        # partial exclusions are not counted
        episode("B", "2026-01-01T10:00:00+01:00", None, kind="partial_exclusion"),
    ]
    assert tb.long(s, eps, *MARCH) == []
    assert tb.long(s, eps, *APRIL) == [LongRow("OSL", 1)]


def test_long_open_episode_stops_at_evaluated_at():
    # Open since 1 Feb 10:00; evaluated at 15 March 10:00 = the mark exactly: not yet over 42 days.
    s = _long_scenario(evaluated_at="2026-03-15T10:00:00+01:00")
    eps = [episode("B", "2026-02-01T10:00:00+01:00", None)]
    assert tb.long(s, eps, *MARCH) == []
    s = _long_scenario(evaluated_at="2026-03-15T10:01:00+01:00")
    assert tb.long(s, eps, *MARCH) == [LongRow("OSL", 1)]


# ------------------------------------------------------------------ grounds


def test_grounds_cases_hours_and_shares():
    everywhere = [stay("OSL", "2026-01-01T00:00:00+01:00")]
    s = scenario([
        # A: two overlapping own-wish decisions, 1-3 and 2-5 March: 2 cases, union 4 days = 96 h
        person("A", everywhere, [excl("E1", "2026-03-01T00:00:00+01:00", "2026-03-03T00:00:00+01:00", "own_wish"),
                                 excl("E2", "2026-03-02T00:00:00+01:00", "2026-03-05T00:00:00+01:00", "own_wish",
                                      scope="partial")]),
        # B: quarantine from 27 Feb to 2 March: no case in March, 24 h inside it
        person("B", everywhere, [excl("E1", "2026-02-27T00:00:00+01:00", "2026-03-02T00:00:00+01:00",
                                      "quarantine")]),
        # C: open since 31 March 12:00 summer time, evaluated 1 April 00:00: 12 h
        person("C", everywhere, [excl("E1", "2026-03-31T12:00:00+02:00", None)]),
        # D: own wish across the change to summer time (29 March): 47 h, not 48; overlaps A's
        # time of day but not A's decisions, and only one person's decisions are merged
        person("D", everywhere, [excl("E1", "2026-03-28T12:00:00+01:00", "2026-03-30T12:00:00+02:00",
                                      "own_wish")]),
        # E: starts at evaluated_at: has not happened
        person("E", everywhere, [excl("E1", "2026-04-01T00:00:00+02:00", None, "quarantine")]),
    ], evaluated_at="2026-04-01T00:00:00+02:00")
    # cases 3 + 0 + 1 = 4; hours 143 + 24 + 12 = 179
    assert tb.grounds(s, *MARCH) == [
        GroundsRow("order_and_security", 1, 12.0, 0.25, 0.067),  # 12/179 = 0.0670
        GroundsRow("own_wish", 3, 143.0, 0.75, 0.799),  # 143/179 = 0.79888
        GroundsRow("quarantine", 0, 24.0, 0.0, 0.134),  # 24/179 = 0.13408
    ]


def test_grounds_rounds_half_away_from_zero():
    everywhere = [stay("OSL", "2026-01-01T00:00:00+01:00")]
    # 9 minutes = 0.15 h -> 0.2 (Python's round() gives 0.1); 15 minutes = 0.25 h -> 0.3 (round: 0.2).
    # 16 cases, one of them quarantine: 1/16 = 0.0625 -> 0.063 and 15/16 = 0.9375 -> 0.938.
    decisions = [excl(f"E{i}", f"2026-03-{i + 2:02d}T10:00:00+01:00", f"2026-03-{i + 2:02d}T10:01:00+01:00",
                      "own_wish") for i in range(15)]
    s = scenario([
        person("A", everywhere, [excl("Q", "2026-03-01T10:00:00+01:00", "2026-03-01T10:09:00+01:00",
                                      "quarantine")]),
        person("B", everywhere, decisions),
    ])
    rows = tb.grounds(s, *MARCH)
    assert rows == [GroundsRow("own_wish", 15, 0.3, 0.938, 0.625),  # 15 min / 24 min = 0.625 exactly
                    GroundsRow("quarantine", 1, 0.2, 0.063, 0.375)]


def test_grounds_of_an_empty_period_is_empty():
    s = scenario([person("A", [stay("OSL", "2026-01-01T00:00:00+01:00")],
                         [excl("E1", "2026-01-05T00:00:00+01:00", "2026-01-06T00:00:00+01:00")])])
    assert tb.grounds(s, *MARCH) == []


# ------------------------------------------------------------------ day, association, isolated


def _census_scenario():
    everywhere = [stay("OSL", "2026-01-01T00:00:00+01:00")]
    return scenario([
        *(person(f"P{m}", everywhere) for m in (0, 1, 119, 120, 239, 240, 479, 480)),
        person("OUT", [stay("OSL", "2026-01-01T00:00:00+01:00", "2026-03-18T11:00:00+01:00")]),  # left at 11
        person("IN", [stay("BER", "2026-03-18T13:00:00+01:00")]),  # arrived at 13
        person("BER1", [stay("BER", "2026-01-01T00:00:00+01:00")]),
    ])


def _census_days():
    rows = [day_row(f"P{m}", "2026-03-18", out_of_cell=m, association=m) for m in (0, 1, 119, 120, 239, 240, 479, 480)]
    rows += [
        day_row("OUT", "2026-03-18", custody=660),
        day_row("IN", "2026-03-18", custody=660),
        day_row("BER1", "2026-03-18", out_of_cell=30, association=0, isolated=True, cause="full_exclusion:own_wish"),
        day_row("BER1", "2026-03-17", out_of_cell=600, association=600),  # another date: ignored
    ]
    return rows


def test_day_bands_at_exact_boundaries():
    # lt2h: 0, 1, 119; 2to4h: 120, 239; 4to8h: 240, 479; ge8h: 480. OUT and IN are not in custody at 12:00.
    assert tb.day(_census_scenario(), _census_days(), d("2026-03-18")) == [
        BandRow("BER", "lt2h", 1),
        BandRow("OSL", "2to4h", 2),
        BandRow("OSL", "4to8h", 2),
        BandRow("OSL", "ge8h", 1),
        BandRow("OSL", "lt2h", 3),
    ]


def test_association_bands_at_exact_boundaries():
    # none: 0; lt2h: 1, 119; 2to8h: 120, 239, 240, 479; ge8h: 480
    assert tb.association(_census_scenario(), _census_days(), d("2026-03-18")) == [
        BandRow("BER", "none", 1),
        BandRow("OSL", "2to8h", 4),
        BandRow("OSL", "ge8h", 1),
        BandRow("OSL", "lt2h", 2),
        BandRow("OSL", "none", 1),
    ]


def test_isolated_counts_isolated_days_by_cause():
    days = _census_days() + [day_row("P0", "2026-03-18", isolated=True, cause="unregistered")]
    days = [r for r in days if not (r.person == "P0" and not r.isolated)]
    days.append(day_row("OUT", "2026-03-18", isolated=True, cause="security_cell"))  # not there at 12:00
    assert tb.isolated(_census_scenario(), days, d("2026-03-18")) == [
        IsolatedRow("BER", "full_exclusion:own_wish", 1),
        IsolatedRow("OSL", "unregistered", 1),
    ]


def test_day_for_a_date_without_rows_is_empty():
    assert tb.day(_census_scenario(), _census_days(), d("2026-06-01")) == []


# ------------------------------------------------------------------ over22


def test_over22_counts_only_ended_episodes_placed_at_their_start():
    s = scenario([
        person("A", [stay("OSL", "2026-01-01T00:00:00+01:00", "2026-03-10T00:00:00+01:00"),
                     stay("BER", "2026-03-10T00:00:00+01:00")]),
    ], evaluated_at="2026-04-10T00:00:00+02:00")
    eps = [
        episode("A", "2026-03-05T08:00:00+01:00", "2026-03-12T08:00:00+01:00", over_22h=True),  # OSL (start)
        episode("A", "2026-03-13T08:00:00+01:00", "2026-03-14T08:00:00+01:00", over_22h=False),  # BER
        episode("A", "2026-03-20T08:00:00+01:00", None, over_22h=True),  # ongoing: not counted
        episode("A", "2026-03-20T08:00:00+01:00", "2026-04-01T00:00:00+02:00"),  # ends at the period end
        episode("A", "2026-02-20T08:00:00+01:00", "2026-03-01T00:00:00+01:00"),  # ends at the period start
        episode("A", "2026-03-15T08:00:00+01:00", "2026-03-16T08:00:00+01:00", over_22h=None),  # no custody
        episode("A", "2026-03-15T08:00:00+01:00", "2026-03-16T08:00:00+01:00", kind="partial_exclusion"),
    ]
    assert tb.over22(s, eps, *MARCH) == [
        Over22Row("BER", False, 1),
        Over22Row("OSL", True, 2),
    ]
    assert tb.over22(s, eps, *APRIL) == [Over22Row("BER", True, 1)]


def test_over22_ignores_an_end_after_evaluated_at():
    s = scenario([person("A", [stay("OSL", "2026-01-01T00:00:00+01:00")])],
                 evaluated_at="2026-03-15T00:00:00+01:00")
    eps = [episode("A", "2026-03-05T08:00:00+01:00", "2026-03-20T08:00:00+01:00")]
    assert tb.over22(s, eps, *MARCH) == []


# ------------------------------------------------------------------ reuse with other keys


def test_facts_regroup_by_region_and_sex_for_drill_down():
    prisons = (Prison("OSL", "east", "high"), Prison("ULL", "east", "high"), Prison("BER", "west", "lower"))
    s = scenario([
        person("A", [stay("OSL", "2026-01-01T00:00:00+01:00")], sex="female"),
        person("B", [stay("ULL", "2026-01-01T00:00:00+01:00")], sex="male"),
        person("C", [stay("BER", "2026-01-01T00:00:00+01:00")], sex="male"),
        person("D", [stay("XXX", "2026-01-01T00:00:00+01:00")], sex="male"),  # prison not described
    ], prisons=prisons)
    eps = [episode(p, "2026-03-02T08:00:00+01:00", "2026-03-03T08:00:00+01:00") for p in "ABCD"]
    facts = tb.started_facts(s, eps, *MARCH)
    assert tally(facts, ("region",)) == [(("east",), 2), (("west",), 1), ((None,), 1)]
    assert tally(facts, ("nation", "scope")) == [(("NO", "full"), 4)]
    assert tally(facts, ("security_level", "sex"), where=lambda f: f.place.region == "east") == [
        (("high", "female"), 1), (("high", "male"), 1)]
