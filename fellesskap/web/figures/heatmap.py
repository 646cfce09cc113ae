"""The calendar heat map (kalender): meaningful contact minutes per day, laid
out in weeks (Monday first) as the ledger counted them.

Levels (what the colour says) are tied to the 2 h goal and the isolated-day
threshold, not to quantiles, so the same colour means the same thing for every
person: ``isolated`` (22 h or more without contact), ``under_goal`` (under
120 min, not isolated), ``goal`` (at least 120 min), ``none`` (not in custody
that day or outside the period).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from fellesskap.ledger.types import PersonDay

GOAL_MINUTES = 120


@dataclass(frozen=True, slots=True)
class Cell:
    day: date
    in_period: bool
    row: PersonDay | None

    @property
    def level(self) -> str:
        if self.row is None:
            return "none"
        if self.row.isolated:
            return "isolated"
        return "goal" if self.row.contact_minutes >= GOAL_MINUTES else "under_goal"


@dataclass(frozen=True, slots=True)
class Week:
    monday: date
    cells: tuple[Cell, ...]


def calendar(days: list[PersonDay], first: date, last: date) -> list[Week]:
    """Weeks from the Monday on or before ``first`` to the Sunday on or after
    ``last``; days outside ``[first, last]`` are blank cells."""
    by_day = {d.date: d for d in days}
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        cells = []
        for i in range(7):
            d = monday + timedelta(days=i)
            inside = first <= d <= last
            cells.append(Cell(d, inside, by_day.get(d) if inside else None))
        weeks.append(Week(monday, tuple(cells)))
        monday += timedelta(days=7)
    return weeks


@dataclass(frozen=True, slots=True)
class Summary:
    days_in_custody: int
    isolated_days: int
    under_goal_days: int
    longest_isolated_streak: int


def summarise(days: list[PersonDay]) -> Summary:
    return Summary(
        days_in_custody=len(days),
        isolated_days=sum(1 for d in days if d.isolated),
        under_goal_days=sum(1 for d in days if not d.isolated and d.contact_minutes < GOAL_MINUTES),
        longest_isolated_streak=max((d.isolated_streak for d in days), default=0),
    )
