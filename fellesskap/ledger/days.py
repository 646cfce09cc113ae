"""Person-days (measures.md "The person-day ledger"): one sorted sweep per person.

Every measure is a union of intervals, intersected with custody, split at
local midnights, summed in seconds per day and only then floored to whole
minutes. Flooring the day total (not each interval) means that two sessions of
30.5 minutes count 61 minutes, not 60; in every example input instants are
whole minutes, so the choice only matters for seconds-level input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from fellesskap.ledger.intervals import (
    Interval,
    clip,
    clip_record,
    day_bounds,
    intersect,
    per_day,
    to_seconds,
    union,
)
from fellesskap.ledger.types import REGIMES, PersonDay
from fellesskap.scenario.model import Person, Scenario
from fellesskap.vocabulary import MEANINGFUL_CONTACT_KINDS


@dataclass(frozen=True, slots=True)
class DayParams:
    """Thresholds of the day measures; rule packs may change them.

    ``isolated_minutes``: a day is isolated with at least this many minutes
    without meaningful contact (Mandela rule 44: 22 h).
    """

    isolated_minutes: int = 1320


DEFAULT_DAY_PARAMS = DayParams()


@dataclass(frozen=True, slots=True)
class PersonIntervals:
    """A person's records as sorted disjoint sets of UTC seconds, evaluated up to ``evaluated_at``.

    Computed once per person and shared by days and episodes.
    """

    custody: list[Interval]
    contact: list[Interval]
    association: list[Interval]
    outdoor: list[Interval]
    out_of_cell: list[Interval]


def _records(items, evaluated_at: int) -> list[Interval]:
    out = []
    for r in items:
        iv = clip_record(r.start, r.end, evaluated_at)
        if iv is not None:
            out.append(iv)
    return out


def person_intervals(person: Person, evaluated_at: int) -> PersonIntervals:
    """Unions of custody and of the contact measures, each already inside custody."""
    custody = union(_records(person.stays, evaluated_at))
    meaningful = [c for c in person.contacts if c.kind in MEANINGFUL_CONTACT_KINDS]
    assoc_raw = _records((c for c in person.contacts if c.kind == "association"), evaluated_at)
    outdoor_raw = _records(person.outdoor, evaluated_at)
    unlock_raw = _records(person.unlock, evaluated_at)
    return PersonIntervals(
        custody=custody,
        contact=intersect(union(_records(meaningful, evaluated_at)), custody),
        association=intersect(union(assoc_raw), custody),
        outdoor=intersect(union(outdoor_raw), custody),
        out_of_cell=intersect(union(assoc_raw + outdoor_raw + unlock_raw), custody),
    )


def regime_decisions(person: Person) -> list[tuple[str, str, object]]:
    """Every decision that places a person in a regime, as (regime, ground, record).

    ``ground`` is empty for the coercive means; other coercive means than the
    security cell and the security bed (handcuffs, ...) are no regime.
    """
    out: list[tuple[str, str, object]] = []
    for x in person.exclusions:
        out.append((f"{x.scope}_exclusion", x.ground, x))
    for c in person.coercive_means:
        if c.kind in ("security_cell", "security_bed"):
            out.append((c.kind, "", c))
    return out


def compute_days(person: Person, scenario: Scenario, params: DayParams = DEFAULT_DAY_PARAMS) -> list[PersonDay]:
    """The person's ledger rows for every day of the period with custody > 0."""
    tz = ZoneInfo(scenario.timezone)
    bounds = day_bounds(scenario.period_start, scenario.period_end, tz)
    evaluated_at = to_seconds(scenario.evaluated_at)
    return days_from_intervals(person, scenario, bounds, evaluated_at,
                               person_intervals(person, evaluated_at), params)


def days_from_intervals(person: Person, scenario: Scenario, bounds: list[int], evaluated_at: int,
                        pi: PersonIntervals, params: DayParams = DEFAULT_DAY_PARAMS) -> list[PersonDay]:
    sessions = SessionSeconds(per_day(pi.contact, bounds), per_day(pi.association, bounds),
                              per_day(pi.outdoor, bounds), per_day(pi.out_of_cell, bounds))
    return assemble_days(person, scenario, bounds, evaluated_at, pi.custody, sessions, params)


@dataclass(frozen=True, slots=True)
class SessionSeconds:
    """Seconds per day of the period of the four session measures, already inside custody."""

    contact: list[int]
    association: list[int]
    outdoor: list[int]
    out_of_cell: list[int]


