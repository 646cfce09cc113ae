"""Episodes computed by hand from measures.md "Episodes" and "Over or under 22 h"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fellesskap.ledger import compute_episodes, round_hours
from fellesskap.ledger.tests.helpers import episodes, iv, scenario


def excl(id_, start, end, scope="full", ground="order_and_security"):
    return iv(start, end, id=id_, scope=scope, ground=ground)


def means(id_, kind, start, end):
    return iv(start, end, id=id_, kind=kind)


def summary(eps):
    return [(e.kind, e.decisions, e.hours) for e in eps]


def test_renewal_exactly_24_hours_later_joins_the_episode():
    eps = episodes("2026-05-01", "2026-05-10", exclusions=[
        excl("E1", "2026-05-01T08:00:00+02:00", "2026-05-02T08:00:00+02:00"),
        excl("E2", "2026-05-03T08:00:00+02:00", "2026-05-04T08:00:00+02:00"),
    ])
    # 1 May 08:00 to 4 May 08:00 = 72 h, gap included.
    assert summary(eps) == [("full_exclusion", ("E1", "E2"), 72.0)]


def test_renewal_23_hours_59_minutes_later_joins_the_episode():
    eps = episodes("2026-05-01", "2026-05-10", exclusions=[
        excl("E1", "2026-05-01T08:00:00+02:00", "2026-05-02T08:00:00+02:00"),
        excl("E2", "2026-05-03T07:59:00+02:00", "2026-05-04T08:00:00+02:00"),
    ])
    assert summary(eps) == [("full_exclusion", ("E1", "E2"), 72.0)]


def test_renewal_a_minute_over_24_hours_later_starts_a_new_episode():
    eps = episodes("2026-05-01", "2026-05-10", exclusions=[
        excl("E1", "2026-05-01T08:00:00+02:00", "2026-05-02T08:00:00+02:00"),
        excl("E2", "2026-05-03T08:01:00+02:00", "2026-05-04T08:00:00+02:00"),
    ])
    assert summary(eps) == [("full_exclusion", ("E1",), 24.0), ("full_exclusion", ("E2",), 24.0)]


def test_gap_is_measured_from_the_latest_end_so_far():
    # E2 lies inside E1; E3 starts 23 h after E1 ends (but 3 days after E2 ends).
    eps = episodes("2026-05-01", "2026-05-20", exclusions=[
        excl("E1", "2026-05-01T00:00:00+02:00", "2026-05-05T00:00:00+02:00"),
        excl("E2", "2026-05-01T12:00:00+02:00", "2026-05-02T00:00:00+02:00"),
        excl("E3", "2026-05-05T23:00:00+02:00", "2026-05-06T00:00:00+02:00"),
    ])
    assert summary(eps) == [("full_exclusion", ("E1", "E2", "E3"), 120.0)]


def test_full_then_partial_are_two_episodes_of_their_own_kinds():
    eps = episodes("2026-05-01", "2026-05-10", exclusions=[
        excl("E1", "2026-05-01T08:00:00+02:00", "2026-05-05T08:00:00+02:00"),
        excl("E2", "2026-05-05T08:00:00+02:00", "2026-05-08T08:00:00+02:00", scope="partial"),
    ])
    assert summary(eps) == [("full_exclusion", ("E1",), 96.0), ("partial_exclusion", ("E2",), 72.0)]
    assert eps[1].long is False and eps[1].over_22h is None


def test_cell_bed_cell_is_one_security_cell_episode_and_the_bed_its_own():
    eps = episodes("2026-05-04", "2026-05-05", coercive_means=[
        means("C1", "security_cell", "2026-05-04T10:00:00+02:00", "2026-05-04T12:00:00+02:00"),
        means("B1", "security_bed", "2026-05-04T12:00:00+02:00", "2026-05-04T13:00:00+02:00"),
        means("C2", "security_cell", "2026-05-04T13:00:00+02:00", "2026-05-04T15:30:00+02:00"),
    ])
    assert summary(eps) == [("security_cell", ("C1", "B1", "C2"), 5.5), ("security_bed", ("B1",), 1.0)]


def test_security_cell_has_no_merge_gap():
    eps = episodes("2026-05-04", "2026-05-05", coercive_means=[
        means("C1", "security_cell", "2026-05-04T10:00:00+02:00", "2026-05-04T12:00:00+02:00"),
        means("C2", "security_cell", "2026-05-04T12:01:00+02:00", "2026-05-04T13:00:00+02:00"),
        means("H1", "handcuffs", "2026-05-04T12:00:00+02:00", "2026-05-04T12:01:00+02:00"),
    ])
    assert summary(eps) == [("security_cell", ("C1",), 2.0), ("security_cell", ("C2",), 1.0)]


def test_bed_alone_is_only_a_security_bed_episode():
    eps = episodes("2026-05-04", "2026-05-05", coercive_means=[
        means("B1", "security_bed", "2026-05-04T10:00:00+02:00", "2026-05-04T11:00:00+02:00")])
    assert summary(eps) == [("security_bed", ("B1",), 1.0)]


def test_long_exclusion_is_strictly_over_1008_hours():
    at_42 = episodes("2026-05-01", "2026-07-01", exclusions=[
        excl("E1", "2026-05-01T08:00:00+02:00", "2026-06-12T08:00:00+02:00")])
    assert (at_42[0].hours, at_42[0].long) == (1008.0, False)
    over = episodes("2026-05-01", "2026-07-01", exclusions=[
        excl("E1", "2026-05-01T08:00:00+02:00", "2026-06-12T08:01:00+02:00")])
    assert (over[0].hours, over[0].long) == (1008.0, True)


def test_over_22h_at_exactly_eleven_twelfths():
    # 6 h exclusion in custody: 360 min; 30 min contact -> 330 = 11/12 of 360 -> over.
    base = dict(exclusions=[excl("E1", "2026-05-04T08:00:00+02:00", "2026-05-04T14:00:00+02:00")])
    over = episodes("2026-05-04", "2026-05-05", contacts=[
        iv("2026-05-04T09:00:00+02:00", "2026-05-04T09:30:00+02:00", kind="visit")], **base)
    assert over[0].over_22h is True
    under = episodes("2026-05-04", "2026-05-05", contacts=[
        iv("2026-05-04T09:00:00+02:00", "2026-05-04T09:31:00+02:00", kind="visit")], **base)
    assert under[0].over_22h is False


def test_over_22h_counts_only_contact_inside_the_episode_and_custody():
    # Contact 07-09 overlaps the episode (08-14) by 60 min: 300 of 360 < 330 -> under.
    eps = episodes("2026-05-04", "2026-05-05",
                   exclusions=[excl("E1", "2026-05-04T08:00:00+02:00", "2026-05-04T14:00:00+02:00")],
                   contacts=[iv("2026-05-04T07:00:00+02:00", "2026-05-04T09:00:00+02:00", kind="visit"),
                             iv("2026-05-04T15:00:00+02:00", "2026-05-04T20:00:00+02:00", kind="visit"),
                             iv("2026-05-04T10:00:00+02:00", "2026-05-04T13:00:00+02:00", kind="phone")])
    assert eps[0].over_22h is False


def test_over_22h_is_null_without_custody():
    eps = episodes("2026-05-04", "2026-05-05",
                   stays=[{"prison": "OSL", "status": "remand", "start": "2026-05-04T15:00:00+02:00",
                           "end": None}],
                   exclusions=[excl("E1", "2026-05-04T08:00:00+02:00", "2026-05-04T14:00:00+02:00")])
    assert eps[0].over_22h is None and eps[0].hours == 6.0


def test_ongoing_episode_has_no_end_and_hours_up_to_evaluated_at():
    eps = episodes("2026-05-01", "2026-05-10", "2026-05-03T20:30:00+02:00", exclusions=[
        excl("E1", "2026-05-01T08:00:00+02:00", "2026-05-02T08:00:00+02:00"),
        excl("E2", "2026-05-02T08:00:00+02:00", "2026-05-09T08:00:00+02:00"),  # ends after evaluated_at
        excl("E3", "2026-05-03T20:30:00+02:00", None),                         # starts at it: ignored
    ])
    assert summary(eps) == [("full_exclusion", ("E1", "E2"), 60.5)]
    assert eps[0].end is None


def test_an_episode_ending_exactly_at_evaluated_at_has_ended():
    eps = episodes("2026-05-01", "2026-05-10", "2026-05-02T08:00:00+02:00", exclusions=[
        excl("E1", "2026-05-01T08:00:00+02:00", "2026-05-02T08:00:00+02:00")])
    assert eps[0].end == datetime(2026, 5, 2, 6, 0, tzinfo=UTC)


def test_hours_across_the_spring_change_are_exact():
    # 28 March 22:00+01:00 to 29 March 06:00+02:00 = 7 real hours.
    eps = episodes("2026-03-28", "2026-03-30", exclusions=[
        excl("E1", "2026-03-28T22:00:00+01:00", "2026-03-29T06:00:00+02:00")])
    assert eps[0].hours == 7.0


def test_only_episodes_overlapping_the_period_are_in_the_ledger_but_compute_episodes_has_all():
    records = dict(exclusions=[
        excl("E1", "2026-04-01T08:00:00+02:00", "2026-04-03T08:00:00+02:00"),
        excl("E2", "2026-05-01T08:00:00+02:00", "2026-05-02T08:00:00+02:00"),
        excl("E3", "2026-05-31T08:00:00+02:00", "2026-06-01T00:00:00+02:00"),  # ends at period start
    ])
    assert [e.decisions for e in episodes("2026-05-01", "2026-05-31", **records)] == [("E2",)]
    s = scenario("2026-05-01", "2026-05-31", "2026-07-01T00:00:00+02:00", **records)
    assert [e.decisions for e in compute_episodes(s.persons[0], s.evaluated_at)] == [("E1",), ("E2",), ("E3",)]


def test_merge_gap_is_a_parameter():
    s = scenario("2026-05-01", "2026-05-10", exclusions=[
        excl("E1", "2026-05-01T08:00:00+02:00", "2026-05-02T08:00:00+02:00"),
        excl("E2", "2026-05-04T08:00:00+02:00", "2026-05-05T08:00:00+02:00"),
    ])
    person = s.persons[0]
    assert len(compute_episodes(person, s.evaluated_at)) == 2
    assert len(compute_episodes(person, s.evaluated_at, merge_gap=timedelta(hours=48))) == 1


def test_hours_round_half_away_from_zero_from_exact_seconds():
    assert round_hours(3 * 60) == 0.1          # 0.05 h
    assert round_hours(3 * 60 - 1) == 0.0      # 0.04997 h
    assert round_hours(3600 + 9 * 60) == 1.2   # 1.15 h (a float would give 1.1 or 1.2 by luck)
    assert round_hours(-3 * 60) == -0.1
