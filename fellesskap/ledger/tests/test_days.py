"""Person-days computed by hand from measures.md (every expected number is worked out in the comment)."""

from __future__ import annotations

from fellesskap.ledger.tests.helpers import days, iv


def contact(kind, start, end):
    return iv(start, end, kind=kind)


def test_spring_dst_day_has_1380_minutes_and_one_hour_of_contact_still_isolates():
    # 29 March 2026: 23 h day. 60 min contact -> 1320 without contact -> isolated.
    d = days("2026-03-29", "2026-03-30",
             contacts=[contact("visit", "2026-03-29T10:00:00+02:00", "2026-03-29T11:00:00+02:00")])
    day = d["2026-03-29"]
    assert day.custody_minutes == 1380
    assert day.no_contact_minutes == 1320
    assert day.isolated and day.cause == "unregistered"


def test_spring_dst_day_61_minutes_of_contact_is_not_isolated():
    d = days("2026-03-29", "2026-03-30",
             contacts=[contact("visit", "2026-03-29T10:00:00+02:00", "2026-03-29T11:01:00+02:00")])
    assert d["2026-03-29"].no_contact_minutes == 1319
    assert not d["2026-03-29"].isolated and d["2026-03-29"].cause is None


def test_autumn_dst_day_has_1500_minutes_and_three_hours_of_contact_still_isolate():
    # 25 October 2026: 25 h day. 180 min contact -> 1320 without -> isolated; 181 -> not.
    three = days("2026-10-25", "2026-10-26",
                 contacts=[contact("association", "2026-10-25T09:00:00+01:00", "2026-10-25T12:00:00+01:00")])
    assert three["2026-10-25"].custody_minutes == 1500
    assert three["2026-10-25"].isolated
    more = days("2026-10-25", "2026-10-26",
                contacts=[contact("association", "2026-10-25T09:00:00+01:00", "2026-10-25T12:01:00+01:00")])
    assert not more["2026-10-25"].isolated


def test_night_across_the_autumn_change_counts_exact_minutes():
    # 00:30+02:00 to 03:30+01:00 is four real hours (the clock shows three).
    d = days("2026-10-25", "2026-10-26",
             unlock=[iv("2026-10-25T00:30:00+02:00", "2026-10-25T03:30:00+01:00")])
    assert d["2026-10-25"].out_of_cell_minutes == 240


def test_exactly_two_hours_of_contact_on_a_24_hour_day_is_isolated():
    d = days("2026-05-04", "2026-05-05",
             contacts=[contact("association", "2026-05-04T09:00:00+02:00", "2026-05-04T11:00:00+02:00")])
    day = d["2026-05-04"]
    assert (day.custody_minutes, day.contact_minutes, day.no_contact_minutes) == (1440, 120, 1320)
    assert day.isolated and day.isolated_streak == 1


def test_overlapping_contacts_are_counted_once():
    # association 09-11, visit 10-12, conversation 10:30-10:45: union 09-12 = 180.
    d = days("2026-05-04", "2026-05-05", contacts=[
        contact("association", "2026-05-04T09:00:00+02:00", "2026-05-04T11:00:00+02:00"),
        contact("visit", "2026-05-04T10:00:00+02:00", "2026-05-04T12:00:00+02:00"),
        contact("staff_conversation", "2026-05-04T10:30:00+02:00", "2026-05-04T10:45:00+02:00"),
    ])
    day = d["2026-05-04"]
    assert day.contact_minutes == 180
    assert day.association_minutes == 120
    # Only association of these is out of cell; a visit may happen at the cell door.
    assert day.out_of_cell_minutes == 120
    assert day.no_contact_minutes == 1260 and not day.isolated


def test_phone_is_recorded_but_not_contact():
    d = days("2026-05-04", "2026-05-05",
             contacts=[contact("phone", "2026-05-04T09:00:00+02:00", "2026-05-04T12:00:00+02:00")])
    assert d["2026-05-04"].contact_minutes == 0
    assert d["2026-05-04"].isolated


