"""The session measures of many persons at once, on columns (numpy).

Sessions (contacts, outdoor, unlock) are by far the most numerous records:
about six per person-day, millions in a year of a prison system. Looping over
them in Python is what would make a full rebuild slow, so they are handled as
columns: one sort, one running maximum for the unions, one event sweep for
the intersection with custody, and a bincount to split them into local days.

Persons are kept apart by encoding every instant as ``person * span + t``:
with ``span`` larger than the whole time window, intervals of two persons can
never touch, so one global sweep is as good as one sweep per person. The
results are the same sorted disjoint sets, per day seconds, as
:mod:`fellesskap.ledger.days` computes one person at a time (property-tested).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Session categories in a SessionFrame.
CONTACT, ASSOCIATION, OUTDOOR, UNLOCK, OTHER = 0, 1, 2, 3, 4
# OTHER: recorded but neither contact nor out of cell (phone).


@dataclass(frozen=True)
class SessionFrame:
    """Sessions as columns: person index, category, start and end in UTC seconds.

    Every row is already evaluated up to ``evaluated_at`` (open sessions end
    there; sessions starting at or after it are left out) and has start < end.
    ``category`` is CONTACT for meaningful contact other than association.
    """

    person: np.ndarray
    category: np.ndarray
    start: np.ndarray
    end: np.ndarray


def _encode(person: np.ndarray, t: np.ndarray, t0: int, span: int) -> np.ndarray:
    return person.astype(np.int64) * span + (t - t0)


def union_encoded(s: np.ndarray, e: np.ndarray, presorted: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Union of encoded intervals (touching ones joined) as sorted disjoint arrays."""
    if len(s) == 0:
        return s, e
    if not presorted:
        order = np.argsort(s, kind="stable")
        s, e = s[order], e[order]
    running = np.maximum.accumulate(e)
    new = np.empty(len(s), dtype=bool)
    new[0] = True
    new[1:] = s[1:] > running[:-1]
    idx = np.flatnonzero(new)
    return s[idx], np.maximum.reduceat(e, idx)


def intersect_encoded(as_, ae, bs, be) -> tuple[np.ndarray, np.ndarray]:
    """Intersection of two sorted disjoint encoded sets.

    For each interval of ``a``, the intervals of ``b`` it overlaps are
    ``[j0, j1)`` found by bisection (``b`` is custody: a few per person); each
    pair gives one piece. Intervals that only touch do not overlap (half-open).
    """
    if len(as_) == 0 or len(bs) == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    j0 = np.searchsorted(be, as_, side="right")   # first b ending after a starts
    j1 = np.searchsorted(bs, ae, side="left")     # first b starting at or after a ends
    count = np.maximum(j1 - j0, 0)
    idx = np.repeat(np.arange(len(as_)), count)
    # The k-th piece of an interval of a uses b[j0 + k].
    first = np.cumsum(count) - count
    j = j0[idx] + (np.arange(len(idx)) - first[idx])
    s = np.maximum(as_[idx], bs[j])
    e = np.minimum(ae[idx], be[j])
    keep = e > s
    return s[keep], e[keep]


