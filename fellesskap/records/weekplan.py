"""Week plan (ukeplan) arithmetic: planned meaningful contact per weekday and
the planned-against-actual table. Pure functions (no ORM), so the screen, the
command and the tests agree on one way to count."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta

from fellesskap import vocabulary as voc

# The minimum meaningful contact a week plan must offer every day (KDI).
DAILY_MINUTES = 120


def _minutes(a: time, b: time) -> int:
    return (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)


def planned_minutes(items: Iterable[Mapping]) -> dict[int, int]:
    """Minutes of meaningful contact planned per weekday (0 = Monday), with
    overlapping items counted once: two activities at the same hour are still
    one hour of the person's day."""
    by_day: dict[int, list[tuple[time, time]]] = {d: [] for d in range(7)}
    for item in items:
        if item["kind"] in voc.MEANINGFUL_CONTACT_KINDS:
            by_day[item["weekday"]].append((item["start_time"], item["end_time"]))
    result = {}
    for weekday, spans in by_day.items():
        total, cur_start, cur_end = 0, None, None
        for s, e in sorted(spans):
            if cur_end is None or s > cur_end:
                if cur_end is not None:
                    total += _minutes(cur_start, cur_end)
                cur_start, cur_end = s, e
            else:
                cur_end = max(cur_end, e)
        if cur_end is not None:
            total += _minutes(cur_start, cur_end)
        result[weekday] = total
    return result


def short_days(items: Iterable[Mapping]) -> list[int]:
    """Weekdays whose planned meaningful contact is under two hours."""
    return [d for d, minutes in planned_minutes(items).items() if minutes < DAILY_MINUTES]


@dataclass(frozen=True)
class DayRow:
    """One row of planned against actual: the date, minutes planned, minutes
    that happened (None for a day not yet over or not in custody), and whether
    the plan itself is short of two hours."""

    day: date
    planned: int
    actual: int | None
    short: bool

    @property
    def missing(self) -> int | None:
        return None if self.actual is None else max(0, self.planned - self.actual)


def day_table(week_start: date, planned: Mapping[int, int], actual: Mapping[date, int]) -> list[DayRow]:
    rows = []
    for n in range(7):
        day = week_start + timedelta(days=n)
        minutes = planned.get(day.weekday(), 0)
        rows.append(DayRow(day=day, planned=minutes, actual=actual.get(day), short=minutes < DAILY_MINUTES))
    return rows