def test_out_of_cell_is_the_union_of_unlock_outdoor_and_association():
    # unlock 08-09, outdoor 08:30-10, association 09:30-11 -> 08-11 = 180.
    d = days("2026-05-04", "2026-05-05",
             unlock=[iv("2026-05-04T08:00:00+02:00", "2026-05-04T09:00:00+02:00")],
             outdoor=[iv("2026-05-04T08:30:00+02:00", "2026-05-04T10:00:00+02:00")],
             contacts=[contact("association", "2026-05-04T09:30:00+02:00", "2026-05-04T11:00:00+02:00")])
    day = d["2026-05-04"]
    assert (day.out_of_cell_minutes, day.outdoor_minutes, day.association_minutes, day.contact_minutes) == \
        (180, 90, 90, 90)


def test_session_across_midnight_is_split_between_the_days():
    d = days("2026-05-04", "2026-05-06",
             contacts=[contact("association", "2026-05-04T23:00:00+02:00", "2026-05-05T01:30:00+02:00")])
    assert d["2026-05-04"].association_minutes == 60
    assert d["2026-05-05"].association_minutes == 90


def test_arrival_and_release_days_are_never_isolated():
    # In 04 May 10:00, out 06 May 15:00: 840 and 900 minutes with no contact at all.
    d = days("2026-05-04", "2026-05-08",
             stays=[{"prison": "OSL", "status": "remand", "start": "2026-05-04T10:00:00+02:00",
                     "end": "2026-05-06T15:00:00+02:00"}])
    assert sorted(d) == ["2026-05-04", "2026-05-05", "2026-05-06"]
    assert (d["2026-05-04"].custody_minutes, d["2026-05-04"].isolated, d["2026-05-04"].isolated_streak) == \
        (840, False, 0)
    assert d["2026-05-05"].isolated and d["2026-05-05"].isolated_streak == 1
    assert (d["2026-05-06"].custody_minutes, d["2026-05-06"].isolated) == (900, False)


def test_contact_outside_custody_does_not_count():
    d = days("2026-05-04", "2026-05-05",
             stays=[{"prison": "OSL", "status": "remand", "start": "2026-05-04T10:00:00+02:00", "end": None}],
             contacts=[contact("visit", "2026-05-04T09:00:00+02:00", "2026-05-04T10:30:00+02:00")])
    assert d["2026-05-04"].contact_minutes == 30
    assert d["2026-05-04"].no_contact_minutes == 840 - 30


def test_open_records_run_to_evaluated_at_and_nothing_after_it_counts():
    d = days("2026-05-04", "2026-05-07", "2026-05-05T12:00:00+02:00", contacts=[
        contact("visit", "2026-05-05T11:00:00+02:00", None),            # open: 11-12 = 60
        contact("health", "2026-05-05T11:30:00+02:00", "2026-05-05T14:00:00+02:00"),  # ends after: ongoing
        contact("association", "2026-05-05T12:00:00+02:00", "2026-05-05T13:00:00+02:00"),  # starts at: none
    ])
    assert sorted(d) == ["2026-05-04", "2026-05-05"]
    assert d["2026-05-04"].custody_minutes == 1440
    today = d["2026-05-05"]
    assert (today.custody_minutes, today.contact_minutes, today.association_minutes) == (720, 60, 0)
    assert not today.isolated


def test_states_count_overlapping_decisions_of_one_regime_once_and_only_inside_custody():
    # Two full exclusions 06-12 and 10-14 -> 06-14 = 480; cell 20:00-22:00 = 120.
    # Custody ends 21:00, so the cell counts 60.
    d = days("2026-05-04", "2026-05-05",
             stays=[{"prison": "OSL", "status": "remand", "start": "2026-05-01T00:00:00+02:00",
                     "end": "2026-05-04T21:00:00+02:00"}],
             exclusions=[
                 iv("2026-05-04T06:00:00+02:00", "2026-05-04T12:00:00+02:00", id="E1", scope="full",
                    ground="own_wish"),
                 iv("2026-05-04T10:00:00+02:00", "2026-05-04T14:00:00+02:00", id="E2", scope="full",
                    ground="quarantine"),
             ],
             coercive_means=[iv("2026-05-04T20:00:00+02:00", "2026-05-04T22:00:00+02:00", id="C1",
                                kind="security_cell"),
                             iv("2026-05-04T08:00:00+02:00", "2026-05-04T09:00:00+02:00", id="H1",
                                kind="handcuffs")])
    assert d["2026-05-04"].states == {"full_exclusion": 480, "security_cell": 60}


def _full(id_, start, end, ground):
    return iv(start, end, id=id_, scope="full", ground=ground)


