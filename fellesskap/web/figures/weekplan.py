"""A week plan (ukeplan) against what happened: planned meaningful contact per
day (overlapping blocks counted once, phone left out, as the plan's own check
does) next to the ledger's contact minutes for that day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from fellesskap.ledger.types import PersonDay
from fellesskap.vocabulary import MEANINGFUL_CONTACT_KINDS

GOAL_MINUTES = 120


@dataclass(frozen=True, slots=True)
class PlannedBlock:
    weekday: int  # 0 = Monday
    kind: str
    start: time
    end: time


@dataclass(frozen=True, slots=True)
class PlanDay:
    day: date
    planned_minutes: int
    actual_minutes: int | None  # None: the day has not come, or not in custody

    @property
    def planned_short(self) -> bool:
        return self.planned_minutes < GOAL_MINUTES

    @property
    def behind_plan(self) -> bool:
        return self.actual_minutes is not None and self.actual_minutes < self.planned_minutes


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def planned_minutes(blocks: list[PlannedBlock], weekday: int) -> int:
    """Minutes of planned meaningful contact on ``weekday``, overlaps once."""
    spans = sorted((_minutes(b.start), _minutes(b.end)) for b in blocks
                   if b.weekday == weekday and b.kind in MEANINGFUL_CONTACT_KINDS and b.end > b.start)
    total, cur_s, cur_e = 0, None, None
    for s, e in spans:
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        total += cur_e - cur_s
    return total


def plan_against_actual(week_start: date, blocks: list[PlannedBlock], days: list[PersonDay],
                        today: date | datetime) -> list[PlanDay]:
    """Seven rows from ``week_start``; a day after ``today`` has no actual figure yet."""
    if isinstance(today, datetime):
        today = today.date()
    by_day = {d.date: d for d in days}
    rows = []
    for i in range(7):
        day = week_start + timedelta(days=i)
        row = by_day.get(day)
        actual = row.contact_minutes if row is not None and day <= today else None
        rows.append(PlanDay(day, planned_minutes(blocks, day.weekday()), actual))
    return rows
