"""The appeal deadline (klagefrist) of a decision: pure date arithmetic.

forvaltningsloven § 29 gives three weeks from the day the person was told of
the decision. A deadline counted in weeks ends on the same weekday as the day
it is counted from; if that day is a Saturday, Sunday or public holiday it
moves to the next day that is none of these (fristloven § 5, and domstolloven
§ 148 which it mirrors — as we read them; to be confirmed by a lawyer). No
Django import: the same function serves the letter, the API and tests.
"""

from __future__ import annotations

from datetime import date, timedelta

# forvaltningsloven § 29 first paragraph. A parameter, not a literal in the
# letter, because a special act or a regulation may set another period.
APPEAL_WEEKS = 3


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> frozenset[date]:
    """Norwegian public holidays (helligdager, helligdagsloven § 2) and the
    statutory days off 1 and 17 May (høytidsdager)."""
    easter = easter_sunday(year)
    movable = (-3, -2, 0, 1, 39, 49, 50)  # Maundy Thursday … Whit Monday
    fixed = (date(year, 1, 1), date(year, 5, 1), date(year, 5, 17), date(year, 12, 25), date(year, 12, 26))
    return frozenset(fixed) | frozenset(easter + timedelta(days=n) for n in movable)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def appeal_deadline(notified: date, weeks: int = APPEAL_WEEKS) -> date:
    """The last day an appeal is in time when the person was told on ``notified``."""
    if weeks < 1:
        raise ValueError("weeks: the appeal period must be at least one week")
    last = notified + timedelta(weeks=weeks)
    while not is_working_day(last):
        last += timedelta(days=1)
    return last
