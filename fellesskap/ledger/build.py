"""The whole ledger of a scenario: person-days of the period and the episodes that overlap it.

Sessions of all persons go through the columnar sweep (:mod:`columnar`) in
one batch; custody and decisions, a handful per person, are swept per person.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
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
    DayTables,
    SessionFrame,
    day_tables,
    streaks,
)
from fellesskap.ledger.days import (
    DEFAULT_DAY_PARAMS,
    DayParams,
    PersonIntervals,
    _dates,
    _records,
    regime_days,
)
from fellesskap.ledger.episodes import (
    DEFAULT_EPISODE_PARAMS,
    DEFAULT_MERGE_GAP,
    EpisodeParams,
    compute_episodes,
    overlaps,
)
from fellesskap.ledger.intervals import clip, day_bounds, to_seconds, union
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
                 sessions: SessionFrame | None = None) -> Ledger:
    """Days and episodes of every person.

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
    custody = [union(_records(p.stays, at)) for p in persons]
    order = sorted(range(len(persons)), key=lambda k: persons[k].id)
    tables = day_tables(frame, custody, bounds)
    with _gc_paused():
        days = _day_rows(scenario, bounds, at, custody, tables, order, day_params)

    cs, ce = tables.contact_set
    span, t0 = tables.span, tables.t0
    episodes: list[Episode] = []
    for i in order:
        person = persons[i]
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


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while a million rows are made.

    The rows hold no reference cycles, but each batch of new container
    objects triggers a collection that walks every live object: with the
    collector paused a full rebuild takes about a fifth less CPU.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _day_rows(scenario: Scenario, bounds: list[int], at: int, custody: list, tables: DayTables,
              order: list[int], params: DayParams) -> list[PersonDay]:
    """PersonDay rows of all persons from the day tables: the integer columns (minutes,
    isolated, streak) on numpy, states and causes from each person's decisions."""
    perm = np.asarray(order, dtype=np.int64)
    custody_s = tables.custody[perm] if len(perm) else tables.custody
    minutes = [t[perm] // 60 if len(perm) else t // 60
               for t in (tables.custody, tables.contact, tables.association, tables.outdoor, tables.out_of_cell)]
    custody_m, contact_m = minutes[0], minutes[1]
    no_contact = custody_m - contact_m
    threshold = params.isolated_minutes
    isolated = (custody_m >= threshold) & (no_contact >= threshold)
    streak = streaks(isolated)
    rows_p, rows_d = np.nonzero(custody_s > 0)
    if len(rows_p) == 0:
        return []
    lo, hi = bounds[0], bounds[-1]
    extra_states: dict[tuple[int, int], dict[str, int]] = {}
    extra_causes: dict[tuple[int, int], str] = {}
    for row, i in enumerate(order):
        person = scenario.persons[i]
        if person.exclusions or person.coercive_means:
            states, causes = regime_days(person, bounds, at, clip(custody[i], lo, hi))
            for d, st in states.items():
                extra_states[(row, d)] = st
            for d, c in causes.items():
                extra_causes[(row, d)] = c
    ids = [scenario.persons[i].id for i in order]
    dates = _dates(scenario.period_start, len(bounds) - 1)
    cols = [x[rows_p, rows_d].tolist() for x in (*minutes, no_contact, isolated, streak)]
    out = []
    append = out.append
    for p, d, c, k, a, o, oc, nc, iso, st in zip(rows_p.tolist(), rows_d.tolist(), *cols, strict=True):
        if extra_states or extra_causes:
            states = extra_states.get((p, d))
            cause = extra_causes.get((p, d), "unregistered") if iso else None
        else:
            states = None
            cause = "unregistered" if iso else None
        append(PersonDay(ids[p], dates[d], c, k, a, o, oc, nc, iso, cause, st,
                         {} if states is None else states))
    return out

