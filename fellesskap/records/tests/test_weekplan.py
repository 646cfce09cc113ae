"""The week-plan arithmetic: overlaps count once, phone calls are not
meaningful, a day under two hours is short, and the table lines planned up
against what happened."""

from datetime import date, time

from fellesskap.records import weekplan


def item(weekday, kind, start, end):
    return {"weekday": weekday, "kind": kind, "start_time": time(*start), "end_time": time(*end)}


def test_overlapping_items_count_once_and_phone_is_not_meaningful():
    items = [item(0, "staff_conversation", (10,), (11,)), item(0, "education", (10, 30), (12,)),
             item(0, "phone", (13,), (15,)), item(1, "visit", (9,), (11,))]
    planned = weekplan.planned_minutes(items)
    assert planned[0] == 120 and planned[1] == 120 and planned[2] == 0
    assert weekplan.short_days(items) == [2, 3, 4, 5, 6]


def test_a_day_of_119_minutes_is_short():
    assert 0 in weekplan.short_days([item(0, "visit", (9,), (10, 59))])
    assert 0 not in weekplan.short_days([item(0, "visit", (9,), (11,))])


def test_day_table_lines_up_planned_and_actual():
    monday = date(2026, 11, 16)
    rows = weekplan.day_table(monday, {0: 120, 1: 60}, {monday: 45, date(2026, 11, 17): 90})
    assert [r.day.weekday() for r in rows] == list(range(7))
    assert (rows[0].planned, rows[0].actual, rows[0].missing, rows[0].short) == (120, 45, 75, False)
    assert (rows[1].missing, rows[1].short) == (0, True)
    assert rows[2].actual is None and rows[2].missing is None
