"""The pure figures behind the board and the person page, checked against
hand-computed values (measures.md: 1,320 minutes without meaningful contact
make an isolated day; overlaps count once; phone is not meaningful)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from fellesskap.ledger.types import PersonDay
from fellesskap.scenario.model import CoerciveMeans, Contact, Exclusion, Person, Session, Stay
from fellesskap.web.figures.heatmap import calendar, summarise
from fellesskap.web.figures.timeline import day_timeline, subtract
from fellesskap.web.figures.today import today_status
from fellesskap.web.figures.weekplan import PlannedBlock, plan_against_actual, planned_minutes

OSLO = ZoneInfo("Europe/Oslo")


def t(day: str, hm: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(hm), tzinfo=OSLO).astimezone(UTC)


def held(since=None, until=None, **records) -> Person:
    return Person(id="P", stays=(Stay("A", "remand", since or t("2026-11-01", "08:00"), until),), **records)


def test_contact_so_far_counts_overlaps_once_and_not_the_phone():
    p = held(contacts=(Contact("staff_conversation", t("2026-11-20", "09:00"), t("2026-11-20", "09:30")),
                       Contact("association", t("2026-11-20", "09:15"), t("2026-11-20", "09:45")),
                       Contact("phone", t("2026-11-20", "08:00"), t("2026-11-20", "09:00"))))
    s = today_status(p, t("2026-11-20", "10:00"))
    assert (s.custody_minutes, s.contact_minutes, s.no_contact_minutes) == (600, 45, 555)
    # 555 min without contact so far; 14 h (840 min) left in the day. With
    # nothing more, 1,320 is reached after 765 min. 76 more minutes of contact
    # make 121 in all: 1,440 − 121 = 1,319 < 1,320.
    assert s.minutes_left == 765 and s.contact_needed == 76
    assert not s.isolated and s.goal_percent == 37 and not s.goal_reached


def test_the_warning_is_exact_at_the_threshold():
    """Exactly 2 h of contact on a 24-hour day is still isolated (measures.md)."""
    p = held(contacts=(Contact("visit", t("2026-11-20", "09:00"), t("2026-11-20", "11:00")),))
    s = today_status(p, t("2026-11-20", "12:00"))
    assert s.contact_minutes == 120 and s.goal_reached
    assert s.minutes_left == 1320 - (720 - 120) and s.contact_needed == 1


def test_a_short_day_in_custody_cannot_become_isolated():
    s = today_status(held(since=t("2026-11-20", "05:00")), t("2026-11-20", "10:00"))
    assert s.custody_minutes == 300 and s.minutes_left is None and s.contact_needed == 0


def test_a_known_release_shortens_the_rest_of_the_day():
    s = today_status(held(until=t("2026-11-20", "20:00")), t("2026-11-20", "10:00"))
    assert s.minutes_left is None  # 600 + 600 = 1,200 custody minutes at most


def test_isolated_already():
    s = today_status(held(), t("2026-11-20", "23:30"))
    assert s.isolated and s.no_contact_minutes == 1410 and s.minutes_left is None


def test_a_dst_day_has_23_hours():
    # 29 March 2026: clocks go from 02:00 to 03:00; noon is 11 h after midnight.
    s = today_status(held(since=t("2026-03-01", "08:00")), t("2026-03-29", "12:00"))
    assert s.custody_minutes == 660 and s.minutes_left == 1320 - 660


def test_open_contact_is_counted_up_to_now_and_flagged():
    p = held(contacts=(Contact("health", t("2026-11-20", "09:30"), None),))
    s = today_status(p, t("2026-11-20", "10:00"))
    assert s.contact_minutes == 30 and s.in_contact_now


def test_subtract():
    assert subtract([(0, 100)], [(10, 20), (30, 40)]) == [(0, 10), (20, 30), (40, 100)]
    assert subtract([(0, 10), (20, 30)], [(5, 25)]) == [(0, 5), (25, 30)]
    assert subtract([(0, 10)], []) == [(0, 10)]
    assert subtract([(0, 10)], [(0, 10)]) == []


def test_day_timeline_lanes():
    p = held(exclusions=(Exclusion("D1", "full", "order_and_security", t("2026-11-20", "08:00"), None),),
             coercive_means=(CoerciveMeans("C1", "handcuffs", t("2026-11-20", "07:00"), t("2026-11-20", "07:10")),),
             contacts=(Contact("association", t("2026-11-20", "10:00"), t("2026-11-20", "11:00")),),
             outdoor=(Session(t("2026-11-20", "13:00"), t("2026-11-20", "14:00")),),
             unlock=(Session(t("2026-11-20", "15:00"), None),))
    tl = day_timeline(p, date(2026, 11, 20), t("2026-11-20", "16:00"))
    lanes = {lane.key: lane for lane in tl.lanes}
    assert lanes["custody"].minutes == 16 * 60  # evaluated at 16:00: the rest has not happened
    assert lanes["full_exclusion"].minutes == 8 * 60
    assert lanes["security_cell"].minutes == 0  # handcuffs are no regime
    assert lanes["unlock"].minutes == 60
    # Locked in: 00–10, 11–13, 14–15.
    assert [(s.start.hour, s.end.hour) for s in lanes["locked_in"].segments] == [(0, 10), (11, 13), (14, 15)]
    bar = lanes["association"].segments[0]
    assert bar.left == round(10 / 24 * 100, 3) and bar.width == round(100 / 24, 3)
    assert len(tl.hours) == 24


def day(d: date, contact: int, isolated: bool = False, streak: int = 0) -> PersonDay:
    return PersonDay("P", d, 1440, contact, 0, 0, 0, 1440 - contact, isolated, None, streak)


def test_calendar_weeks_and_levels():
    rows = [day(date(2026, 11, 18), 0, True, 1), day(date(2026, 11, 19), 60), day(date(2026, 11, 20), 150)]
    weeks = calendar(rows, date(2026, 11, 18), date(2026, 11, 24))  # a Wednesday to a Tuesday
    assert [w.monday for w in weeks] == [date(2026, 11, 16), date(2026, 11, 23)]
    levels = [c.level for c in weeks[0].cells]
    assert levels == ["none", "none", "isolated", "under_goal", "goal", "none", "none"]
    assert not weeks[0].cells[0].in_period and weeks[1].cells[1].in_period and not weeks[1].cells[2].in_period
    s = summarise(rows)
    assert (s.days_in_custody, s.isolated_days, s.under_goal_days, s.longest_isolated_streak) == (3, 1, 1, 1)


def test_week_plan_counts_overlaps_once_and_leaves_out_the_phone():
    blocks = [PlannedBlock(0, "association", time(9), time(10)), PlannedBlock(0, "staff_conversation", time(9, 30),
              time(10, 30)), PlannedBlock(0, "phone", time(12), time(13)), PlannedBlock(1, "visit", time(9), time(12))]
    assert planned_minutes(blocks, 0) == 90 and planned_minutes(blocks, 1) == 180 and planned_minutes(blocks, 2) == 0
    monday = date(2026, 11, 16)
    rows = plan_against_actual(monday, blocks, [day(monday, 30)], date(2026, 11, 17))
    assert rows[0].planned_short and rows[0].behind_plan and rows[0].actual_minutes == 30
    assert rows[1].actual_minutes is None and not rows[1].planned_short  # not in the ledger rows given
    assert rows[3].actual_minutes is None  # after today


def test_seconds_past_the_minute_do_not_lose_a_minute():
    """At 19:36:11 the day still has 1,440 custody minutes: 121 minutes of
    contact are needed (1,440 − 121 = 1,319), not 120."""
    s = today_status(held(), t("2026-11-20", "19:36:11"))
    assert s.no_contact_minutes == 1176 and s.minutes_left == 144 and s.contact_needed == 121