def per_person_day(s: np.ndarray, e: np.ndarray, span: int, t0: int, bounds: np.ndarray,
                   persons: int) -> np.ndarray:
    """Seconds of encoded disjoint intervals on each (person, day), shape (persons, days)."""
    n = len(bounds) - 1
    out = np.zeros(persons * n, dtype=np.int64)
    if len(s) == 0 or n == 0:
        return out.reshape(persons, n)
    p = s // span
    ts = s - p * span + t0
    te = e - p * span + t0
    ts = np.maximum(ts, bounds[0])
    te = np.minimum(te, bounds[-1])
    keep = te > ts
    p, ts, te = p[keep], ts[keep], te[keep]
    # Local midnights fall on whole minutes (every offset in the tz database is
    # whole minutes), so a minute -> day table finds the day of any second.
    day_of_minute = _day_of_minute(bounds)
    ds = day_of_minute[(ts - bounds[0]) // 60]
    de = day_of_minute[(te - 1 - bounds[0]) // 60]
    base = p * n
    one = ds == de
    out += np.bincount(base[one] + ds[one], weights=te[one] - ts[one], minlength=persons * n).astype(np.int64)
    many = ~one
    if many.any():
        b, d0, d1, s1, e1 = base[many], ds[many], de[many], ts[many], te[many]
        out += np.bincount(b + d0, weights=bounds[d0 + 1] - s1, minlength=persons * n).astype(np.int64)
        out += np.bincount(b + d1, weights=e1 - bounds[d1], minlength=persons * n).astype(np.int64)
        # Whole days in between: +1 from the day after the first, -1 at the last day.
        cover = (np.bincount(b + d0 + 1, minlength=persons * n)
                 - np.bincount(b + d1, minlength=persons * n))
        full = np.cumsum(cover.reshape(persons, n), axis=1)
        out += (full * np.diff(bounds)[None, :]).reshape(-1)
    return out.reshape(persons, n)


def _day_of_minute(bounds: np.ndarray) -> np.ndarray:
    minutes = (bounds - bounds[0]) // 60
    if np.any((bounds - bounds[0]) % 60):
        raise ValueError("local midnights must fall on whole minutes")
    return np.repeat(np.arange(len(bounds) - 1, dtype=np.int64), np.diff(minutes))


@dataclass(frozen=True)
class DayTables:
    """Seconds per (person, day) of custody and the four session measures, shape (persons, days),
    and the contact-inside-custody set (encoded with ``span`` and ``t0``) for episodes."""

    custody: np.ndarray
    contact: np.ndarray
    association: np.ndarray
    outdoor: np.ndarray
    out_of_cell: np.ndarray
    contact_set: tuple[np.ndarray, np.ndarray]
    span: int
    t0: int


def day_tables(frame: SessionFrame, custody: list[list[tuple[int, int]]], bounds: list[int]) -> DayTables:
    """Custody and the four session measures per person and day of the period (inside custody)."""
    persons = len(custody)
    b = np.asarray(bounds, dtype=np.int64)
    cp = np.asarray([i for i, ivs in enumerate(custody) for _ in ivs], dtype=np.int64)
    cs = np.asarray([s for ivs in custody for s, _ in ivs], dtype=np.int64)
    ce = np.asarray([e for ivs in custody for _, e in ivs], dtype=np.int64)
    lows = [x.min() for x in (cs, frame.start) if len(x)]
    highs = [x.max() for x in (ce, frame.end) if len(x)]
    t0 = int(min([*lows, bounds[0]]))
    span = int(max([*highs, bounds[-1]])) - t0 + 1
    ks, ke = _encode(cp, cs, t0, span), _encode(cp, ce, t0, span)

    # One sort of all sessions; every measure below is a mask of it, still sorted.
    ss = _encode(frame.person, frame.start, t0, span)
    order = np.argsort(ss, kind="stable")
    ss, se, cat = ss[order], _encode(frame.person, frame.end, t0, span)[order], frame.category[order]

    def measure(mask):
        us, ue = union_encoded(ss[mask], se[mask], presorted=True)
        return intersect_encoded(us, ue, ks, ke)

    contact = measure((cat == CONTACT) | (cat == ASSOCIATION))
    return DayTables(
        custody=per_person_day(ks, ke, span, t0, b, persons),
        contact=per_person_day(*contact, span, t0, b, persons),
        association=per_person_day(*measure(cat == ASSOCIATION), span, t0, b, persons),
        outdoor=per_person_day(*measure(cat == OUTDOOR), span, t0, b, persons),
        out_of_cell=per_person_day(*measure((cat == ASSOCIATION) | (cat == OUTDOOR) | (cat == UNLOCK)),
                                   span, t0, b, persons),
        contact_set=contact, span=span, t0=t0,
    )


def streaks(isolated: np.ndarray) -> np.ndarray:
    """Per row, consecutive True values up to and including each column (0 where False)."""
    n = isolated.shape[1]
    idx = np.broadcast_to(np.arange(n), isolated.shape)
    last_break = np.maximum.accumulate(np.where(isolated, -1, idx), axis=1)
    return np.where(isolated, idx - last_break, 0)
