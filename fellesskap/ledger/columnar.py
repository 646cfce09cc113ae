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

from fellesskap.ledger.days import SessionSeconds

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


def union_encoded(s: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union of encoded intervals (touching ones joined) as sorted disjoint arrays."""
    if len(s) == 0:
        return s, e
    order = np.argsort(s, kind="stable")
    s, e = s[order], e[order]
    running = np.maximum.accumulate(e)
    new = np.empty(len(s), dtype=bool)
    new[0] = True
    new[1:] = s[1:] > running[:-1]
    idx = np.flatnonzero(new)
    return s[idx], np.maximum.reduceat(e, idx)


def intersect_encoded(as_, ae, bs, be) -> tuple[np.ndarray, np.ndarray]:
    """Intersection of two sorted disjoint encoded sets by one event sweep.

    At an instant where one interval ends and another starts, the end is taken
    first: half-open intervals that only touch do not overlap.
    """
    if len(as_) == 0 or len(bs) == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    times = np.concatenate([as_, ae, bs, be])
    delta = np.concatenate([np.ones(len(as_), np.int8), -np.ones(len(ae), np.int8),
                            np.ones(len(bs), np.int8), -np.ones(len(be), np.int8)])
    order = np.lexsort((delta, times))
    times, delta = times[order], delta[order]
    level = np.cumsum(delta)
    at2 = np.flatnonzero(level[:-1] == 2)
    s, e = times[at2], times[at2 + 1]
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
    ds = np.searchsorted(bounds, ts, side="right") - 1
    de = np.searchsorted(bounds, te, side="left") - 1
    base = p * n
    one = ds == de
    out += np.bincount(base[one] + ds[one], weights=te[one] - ts[one], minlength=persons * n).astype(np.int64)
    many = ~one
    if many.any():
        b, d0, d1, s1, e1 = base[many], ds[many], de[many], ts[many], te[many]
        out += np.bincount(b + d0, weights=bounds[d0 + 1] - s1, minlength=persons * n).astype(np.int64)
        out += np.bincount(b + d1, weights=e1 - bounds[d1], minlength=persons * n).astype(np.int64)
        # Whole days in between: +1 from the day after the first, -1 at the last day.
        cover = np.zeros(persons * n + 1, dtype=np.int64)
        np.add.at(cover, b + d0 + 1, 1)
        np.add.at(cover, b + d1, -1)
        full = np.cumsum(cover[:-1].reshape(persons, n), axis=1)
        out += (full * np.diff(bounds)[None, :]).reshape(-1)
    return out.reshape(persons, n)


def session_seconds(frame: SessionFrame, custody: list[list[tuple[int, int]]], bounds: list[int]
                    ) -> tuple[list[SessionSeconds], tuple, int, int]:
    """Per person, the four session measures per day of the period (inside custody).

    Returns also the contact-inside-custody set (encoded) with its ``span`` and
    ``t0``, which the over-22-h measure of episodes reads.
    """
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

    def measure(mask):
        us, ue = union_encoded(_encode(frame.person[mask], frame.start[mask], t0, span),
                               _encode(frame.person[mask], frame.end[mask], t0, span))
        return intersect_encoded(us, ue, ks, ke)

    cat = frame.category
    contact = measure((cat == CONTACT) | (cat == ASSOCIATION))
    tables = [per_person_day(*contact, span, t0, b, persons)]
    for mask in (cat == ASSOCIATION, cat == OUTDOOR,
                 (cat == ASSOCIATION) | (cat == OUTDOOR) | (cat == UNLOCK)):
        tables.append(per_person_day(*measure(mask), span, t0, b, persons))
    rows = [t.tolist() for t in tables]
    out = [SessionSeconds(rows[0][i], rows[1][i], rows[2][i], rows[3][i]) for i in range(persons)]
    return out, contact, span, t0


def overlap_seconds(encoded: tuple[np.ndarray, np.ndarray], person: int, lo: int, hi: int,
                    span: int, t0: int) -> int:
    """Seconds of an encoded disjoint set of one person inside ``[lo, hi)``."""
    s, e = encoded
    a = person * span + (max(lo, t0) - t0)
    z = person * span + (min(hi, t0 + span - 1) - t0)
    if z <= a:
        return 0
    i = int(np.searchsorted(e, a, side="right"))
    j = int(np.searchsorted(s, z, side="left"))
    if j <= i:
        return 0
    return int((np.minimum(e[i:j], z) - np.maximum(s[i:j], a)).sum())
