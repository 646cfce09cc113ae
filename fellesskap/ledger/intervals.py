"""Half-open time intervals as integer UTC seconds, and the local days they fall on.

Why integers: Python's arithmetic on aware datetimes that share a tzinfo
ignores DST, and comparing datetimes is slow. Every instant is turned into
seconds since the epoch (UTC) once, at the boundary; the sweep below then only
compares and subtracts integers.

An interval is a pair ``(start, end)`` with ``start < end``; a *set* is a list
of such pairs, sorted and pairwise disjoint (and not touching), which is what
:func:`union` returns. Every function here takes and returns such sets.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Interval = tuple[int, int]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_seconds(instant: datetime) -> int:
    """Whole seconds since the epoch (sub-second parts, never in input, are dropped).

    ``timestamp()`` is exact for whole seconds (a float holds 2**53) and several
    times faster than timedelta arithmetic; this runs once per record.
    """
    return math.floor(instant.timestamp())


def from_seconds(seconds: int) -> datetime:
    return EPOCH + timedelta(seconds=seconds)


def clip_record(start: datetime, end: datetime | None, evaluated_at: int) -> Interval | None:
    """A record as an interval evaluated up to ``evaluated_at`` (scenario-format.md).

    An open record (``end`` None) or one ending after ``evaluated_at`` runs to
    ``evaluated_at``; a record starting at or after it does not count at all.
    Returns None for a record with nothing left.
    """
    s = to_seconds(start)
    if s >= evaluated_at:
        return None
    e = evaluated_at if end is None else min(to_seconds(end), evaluated_at)
    if e <= s:
        return None
    return (s, e)


def union(intervals: Iterable[Interval], gap: int = 0) -> list[Interval]:
    """The union of intervals as a sorted disjoint set.

    Intervals that touch are joined; with ``gap`` > 0, so are intervals whose
    start is at most ``gap`` seconds after the running end (the merge rule of
    episodes, measures.md).
    """
    out: list[list[int]] = []
    for s, e in sorted(intervals):
        if e <= s:
            continue
        if out and s <= out[-1][1] + gap:
            if e > out[-1][1]:
                out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    """Intersection of two sorted disjoint sets (one linear sweep)."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        s = max(a[i][0], b[j][0])
        e = min(a[i][1], b[j][1])
        if s < e:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def clip(a: list[Interval], lo: int, hi: int) -> list[Interval]:
    """A sorted disjoint set restricted to ``[lo, hi)``."""
    return intersect(a, [(lo, hi)]) if lo < hi else []


def total(a: Iterable[Interval]) -> int:
    return sum(e - s for s, e in a)


def overlap(a: list[Interval], lo: int, hi: int) -> int:
    """Seconds of a sorted disjoint set inside ``[lo, hi)``, found by bisection (long sets, short windows)."""
    out = 0
    i = bisect_right(a, lo, key=lambda iv: iv[1])
    while i < len(a) and a[i][0] < hi:
        s, e = a[i]
        out += (e if e < hi else hi) - (s if s > lo else lo)
        i += 1
    return out


def day_bounds(first: date, end: date, tz: ZoneInfo) -> list[int]:
    """Local midnights from ``first`` to ``end`` (inclusive) in UTC seconds.

    Day ``i`` is ``[bounds[i], bounds[i + 1])``: 1,380, 1,440 or 1,500 minutes
    in Europe/Oslo, because each midnight is converted on its own.
    """
    n = (end - first).days
    return [to_seconds(datetime.combine(first + timedelta(days=i), time(0), tzinfo=tz)) for i in range(n + 1)]


def per_day(a: list[Interval], bounds: list[int]) -> list[int]:
    """Seconds of a sorted disjoint set on each day of ``bounds``.

    Intervals are split at midnight; parts outside the days are ignored.
    """
    sums = [0] * (len(bounds) - 1)
    if not sums:
        return sums
    lo, hi = bounds[0], bounds[-1]
    for s, e in a:
        if e <= lo or s >= hi:
            continue
        s = max(s, lo)
        e = min(e, hi)
        i = bisect_right(bounds, s) - 1
        while s < e:
            seg = bounds[i + 1] if bounds[i + 1] < e else e
            sums[i] += seg - s
            s = seg
            i += 1
    return sums