def test_cause_is_the_regime_with_most_minutes_even_if_later_in_the_tie_order():
    # Full exclusion all day (1440) beats a security cell of 2 h.
    d = days("2026-05-04", "2026-05-05",
             exclusions=[_full("E1", "2026-05-01T08:00:00+02:00", None, "order_and_security")],
             coercive_means=[iv("2026-05-04T10:00:00+02:00", "2026-05-04T12:00:00+02:00", id="C1",
                                kind="security_cell")])
    assert d["2026-05-04"].cause == "full_exclusion:order_and_security"
    assert d["2026-05-04"].states == {"full_exclusion": 1440, "security_cell": 120}


def test_cause_ties_go_bed_then_cell():
    d = days("2026-05-04", "2026-05-05", coercive_means=[
        iv("2026-05-04T10:00:00+02:00", "2026-05-04T12:00:00+02:00", id="C1", kind="security_cell"),
        iv("2026-05-04T14:00:00+02:00", "2026-05-04T16:00:00+02:00", id="B1", kind="security_bed"),
    ])
    assert d["2026-05-04"].cause == "security_bed"


def test_cause_ties_between_grounds_go_to_the_earliest_start_then_the_ground_name():
    earliest = days("2026-05-04", "2026-05-05", exclusions=[
        _full("E1", "2026-05-04T12:00:00+02:00", "2026-05-04T18:00:00+02:00", "order_and_security"),
        _full("E2", "2026-05-03T06:00:00+02:00", "2026-05-04T06:00:00+02:00", "quarantine"),
    ])
    # 360 minutes each on 4 May; E2 started the day before.
    assert earliest["2026-05-04"].cause == "full_exclusion:quarantine"
    by_name = days("2026-05-04", "2026-05-05", exclusions=[
        _full("E1", "2026-05-04T06:00:00+02:00", "2026-05-04T09:00:00+02:00", "quarantine"),
        _full("E2", "2026-05-04T06:00:00+02:00", "2026-05-04T09:00:00+02:00", "own_wish"),
    ])
    assert by_name["2026-05-04"].cause == "full_exclusion:own_wish"


def test_cause_sums_decisions_of_one_ground_before_comparing():
    # own_wish 2 x 2 h = 240 beats quarantine 3 h = 180.
    d = days("2026-05-04", "2026-05-05", exclusions=[
        _full("E1", "2026-05-04T01:00:00+02:00", "2026-05-04T03:00:00+02:00", "own_wish"),
        _full("E2", "2026-05-04T05:00:00+02:00", "2026-05-04T07:00:00+02:00", "own_wish"),
        _full("E3", "2026-05-04T00:00:00+02:00", "2026-05-04T03:00:00+02:00", "quarantine"),
    ])
    assert d["2026-05-04"].cause == "full_exclusion:own_wish"


def test_streak_breaks_on_a_day_with_contact_and_starts_again():
    d = days("2026-05-04", "2026-05-08",
             contacts=[contact("association", "2026-05-06T09:00:00+02:00", "2026-05-06T15:00:00+02:00")])
    assert [d[k].isolated_streak for k in sorted(d)] == [1, 2, 0, 1]


def test_streak_breaks_on_a_day_out_of_custody():
    d = days("2026-05-04", "2026-05-08", stays=[
        {"prison": "OSL", "status": "remand", "start": "2026-05-01T00:00:00+02:00",
         "end": "2026-05-05T00:00:00+02:00"},
        {"prison": "OSL", "status": "remand", "start": "2026-05-06T00:00:00+02:00", "end": None},
    ])
    assert sorted(d) == ["2026-05-04", "2026-05-06", "2026-05-07"]
    assert [d[k].isolated_streak for k in sorted(d)] == [1, 1, 2]


def test_seconds_are_summed_over_the_day_before_flooring():
    # Two contacts of 30 min 30 s: 61 minutes (floored from 3660 s), not 60.
    d = days("2026-05-04", "2026-05-05", contacts=[
        contact("visit", "2026-05-04T09:00:00+02:00", "2026-05-04T09:30:30+02:00"),
        contact("visit", "2026-05-04T10:00:00+02:00", "2026-05-04T10:30:30+02:00"),
    ])
    assert d["2026-05-04"].contact_minutes == 61
