"""The whole ledger of a scenario: person-days of the period and the episodes that overlap it.

Sessions of all persons go through the columnar sweep (:mod:`columnar`) in
one batch; custody and decisions, a handful per person, are swept per person.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from fellesskap.ledger.columnar import (
    ASSOCIATION,
    CONTACT,
    OTHER,
    OUTDOOR,
    UNLOCK,
    SessionFrame,
    session_seconds,
)
from fellesskap.ledger.days import (
    DEFAULT_DAY_PARAMS,
    DayParams,
    PersonIntervals,
    _records,
    assemble_days,
)
from fellesskap.ledger.episodes import (
    DEFAULT_EPISODE_PARAMS,
    DEFAULT_MERGE_GAP,
    EpisodeParams,
    compute_episodes,
    overlaps,
)
from fellesskap.ledger.intervals import day_bounds, to_seconds, union
from fellesskap.ledger.types import EPISODE_KINDS, Episode, PersonDay
from fellesskap.scenario.model import Person, Scenario
from fellesskap.vocabulary import MEANINGFUL_CONTACT_KINDS


@dataclass(frozen=True, slots=True)
class Ledger:
    """The ledger of one scenario (measures.md).

    ``days``: every person-day of the period with custody > 0, ordered by
    person then date. ``episodes``: every episode overlapping the period,
    ordered by person, start, kind. Persons are ordered by id so that the same
    records give the same ledger whatever order they came in.
    """

    days: list[PersonDay] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)


def period_instants(scenario: Scenario) -> tuple[datetime, datetime]:
    """The period as UTC instants: local midnight of the first day to local midnight after the last."""
    tz = ZoneInfo(scenario.timezone)
    lo = datetime.combine(scenario.period_start, time(0), tzinfo=tz).astimezone(UTC)
    hi = datetime.combine(scenario.period_end, time(0), tzinfo=tz).astimezone(UTC)
    return lo, hi


def _category(kind: str) -> int:
    if kind == "association":
        return ASSOCIATION
    return CONTACT if kind in MEANINGFUL_CONTACT_KINDS else OTHER


def session_frame(persons: list[Person] | tuple[Person, ...], evaluated_at: int) -> SessionFrame:
    """The sessions of ``persons`` as columns (person = index in ``persons``)."""
    pidx: list[int] = []
    cat: list[int] = []
    st: list[int] = []
    en: list[int] = []
    for i, person in enumerate(persons):
        for records, category in ((person.contacts, None), (person.outdoor, OUTDOOR), (person.unlock, UNLOCK)):
            for r in records:
                s = to_seconds(r.start)
                if s >= evaluated_at:
                    continue
                e = evaluated_at if r.end is None else min(to_seconds(r.end), evaluated_at)
                if e <= s:
                    continue
                pidx.append(i)
                cat.append(_category(r.kind) if category is None else category)
                st.append(s)
                en.append(e)
    return SessionFrame(np.asarray(pidx, dtype=np.int64), np.asarray(cat, dtype=np.int8),
                        np.asarray(st, dtype=np.int64), np.asarray(en, dtype=np.int64))


def build_ledger(scenario: Scenario, *, merge_gap: timedelta = DEFAULT_MERGE_GAP,
                 day_params: DayParams = DEFAULT_DAY_PARAMS,
                 episode_params: EpisodeParams = DEFAULT_EPISODE_PARAMS,
                 sessions: SessionFrame | None = None, workers: int = 1) -> Ledger:
    """Days and episodes of every person.

    ``workers`` > 1 splits the persons into that many processes (a full
    rebuild; persons are independent). The result is the same.

    ``sessions``: the persons' sessions already as columns (person = index in
    ``scenario.persons``), for a bulk rebuild from a store that holds them as
    numbers; the persons' own ``contacts``, ``outdoor`` and ``unlock`` are
    then not read. Without it they are converted here.
    """
    tz = ZoneInfo(scenario.timezone)
    bounds = day_bounds(scenario.period_start, scenario.period_end, tz)
    at = to_seconds(scenario.evaluated_at)
    lo, hi = period_instants(scenario)
    persons = scenario.persons
    frame = sessions if sessions is not None else session_frame(persons, at)
    if workers > 1 and len(persons) >= 2 * workers:
        return _build_in_processes(scenario, frame, workers, dict(
            merge_gap=merge_gap, day_params=day_params, episode_params=episode_params))
    custody = [union(_records(p.stays, at)) for p in persons]
    per_person, contact, span, t0 = session_seconds(frame, custody, bounds)
    cs, ce = contact

    days: list[PersonDay] = []
    episodes: list[Episode] = []
    for i in sorted(range(len(persons)), key=lambda k: persons[k].id):
        person = persons[i]
        days.extend(assemble_days(person, scenario, bounds, at, custody[i], per_person[i], day_params))
        if not (person.exclusions or person.coercive_means):
            continue
        contact_set: list = []
        if any(x.scope == "full" for x in person.exclusions):
            a, z = np.searchsorted(cs, i * span), np.searchsorted(cs, (i + 1) * span)
            base = i * span - t0
            contact_set = list(zip((cs[a:z] - base).tolist(), (ce[a:z] - base).tolist(), strict=True))
        pi = PersonIntervals(custody=custody[i], contact=contact_set, association=[], outdoor=[],
                             out_of_cell=[])
        eps = compute_episodes(person, scenario.evaluated_at, merge_gap=merge_gap,
                               params=episode_params, intervals=pi)
        episodes.extend(e for e in eps if overlaps(e, lo, hi, scenario.evaluated_at))
    episodes.sort(key=lambda e: (e.person, e.start, EPISODE_KINDS.index(e.kind), e.decisions))
    return Ledger(days=days, episodes=episodes)


# Set in the parent just before forking; the children inherit it without pickling.
_SHARED: tuple | None = None


def _build_chunk(indices: list[int]) -> tuple[list[tuple], list[Episode]]:
    scenario, frame, options = _SHARED
    index = np.full(len(scenario.persons), -1, dtype=np.int64)
    index[indices] = np.arange(len(indices))
    keep = index[frame.person] >= 0
    sub_frame = SessionFrame(index[frame.person[keep]], frame.category[keep], frame.start[keep], frame.end[keep])
    sub = dataclasses.replace(scenario, persons=tuple(scenario.persons[i] for i in indices))
    ledger = build_ledger(sub, sessions=sub_frame, **options)
    # Plain tuples travel back several times faster than dataclass instances.
    return [tuple(getattr(d, f) for f in _DAY_FIELDS) for d in ledger.days], ledger.episodes


_DAY_FIELDS = tuple(f.name for f in dataclasses.fields(PersonDay))


def _build_in_processes(scenario: Scenario, frame: SessionFrame, workers: int, options: dict) -> Ledger:
    global _SHARED
    order = sorted(range(len(scenario.persons)), key=lambda k: scenario.persons[k].id)
    size = -(-len(order) // workers)
    chunks = [order[k:k + size] for k in range(0, len(order), size)]
    _SHARED = (scenario, frame, options)
    try:
        with multiprocessing.get_context("fork").Pool(len(chunks)) as pool:
            parts = pool.map(_build_chunk, chunks)
    finally:
        _SHARED = None
    days = [PersonDay(*t) for rows, _ in parts for t in rows]
    episodes = [e for _, eps in parts for e in eps]
    return Ledger(days=days, episodes=episodes)
