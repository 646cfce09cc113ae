"""A day's timeline (dagens tidslinje): what a person's local day consisted of,
lane by lane, as intervals the template draws as bars.

Lanes follow measures.md: custody; the regimes (full and partial exclusion,
security cell, security bed); association; meaningful contact (association
included, phone left out); outdoor time; unlock time; and locked in — custody
minus time out of cell (association ∪ outdoor ∪ unlock), the time the door
was shut. Everything is clipped to the day and to ``evaluated_at`` (open
records run to now, never to the end of the day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fellesskap.ledger.days import regime_decisions
from fellesskap.ledger.intervals import (
    Interval,
    clip,
    clip_record,
    from_seconds,
    intersect,
    to_seconds,
    union,
)
from fellesskap.scenario.model import Person
from fellesskap.vocabulary import MEANINGFUL_CONTACT_KINDS

LANES: tuple[str, ...] = (
    "custody", "full_exclusion", "partial_exclusion", "security_cell", "security_bed",
    "association", "contact", "outdoor", "unlock", "locked_in",
)


@dataclass(frozen=True, slots=True)
class Segment:
    """One bar: ``left`` and ``width`` in per cent of the day, the local times it spans."""

    start: datetime
    end: datetime
    left: float
    width: float

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds()) // 60


@dataclass(frozen=True, slots=True)
class Lane:
    key: str
    segments: tuple[Segment, ...]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.segments)


@dataclass(frozen=True, slots=True)
class DayTimeline:
    day: date
    start: datetime
    end: datetime
    lanes: tuple[Lane, ...]

    @property
    def hours(self) -> list[tuple[int, float]]:
        """(local hour, per cent from the left) of each whole hour, for the scale;
        a DST day has 23 or 25 of them."""
        marks = []
        total = (self.end - self.start).total_seconds()
        t = self.start
        while t < self.end:
            marks.append((t.astimezone(self.start.tzinfo).hour, round((t - self.start).total_seconds() * 100 / total, 3)))
            t += timedelta(hours=1)
        return marks


def subtract(a: list[Interval], b: list[Interval]) -> list[Interval]:
    """``a`` minus ``b`` (both sorted and disjoint)."""
    out: list[Interval] = []
    j = 0
    for s, e in a:
        cur = s
        while j < len(b) and b[j][1] <= cur:
            j += 1
        k = j
        while k < len(b) and b[k][0] < e:
            if b[k][0] > cur:
                out.append((cur, b[k][0]))
            cur = max(cur, b[k][1])
            k += 1
        if cur < e:
            out.append((cur, e))
    return out


def _ivs(records, at: int) -> list[Interval]:
    return union(iv for r in records if (iv := clip_record(r.start, r.end, at)) is not None)


def day_timeline(person: Person, day: date, evaluated_at: datetime, timezone: str = "Europe/Oslo") -> DayTimeline:
    """The lanes of ``person``'s local ``day``, evaluated at ``evaluated_at``."""
    tz = ZoneInfo(timezone)
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    lo, hi = to_seconds(start), to_seconds(end)
    at = to_seconds(evaluated_at)
    custody = clip(_ivs(person.stays, at), lo, hi)
    lanes: dict[str, list[Interval]] = {"custody": custody}
    regimes: dict[str, list] = {}
    for regime, _ground, rec in regime_decisions(person):
        regimes.setdefault(regime, []).append(rec)
    for regime in ("full_exclusion", "partial_exclusion", "security_cell", "security_bed"):
        lanes[regime] = intersect(_ivs(regimes.get(regime, ()), at), custody)
    association = intersect(_ivs((c for c in person.contacts if c.kind == "association"), at), custody)
    lanes["association"] = association
    lanes["contact"] = intersect(_ivs((c for c in person.contacts if c.kind in MEANINGFUL_CONTACT_KINDS), at),
                                 custody)
    lanes["outdoor"] = intersect(_ivs(person.outdoor, at), custody)
    lanes["unlock"] = intersect(_ivs(person.unlock, at), custody)
    out_of_cell = union(association + lanes["outdoor"] + lanes["unlock"])
    # Locked in only up to now: the rest of today has not happened yet.
    lanes["locked_in"] = subtract(clip(custody, lo, min(hi, at)), out_of_cell)
    span = hi - lo

    def seg(iv: Interval) -> Segment:
        return Segment(start=from_seconds(iv[0]).astimezone(tz), end=from_seconds(iv[1]).astimezone(tz),
                       left=round((iv[0] - lo) * 100 / span, 3), width=round((iv[1] - iv[0]) * 100 / span, 3))

    return DayTimeline(day=day, start=start, end=end,
                       lanes=tuple(Lane(key, tuple(seg(iv) for iv in lanes[key])) for key in LANES))