def assemble_days(person: Person, scenario: Scenario, bounds: list[int], evaluated_at: int,
                  custody_set: list[Interval], sessions: SessionSeconds,
                  params: DayParams = DEFAULT_DAY_PARAMS) -> list[PersonDay]:
    """One person's rows from custody, the session measures per day, and the regime decisions.

    (``build_ledger`` makes the same rows for all persons at once from numpy
    columns; the property tests hold the two to the same result.)
    """
    n = len(bounds) - 1
    lo, hi = bounds[0], bounds[-1]
    custody = clip(custody_set, lo, hi)
    custody_s = per_day(custody, bounds)
    if not any(custody_s):
        return []
    contact_s, assoc_s, outdoor_s, ooc_s = (sessions.contact, sessions.association, sessions.outdoor,
                                            sessions.out_of_cell)

    states_by_day, cause_by_day = regime_days(person, bounds, evaluated_at, custody)
    dates = _dates(scenario.period_start, n)
    threshold = params.isolated_minutes
    pid = person.id
    rows: list[PersonDay] = []
    append = rows.append
    streak = 0
    for i, cs, ks, a, o, c in zip(range(n), custody_s, contact_s, assoc_s, outdoor_s, ooc_s, strict=True):
        custody_m = cs // 60
        no_contact_m = custody_m - ks // 60
        isolated = custody_m >= threshold and no_contact_m >= threshold
        if isolated:
            streak += 1
        else:
            streak = 0
        if cs == 0:
            continue
        states = states_by_day.get(i)
        append(PersonDay(pid, dates[i], custody_m, ks // 60, a // 60, o // 60, c // 60, no_contact_m, isolated,
                         cause_by_day.get(i, "unregistered") if isolated else None, streak,
                         {} if states is None else states))
    return rows


def regime_days(person: Person, bounds: list[int], evaluated_at: int, custody: list[Interval]
                ) -> tuple[dict[int, dict[str, int]], dict[int, str]]:
    """States and causes of the days (index into ``bounds``) that a decision touches.

    Returns ``states_by_day`` (whole minutes per regime, only days and regimes
    with at least one) and ``cause_by_day`` (the cause an isolated day would
    have; a day missing here is ``unregistered``). ``custody`` must already be
    clipped to the days.
    """
    n = len(bounds) - 1
    by_regime: dict[str, list[Interval]] = {}
    groups: dict[tuple[str, str], list[tuple[int, Interval]]] = {}
    for regime, ground, rec in regime_decisions(person):
        iv = clip_record(rec.start, rec.end, evaluated_at)
        if iv is None:
            continue
        by_regime.setdefault(regime, []).append(iv)
        groups.setdefault((regime, ground), []).append((iv[0], iv))
    if not groups:
        return {}, {}
    states_by_day: dict[int, dict[str, int]] = {}
    for regime in REGIMES:
        if regime in by_regime:
            for i, x in enumerate(per_day(intersect(union(by_regime[regime]), custody), bounds)):
                if x >= 60:
                    states_by_day.setdefault(i, {})[regime] = x // 60
    # Per regime and ground: whole minutes, and the earliest start of a
    # decision of the group with time inside custody that day.
    group_min: dict[tuple[str, str], list[int]] = {}
    group_first: dict[tuple[str, str], list[int | None]] = {}
    for key, members in groups.items():
        group_min[key] = [s // 60 for s in per_day(intersect(union(iv for _, iv in members), custody), bounds)]
        first: list[int | None] = [None] * n
        for start, iv in members:
            for i, secs in enumerate(per_day(intersect([iv], custody), bounds)):
                if secs > 0 and (first[i] is None or start < first[i]):
                    first[i] = start
        group_first[key] = first
    cause_by_day = {i: _cause(i, group_min, group_first)
                    for i in sorted({i for mins in group_min.values() for i, m in enumerate(mins) if m > 0})}
    return states_by_day, cause_by_day


@lru_cache(maxsize=16)
def _dates(first: date, n: int) -> tuple[date, ...]:
    return tuple(first + timedelta(days=i) for i in range(n))


def _cause(i: int, group_min: dict, group_first: dict) -> str:
    """The regime (and ground) that covered the most whole minutes of day ``i``.

    Ties: regime order (bed, cell, full, partial), then the earliest start of a
    covering decision, then the ground's name. ``unregistered`` when none.
    """
    best = None
    for (regime, ground), mins in group_min.items():
        m = mins[i]
        if m <= 0:
            continue
        key = (-m, REGIMES.index(regime), group_first[(regime, ground)][i], ground)
        if best is None or key < best[0]:
            best = (key, regime, ground)
    if best is None:
        return "unregistered"
    _, regime, ground = best
    return f"{regime}:{ground}" if ground else regime
