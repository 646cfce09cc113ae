"""Episodes (measures.md "Episodes"): exclusion, security-cell and security-bed episodes.

An episode is what a clock runs on: renewals and short breaks inside
``merge_gap`` do not restart it, so deadlines and "long exclusion" are counted
from the first decision of the episode, not from the latest renewal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fellesskap.ledger.days import PersonIntervals, person_intervals
from fellesskap.ledger.intervals import (
    clip_record,
    from_seconds,
    overlap,
    to_seconds,
)
from fellesskap.ledger.types import EPISODE_KINDS, Episode
from fellesskap.scenario.model import Person

DEFAULT_MERGE_GAP = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class EpisodeParams:
    """Thresholds of the episode measures; rule packs may change them.

    ``long_hours``: a full exclusion longer than this is a long exclusion
    (42 days). ``over_22h_ratio``: the share of the episode's custody minutes
    without meaningful contact that makes it "over 22 h" (22 of every 24).
    """

    long_hours: int = 1008
    over_22h_ratio: tuple[int, int] = (11, 12)


DEFAULT_EPISODE_PARAMS = EpisodeParams()


def round_hours(seconds: int) -> float:
    """Exact seconds as hours rounded half away from zero to 0.1 (integer arithmetic, no float ties)."""
    sign = -1 if seconds < 0 else 1
    tenths = (abs(seconds) * 10 + 1800) // 3600
    return sign * tenths / 10


@dataclass(frozen=True, slots=True)
class _Member:
    id: str
    start: int
    end: int
    ongoing: bool


def _members(records, evaluated_at: int) -> list[_Member]:
    out = []
    for r in records:
        iv = clip_record(r.start, r.end, evaluated_at)
        if iv is None:
            continue
        ongoing = r.end is None or to_seconds(r.end) > evaluated_at
        out.append(_Member(r.id, iv[0], iv[1], ongoing))
    out.sort(key=lambda m: (m.start, m.end, m.id))
    return out


def _group(members: list[_Member], gap: int) -> list[list[_Member]]:
    """Members joined into components: the next starts at most ``gap`` after the running end."""
    groups: list[list[_Member]] = []
    end = None
    for m in members:
        if groups and m.start <= end + gap:
            groups[-1].append(m)
            end = max(end, m.end)
        else:
            groups.append([m])
            end = m.end
    return groups


def _episode(person: str, kind: str, group: list[_Member], pi: PersonIntervals,
             params: EpisodeParams) -> Episode:
    start = group[0].start
    end = max(m.end for m in group)
    ongoing = any(m.ongoing for m in group)
    seconds = end - start
    over: bool | None = None
    if kind == "full_exclusion":
        custody_m = overlap(pi.custody, start, end) // 60
        contact_m = overlap(pi.contact, start, end) // 60
        if custody_m > 0:
            num, den = params.over_22h_ratio
            over = (custody_m - contact_m) * den >= num * custody_m
    return Episode(
        person=person,
        kind=kind,
        decisions=tuple(m.id for m in group),
        start=from_seconds(start),
        end=None if ongoing else from_seconds(end),
        hours=round_hours(seconds),
        long=kind == "full_exclusion" and seconds > params.long_hours * 3600,
        over_22h=over,
    )


def compute_episodes(person: Person, evaluated_at: datetime, *, merge_gap: timedelta = DEFAULT_MERGE_GAP,
                     params: EpisodeParams = DEFAULT_EPISODE_PARAMS,
                     intervals: PersonIntervals | None = None) -> list[Episode]:
    """Every episode of the person up to ``evaluated_at``, ordered by start then kind.

    ``intervals`` lets a caller that already swept the person's records reuse them.
    """
    at = to_seconds(evaluated_at)
    pi = intervals if intervals is not None else person_intervals(person, at)
    gap = int(merge_gap.total_seconds())
    episodes: list[Episode] = []
    for scope in ("full", "partial"):
        members = _members((x for x in person.exclusions if x.scope == scope), at)
        for group in _group(members, gap):
            episodes.append(_episode(person.id, f"{scope}_exclusion", group, pi, params))

    cells = _members((c for c in person.coercive_means if c.kind == "security_cell"), at)
    beds = _members((c for c in person.coercive_means if c.kind == "security_bed"), at)
    # The sequence cell -> bed -> cell is one placement: components of cell and
    # bed time together (touching joins), kept when they hold cell time.
    cell_ids = {m.id for m in cells}
    for group in _group(sorted(cells + beds, key=lambda m: (m.start, m.end, m.id)), 0):
        if any(m.id in cell_ids for m in group):
            episodes.append(_episode(person.id, "security_cell", group, pi, params))
    for group in _group(beds, 0):
        episodes.append(_episode(person.id, "security_bed", group, pi, params))

    episodes.sort(key=lambda e: (e.start, EPISODE_KINDS.index(e.kind), e.decisions))
    return episodes


def overlaps(episode: Episode, lo: datetime, hi: datetime, evaluated_at: datetime) -> bool:
    """Whether an episode has time inside ``[lo, hi)`` (an ongoing one runs to ``evaluated_at``)."""
    end = episode.end if episode.end is not None else evaluated_at
    return episode.start < hi and end > lo

