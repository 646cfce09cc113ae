"""The statistics tables of statistics.md ("Tables from a scenario file"), computed from
the scenario's records and the ledger's rows (PersonDay, Episode).

Each table has a ``*_facts`` function (what is counted, with the placement at
the table's reference instant) and a table function that tallies the facts by
the published keys into typed rows. The statistics app reuses the facts with
other keys (region, nation, security level, sex, age group) and filters; the
command ``fellesskap stats`` prints the rows. Periods are local dates, end
exclusive; everything counts only what happened up to ``evaluated_at``.

Pure: no Django import here, so that anyone can check a figure from a file.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from fellesskap.ledger.types import Episode, PersonDay
from fellesskap.scenario.model import Scenario
from fellesskap.stats.placement import (
    Placer,
    census_instant,
    effective_end,
    in_force,
    local_midnight,
)
from fellesskap.stats.tally import Fact, round_half_away, tally

EXCLUSION_SCOPE = {"full_exclusion": "full", "partial_exclusion": "partial"}
LONG_EXCLUSION = timedelta(days=42)  # measures.md: a long exclusion is over 42 days (1,008 h)
_MICROSECONDS_PER_HOUR = Decimal(3_600_000_000)

# Bands of a day's minutes: (code, lower bound in minutes inclusive), highest first.
OUT_OF_CELL_BANDS: tuple[tuple[str, int], ...] = (("ge8h", 480), ("4to8h", 240), ("2to4h", 120), ("lt2h", 0))
ASSOCIATION_BANDS: tuple[tuple[str, int], ...] = (("ge8h", 480), ("2to8h", 120), ("lt2h", 1), ("none", 0))


# ---------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class StartedRow:
    """Exclusions started (iverksatte utelukkelser) in a period, by prison, scope and status."""

    prison: str
    scope: str
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class StockRow:
    """Persons fully excluded at a census instant (helt utelukkede per dato)."""

    prison: str
    ground: str
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class LongRow:
    """Long full exclusions (langvarige utelukkelser, over 42 days) in force during a period."""

    prison: str
    count: int


@dataclass(frozen=True, slots=True)
class GroundsRow:
    """Cases and hours of exclusion by ground (grunnlag), with both shares; national."""

    ground: str
    cases: int
    hours: float
    cases_share: float
    hours_share: float


@dataclass(frozen=True, slots=True)
class BandRow:
    """Persons in custody at a census instant by band of a day's minutes (dagsmåling)."""

    prison: str
    band: str
    count: int


@dataclass(frozen=True, slots=True)
class Over22Row:
    """Ended full-exclusion episodes over or under 22 h without meaningful contact."""

    prison: str
    over_22h: bool
    count: int


@dataclass(frozen=True, slots=True)
class IsolatedRow:
    """Persons isolated (isolert, ≥ 22 h without meaningful contact) on a date, by cause."""

    prison: str
    cause: str
    count: int


@dataclass(frozen=True, slots=True)
class CoerciveRow:
    """Coercive means (tvangsmidler) started in a period, by kind, with their hours."""

    prison: str
    kind: str
    count: int
    hours: float


@dataclass(frozen=True, slots=True)
class EventsRow:
    """Persons held in a period and those with at least one isolation event (isolasjonshendelse), with the share."""

    status: str
    sex: str
    held: int
    persons: int
    share: float


@dataclass(frozen=True, slots=True)
class RatesRow:
    """Exclusions and coercive means started per 100 inmates (per 100 innsatte) of the average daily population."""

    security_level: str
    counted: str
    count: int
    population: float
    per_100: float | None


@dataclass(frozen=True, slots=True)
class DurationsRow:
    """Ended exclusion episodes by scope and ground, with the mean and median duration (varighet) in hours."""

    scope: str
    ground: str
    count: int
    mean_hours: float
    median_hours: float


@dataclass(frozen=True, slots=True)
class IncidentsRow:
    """Incidents (hendelser) and coercive means (tvangsmidler) by kind and sex, with how concentrated they are."""

    kind: str
    sex: str
    count: int
    persons: int
    top_persons: int
    top_share: float


@dataclass(frozen=True, slots=True)
class LongestRow:
    """One of the longest full-exclusion episodes (de lengste utelukkelsene), without who it was."""

    rank: int
    prison: str
    ground: str
    status: str
    days: float
    hours: float


@dataclass(frozen=True, slots=True)
class IsolationDaysRow:
    """Isolated person-days (isolasjonsdøgn) by status and cause (the regime and ground behind them)."""

    status: str
    cause: str
    days: int
    persons: int


@dataclass(frozen=True, slots=True)
class AssociationDaysRow:
    """Persons at the daily census by band of association (fellesskap), weekdays against weekends."""

    day_type: str
    band: str
    person_days: int
    per_day: float
    per_100: float


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """Prison days (fengselsdøgn) at the daily census and the share with activity (aktivitet)."""

    security_level: str
    days: int
    with_activity: int
    share: float


@dataclass(frozen=True, slots=True)
class Offer:
    """An isolation-reducing measure (isolasjonsreduserende tiltak) offered to a person, and the answer."""

    person: str
    at: datetime
    response: str  # accepted / declined


@dataclass(frozen=True, slots=True)
class MeasuresRow:
    """Isolation-reducing measures offered, accepted and declined, by status."""

    status: str
    offered: int
    accepted: int
    declined: int
    declined_share: float
    persons: int


def rows_to_dicts(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Rows as plain dicts in field order (for JSON, CSV and the API)."""
    return [dataclasses.asdict(r) for r in rows]


# ---------------------------------------------------------------- helpers


def _period(scenario: Scenario, start: date, end: date) -> tuple[datetime, datetime]:
    if end <= start:
        raise ValueError(f"period end {end} must be after its start {start} (the end is exclusive)")
    return local_midnight(start, scenario.timezone), local_midnight(end, scenario.timezone)


def _counted(facts: list[Fact], keys: Sequence[str], row: type) -> list:
    return [row(*values, count) for values, count in tally(facts, keys)]


def band(minutes: int, bands: tuple[tuple[str, int], ...]) -> str:
    """The band a number of minutes falls in; a bound belongs to the band above it."""
    for code, lower in bands:
        if minutes >= lower:
            return code
    raise ValueError(f"minutes must not be negative, got {minutes}")


def _days_on(days: Iterable[PersonDay], day: date) -> list[PersonDay]:
    return [d for d in days if d.date == day]


# ---------------------------------------------------------------- started


def started_facts(scenario: Scenario, episodes: Iterable[Episode], start: date, end: date) -> list[Fact]:
    """Exclusion episodes whose first decision starts in [start, end), placed at the episode's start.

    Episodes, not decisions, so that a renewal (a decision that continues an
    episode within ``merge_gap``) is not a new exclusion (measures.md "Started").
    """
    lo, hi = _period(scenario, start, end)
    placer = Placer(scenario)
    facts = []
    for ep in episodes:
        scope = EXCLUSION_SCOPE.get(ep.kind)
        if scope is None or not (lo <= ep.start < hi) or ep.start >= scenario.evaluated_at:
            continue
        place = placer.at(ep.person, ep.start)
        if place is not None:
            facts.append(Fact(place, {"scope": scope}))
    return facts


def started(scenario: Scenario, episodes: Iterable[Episode], start: date, end: date) -> list[StartedRow]:
    return _counted(started_facts(scenario, episodes, start, end), ("prison", "scope", "status"), StartedRow)


# ---------------------------------------------------------------- stock


def stock_facts(scenario: Scenario, day: date) -> list[Fact]:
    """Persons with a full exclusion in force at the census instant of ``day``.

    With several full decisions in force, the ground is that of the one that
    started last (statistics.md); on equal starts, the one registered last
    (later in the person's list) wins, since it is the most recent decision.
    """
    at = census_instant(day, scenario)
    placer = Placer(scenario)
    facts = []
    for person in scenario.persons:
        in_force_now = [(x.start, i, x) for i, x in enumerate(person.exclusions)
                        if x.scope == "full" and in_force(x.start, x.end, at, scenario.evaluated_at)]
        if not in_force_now:
            continue
        place = placer.at(person, at)
        if place is not None:
            latest = max(in_force_now, key=lambda t: (t[0], t[1]))[2]
            facts.append(Fact(place, {"ground": latest.ground}))
    return facts


def stock(scenario: Scenario, day: date) -> list[StockRow]:
    return _counted(stock_facts(scenario, day), ("prison", "ground", "status"), StockRow)


# ---------------------------------------------------------------- long


def long_facts(scenario: Scenario, episodes: Iterable[Episode], start: date, end: date) -> list[Fact]:
    """Full-exclusion episodes that at some instant of [start, end) had lasted more than 42 days.

    Such an instant exists when the later of the period's start and the 42-day
    mark lies before both the period's end and the episode's end (open episodes
    end at ``evaluated_at``); that instant is the reference for the placement.
    Each fact carries the episode's ``ground`` at that instant (statistics.md
    "Annual": long exclusions by ground and status): the ground of the decision
    of the episode that started last at or before it.
    """
    lo, hi = _period(scenario, start, end)
    placer = Placer(scenario)
    decisions = {(p.id, x.id): x for p in scenario.persons for x in p.exclusions}
    facts = []
    for ep in episodes:
        if ep.kind != "full_exclusion" or ep.start >= scenario.evaluated_at:
            continue
        reference = max(lo, ep.start + LONG_EXCLUSION)
        if reference < min(hi, effective_end(ep.end, scenario.evaluated_at)):
            place = placer.at(ep.person, reference)
            if place is not None:
                begun = [x for i in ep.decisions if (x := decisions.get((ep.person, i))) and x.start <= reference]
                ground = max(begun, key=lambda x: x.start).ground if begun else None
                facts.append(Fact(place, {"ground": ground}))
    return facts


def long(scenario: Scenario, episodes: Iterable[Episode], start: date, end: date) -> list[LongRow]:
    return _counted(long_facts(scenario, episodes, start, end), ("prison",), LongRow)


# ---------------------------------------------------------------- grounds


def _union_length(intervals: list[tuple[datetime, datetime]]) -> timedelta:
    total = timedelta(0)
    reach: datetime | None = None
    for lo, hi in sorted(intervals):
        if reach is None or lo > reach:
            total += hi - lo
            reach = hi
        elif hi > reach:
            total += hi - reach
            reach = hi
    return total


def grounds_totals(scenario: Scenario, start: date, end: date) -> dict[str, tuple[int, timedelta]]:
    """Per ground: decisions started in [start, end) and decision time inside it.

    Time is the union per person and ground (full and partial alike), so that
    overlapping decisions of one ground — a renewal made before the old one
    ended — are not counted twice; open decisions run to ``evaluated_at``.
    Decision time is not clipped to custody: it is the time the decision was in
    force, which is what the directorate's hours by ground measure.
    """
    lo, hi = _period(scenario, start, end)
    hi_known = min(hi, scenario.evaluated_at)
    cases: dict[str, int] = defaultdict(int)
    time: dict[str, timedelta] = defaultdict(timedelta)
    for person in scenario.persons:
        spans: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
        for x in person.exclusions:
            if x.start >= scenario.evaluated_at:
                continue
            if lo <= x.start < hi:
                cases[x.ground] += 1
            a, b = max(x.start, lo), min(effective_end(x.end, scenario.evaluated_at), hi_known)
            if a < b:
                spans[x.ground].append((a, b))
        for ground, intervals in spans.items():
            time[ground] += _union_length(intervals)
    return {g: (cases.get(g, 0), time.get(g, timedelta(0))) for g in set(cases) | set(time)}


def _micros(delta: timedelta) -> int:
    return delta // timedelta(microseconds=1)


def grounds(scenario: Scenario, start: date, end: date) -> list[GroundsRow]:
    """Cases and hours by ground with their shares of the totals (measures.md "Shares by ground").

    Shares come from the exact totals, not from the rounded hours, and are 0.0
    when there is nothing in the period to share.
    """
    totals = grounds_totals(scenario, start, end)
    all_cases = sum(c for c, _ in totals.values())
    all_time = sum((_micros(t) for _, t in totals.values()), 0)
    rows = []
    for ground in sorted(totals):
        cases, time = totals[ground]
        if cases == 0 and time <= timedelta(0):
            continue
        micros = _micros(time)
        rows.append(GroundsRow(
            ground=ground,
            cases=cases,
            hours=round_half_away(Decimal(micros) / _MICROSECONDS_PER_HOUR, 1),
            cases_share=round_half_away(Decimal(cases) / Decimal(all_cases), 3) if all_cases else 0.0,
            hours_share=round_half_away(Decimal(micros) / Decimal(all_time), 3) if all_time else 0.0,
        ))
    return rows


# ---------------------------------------------------------------- day measurement


def census_facts(scenario: Scenario, days: Iterable[PersonDay], day: date) -> list[Fact]:
    """Persons in custody at the census instant of ``day``, each with that day's ledger row.

    The fact's attributes are the ledger fields the day tables band or filter on.
    """
    at = census_instant(day, scenario)
    placer = Placer(scenario)
    facts = []
    for row in _days_on(days, day):
        place = placer.at(row.person, at)
        if place is not None:
            facts.append(Fact(place, {
                "out_of_cell_band": band(row.out_of_cell_minutes, OUT_OF_CELL_BANDS),
                "association_band": band(row.association_minutes, ASSOCIATION_BANDS),
                "isolated": row.isolated,
                "cause": row.cause,
            }))
    return facts


def day(scenario: Scenario, days: Iterable[PersonDay], on: date) -> list[BandRow]:
    """Persons by band of out-of-cell time: lt2h, 2to4h, 4to8h, ge8h (a bound belongs above)."""
    return _counted(census_facts(scenario, days, on), ("prison", "out_of_cell_band"), BandRow)


def association(scenario: Scenario, days: Iterable[PersonDay], on: date) -> list[BandRow]:
    """Persons by band of association time: none (0), lt2h, 2to8h, ge8h (a bound belongs above)."""
    return _counted(census_facts(scenario, days, on), ("prison", "association_band"), BandRow)


def isolated(scenario: Scenario, days: Iterable[PersonDay], on: date) -> list[IsolatedRow]:
    """Isolated persons by the cause of their isolation that day (measures.md ``cause``)."""
    facts = [f for f in census_facts(scenario, days, on) if f.attrs["isolated"]]
    return _counted(facts, ("prison", "cause"), IsolatedRow)


# ---------------------------------------------------------------- over 22 h


def over22_facts(scenario: Scenario, episodes: Iterable[Episode], start: date, end: date) -> list[Fact]:
    """Full-exclusion episodes that ended in [start, end), placed at the episode's start.

    Only ended episodes are counted (Meld. St. 31 figure 7.2): an ongoing one
    may still change side. An episode with no custody minutes has no answer
    (``over_22h`` null) and is left out.
    """
    lo, hi = _period(scenario, start, end)
    placer = Placer(scenario)
    facts = []
    for ep in episodes:
        if (ep.kind != "full_exclusion" or ep.end is None or ep.end > scenario.evaluated_at
                or ep.over_22h is None or not (lo <= ep.end < hi)):
            continue
        place = placer.at(ep.person, ep.start)
        if place is not None:
            facts.append(Fact(place, {"over_22h": ep.over_22h}))
    return facts


def over22(scenario: Scenario, episodes: Iterable[Episode], start: date, end: date) -> list[Over22Row]:
    return _counted(over22_facts(scenario, episodes, start, end), ("prison", "over_22h"), Over22Row)


# ---------------------------------------------------------------- coercive means


def coercive_facts(scenario: Scenario, start: date, end: date) -> list[Fact]:
    """Uses of a coercive means started in [start, end), placed at their start, with their duration.

    The duration is the whole use (up to ``evaluated_at`` while it lasts), not
    the part inside the period: the monthly table reports how long the uses
    begun that month lasted (statistics.md "Coercive means started ... with
    durations").
    """
    lo, hi = _period(scenario, start, end)
    placer = Placer(scenario)
    facts = []
    for person in scenario.persons:
        for use in person.coercive_means:
            if not (lo <= use.start < hi) or use.start >= scenario.evaluated_at:
                continue
            place = placer.at(person, use.start)
            if place is not None:
                duration = effective_end(use.end, scenario.evaluated_at) - use.start
                facts.append(Fact(place, {"kind": use.kind, "micros": _micros(duration)}))
    return facts


def coercive(scenario: Scenario, start: date, end: date) -> list[CoerciveRow]:
    """Coercive means started in the period by prison and kind; hours summed exactly, then rounded."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for fact in coercive_facts(scenario, start, end):
        cell = groups[(fact.place.prison, fact.attrs["kind"])]
        cell[0] += 1
        cell[1] += fact.attrs["micros"]
    return [CoerciveRow(prison=prison, kind=kind, count=count,
                        hours=round_half_away(Decimal(micros) / _MICROSECONDS_PER_HOUR, 1))
            for (prison, kind), (count, micros) in sorted(groups.items())]


# Coercive means whose use is an isolation event of its own (measures.md "Episodes").
EVENT_MEANS = ("security_cell", "security_bed")


def _overlaps(start: datetime, end: datetime | None, lo: datetime, hi: datetime, evaluated_at: datetime) -> bool:
    """[start, end) meets [lo, hi) before ``evaluated_at`` (an open record runs up to it)."""
    return start < min(hi, evaluated_at) and effective_end(end, evaluated_at) > lo


def events_facts(scenario: Scenario, start: date, end: date) -> list[Fact]:
    """Every person held in [start, end), with ``event`` True when they had an isolation event in it.

    statistics.md "Annual": persons with at least one isolation event and their
    share of all persons held. An isolation event (measures.md) is an exclusion
    episode, a security-cell episode or a security-bed episode; a person had one
    in the period when one of its decisions or uses was in force at some instant
    of the period. Episodes are unions of those intervals, so this is the same as
    asking whether an episode covered an instant of the period, without the
    ledger. A person is placed once, at the first instant of the period they were
    held (the later of the period's start and the start of their first stay in
    it), so the person and the share count in one status, sex and prison.
    """
    lo, hi = _period(scenario, start, end)
    at = scenario.evaluated_at
    placer = Placer(scenario)
    facts = []
    for person in scenario.persons:
        stays = [s for s in person.stays if _overlaps(s.start, s.end, lo, hi, at)]
        if not stays:
            continue
        place = placer.at(person, max(lo, min(s.start for s in stays)))
        if place is None:
            continue
        event = (any(_overlaps(x.start, x.end, lo, hi, at) for x in person.exclusions)
                 or any(_overlaps(u.start, u.end, lo, hi, at) for u in person.coercive_means
                        if u.kind in EVENT_MEANS))
        facts.append(Fact(place, {"event": event}))
    return facts


def events(scenario: Scenario, start: date, end: date) -> list[EventsRow]:
    """Persons held and persons with an isolation event by status (remand, sentenced, preventive
    detention on its own, as the annual figures show it) and sex; national, share rounded to 0.001."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for fact in events_facts(scenario, start, end):
        cell = groups[(fact.place.custody_status, fact.place.sex or "unknown")]
        cell[0] += 1
        cell[1] += fact.attrs["event"]
    return [EventsRow(status=status, sex=sex, held=held, persons=persons,
                      share=round_half_away(Decimal(persons) / Decimal(held), 3))
            for (status, sex), (held, persons) in sorted(groups.items())]


ALL_LEVELS = "all"


def average_daily_population(scenario: Scenario, start: date, end: date) -> dict[str, Decimal]:
    """Mean persons in custody at the census instant of each day of [start, end), per security level and ``all``.

    measures.md "Population": the average daily population is the mean of the
    daily stocks. Only days whose census instant has passed by ``evaluated_at``
    count (a month not yet over is averaged over its days so far). Each stay
    adds the census instants inside it, found by bisection, so a year of
    thousands of stays is one pass. Security level ``unknown`` for a prison
    without one.
    """
    _period(scenario, start, end)  # validates the period
    censuses = []
    day = start
    while day < end:
        instant = census_instant(day, scenario)
        if instant <= scenario.evaluated_at:
            censuses.append(instant)
        day += timedelta(days=1)
    if not censuses:
        return {}
    levels = {p.code: p.security_level or "unknown" for p in scenario.prisons}
    person_days: dict[str, int] = defaultdict(int)
    for person in scenario.persons:
        for stay in person.stays:
            if stay.start > scenario.evaluated_at:
                continue
            # in force at c: start <= c < end, and c <= evaluated_at (already true of every census kept)
            stay_end = effective_end(stay.end, scenario.evaluated_at)
            inside = bisect_left(censuses, stay_end) - bisect_left(censuses, stay.start)
            if stay.end is None and censuses and stay_end in censuses:
                inside += 1  # an open stay is in force at evaluated_at itself
            if inside > 0:
                person_days[levels.get(stay.prison, "unknown")] += inside
                person_days[ALL_LEVELS] += inside
    return {level: Decimal(n) / Decimal(len(censuses)) for level, n in person_days.items()}


def rates(scenario: Scenario, episodes: Iterable[Episode], start: date, end: date) -> list[RatesRow]:
    """Exclusion episodes and coercive means started in [start, end) per 100 inmates of the average daily
    population, per security level of the prison where they started and for ``all``.

    statistics.md "Annual": coercive means per 100 inmates in high-security
    prisons (read the rows of level ``high``) and exclusions per 100 inmates
    (level ``all``; a month as the period gives the monthly rate). The counts
    are those of the ``started`` and ``coercive`` tables.
    """
    population = average_daily_population(scenario, start, end)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    facts = [(f, "exclusions") for f in started_facts(scenario, episodes, start, end)]
    facts += [(f, f.attrs["kind"]) for f in coercive_facts(scenario, start, end)]
    for fact, measure in facts:
        counts[(fact.place.security_level or "unknown", measure)] += 1
        counts[(ALL_LEVELS, measure)] += 1
    rows = []
    for (level, measure), count in sorted(counts.items()):
        adp = population.get(level, Decimal(0))
        rows.append(RatesRow(security_level=level, counted=measure, count=count,
                             population=round_half_away(adp, 1),
                             per_100=round_half_away(Decimal(count) * 100 / adp, 1) if adp else None))
    return rows


# ---------------------------------------------------------------- durations

ALL_GROUNDS = "all"


def _median(values: Sequence[int]) -> Decimal:
    """The median of exact values: the middle one, or the mean of the two middle ones."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return Decimal(ordered[middle - 1] + ordered[middle]) / 2


def durations(scenario: Scenario, episodes: Iterable[Episode], start: date, end: date) -> list[DurationsRow]:
    """Exclusion episodes that ended in [start, end), by scope and ground, with mean and median hours.

    statistics.md "Annual": mean and median duration in hours by ground. Only
    ended episodes count (as in ``over22``), so that every duration is final and
    a long exclusion still running does not enter with half its length. The
    duration is the episode's (measures.md "Episodes": exact hours from the
    first start to the last end, renewals included). The ground is that of the
    episode's first decision — what the exclusion was imposed for — so that an
    episode counts once. Each scope also has a row ``all`` over its grounds.
    National: a mean over a handful of episodes in one prison would point at
    persons.
    """
    lo, hi = _period(scenario, start, end)
    decisions = {(p.id, x.id): x for p in scenario.persons for x in p.exclusions}
    lengths: dict[tuple[str, str], list[int]] = defaultdict(list)
    for ep in episodes:
        scope = EXCLUSION_SCOPE.get(ep.kind)
        if scope is None or ep.end is None or ep.end > scenario.evaluated_at or not (lo <= ep.end < hi):
            continue
        first = [x for i in ep.decisions if (x := decisions.get((ep.person, i)))]
        ground = min(first, key=lambda x: x.start).ground if first else "unknown"
        micros = _micros(ep.end - ep.start)
        lengths[(scope, ground)].append(micros)
        lengths[(scope, ALL_GROUNDS)].append(micros)
    return [DurationsRow(scope=scope, ground=ground, count=len(values),
                         mean_hours=round_half_away(Decimal(sum(values)) / len(values) / _MICROSECONDS_PER_HOUR, 1),
                         median_hours=round_half_away(_median(values) / _MICROSECONDS_PER_HOUR, 1))
            for (scope, ground), values in sorted(lengths.items(), key=lambda i: (i[0][0], i[0][1] == ALL_GROUNDS,
                                                                                  i[0][1]))]


# ---------------------------------------------------------------- incidents

ALL_SEXES = "all"
TOP_SHARE_OF_PERSONS = Decimal("0.1")  # concentration: the events of the top 10 % of persons


def incidents_facts(scenario: Scenario, start: date, end: date) -> list[Fact]:
    """Incidents at an instant of [start, end) and coercive means started in it, placed then.

    One fact per event with ``kind`` (an incident kind or a coercive-means
    kind); the person is the placement's ``person``. Uses, not episodes, as
    Meld. St. 31 Table 7.1 counts placements in a security cell or bed (its two
    columns are the rows ``security_cell`` and ``security_bed``). Events outside
    custody have no placement and are left out, as in the other tables.
    """
    lo, hi = _period(scenario, start, end)
    placer = Placer(scenario)
    facts = []
    for person in scenario.persons:
        events = [(i.kind, i.at) for i in person.incidents]
        events += [(u.kind, u.start) for u in person.coercive_means]
        for kind, at in events:
            if not (lo <= at < hi) or at >= scenario.evaluated_at:
                continue
            place = placer.at(person, at)
            if place is not None:
                facts.append(Fact(place, {"kind": kind}))
    return facts


def concentration(per_person: Iterable[int]) -> tuple[int, float]:
    """(top persons, their share of the events): the 10 % of persons with the most events, at least one.

    statistics.md "Annual" (seed 001: 11 women accounted for about 70 % of the
    self-harm among women). The top is ceil(10 % of the persons with an event);
    ties at its edge do not matter, since equal counts give the same sum.
    """
    counts = sorted(per_person, reverse=True)
    if not counts:
        return 0, 0.0
    top = max(1, int((Decimal(len(counts)) * TOP_SHARE_OF_PERSONS).to_integral_value(rounding=ROUND_CEILING)))
    return top, round_half_away(Decimal(sum(counts[:top])) / Decimal(sum(counts)), 3)


def incidents(scenario: Scenario, start: date, end: date) -> list[IncidentsRow]:
    """Incidents and coercive means in the period by kind and sex (and ``all`` sexes), with the persons
    involved and the share of the events on the top 10 % of them; national (statistics.md "Annual":
    incidents next to security-bed and security-cell use, as in Meld. St. 31 Table 7.1; coercive means and
    incidents by sex and how concentrated they are)."""
    per_person: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for fact in incidents_facts(scenario, start, end):
        for sex in (fact.place.sex or "unknown", ALL_SEXES):
            per_person[(fact.attrs["kind"], sex)][fact.place.person] += 1
    rows = []
    for (kind, sex), persons in sorted(per_person.items(), key=lambda i: (i[0][0], i[0][1] == ALL_SEXES, i[0][1])):
        top, share = concentration(persons.values())
        rows.append(IncidentsRow(kind=kind, sex=sex, count=sum(persons.values()), persons=len(persons),
                                 top_persons=top, top_share=share))
    return rows


# ---------------------------------------------------------------- longest

LONGEST_TOP = 25  # seed 001: "the 25 longest were over 300 days"
_MICROSECONDS_PER_DAY = _MICROSECONDS_PER_HOUR * 24


def longest(scenario: Scenario, episodes: Iterable[Episode], start: date, end: date,
            top: int = LONGEST_TOP) -> list[LongestRow]:
    """The ``top`` longest full-exclusion episodes in force at some instant of [start, end), ranked.

    statistics.md "Annual": the longest episodes (seed 001: the 25 longest were
    over 300 days, 10 of them preventive detention). The length counts up to the
    episode's end, or — still running, or ending later — up to the earlier of
    the period's end and ``evaluated_at``, so that a year's table does not grow
    after the year. Only what cannot point at a person is published: rank,
    length, the prison and the status (three-way, preventive detention on its
    own) at the episode's start, and the ground of its latest decision begun
    by the length's end. Equal lengths are ranked by the earlier start.
    """
    lo, hi = _period(scenario, start, end)
    stop = min(hi, scenario.evaluated_at)
    placer = Placer(scenario)
    decisions = {(p.id, x.id): x for p in scenario.persons for x in p.exclusions}
    found = []
    for ep in episodes:
        if ep.kind != "full_exclusion" or ep.start >= stop:
            continue
        until = min(effective_end(ep.end, scenario.evaluated_at), stop)
        if until <= lo:
            continue
        place = placer.at(ep.person, ep.start)
        if place is None:
            continue
        begun = [x for i in ep.decisions if (x := decisions.get((ep.person, i))) and x.start < until]
        ground = max(begun, key=lambda x: x.start).ground if begun else "unknown"
        found.append((_micros(until - ep.start), ep.start, place, ground))
    found.sort(key=lambda f: (-f[0], f[1]))
    return [LongestRow(rank=rank, prison=place.prison, ground=ground, status=place.custody_status,
                       days=round_half_away(Decimal(micros) / _MICROSECONDS_PER_DAY, 1),
                       hours=round_half_away(Decimal(micros) / _MICROSECONDS_PER_HOUR, 1))
            for rank, (micros, _, place, ground) in enumerate(found[:top], start=1)]


# ---------------------------------------------------------------- days over a period


def isolation_days(scenario: Scenario, days: Iterable[PersonDay], start: date, end: date) -> list[IsolationDaysRow]:
    """Isolated person-days in [start, end) by status and cause, with the persons they belong to.

    statistics.md "Annual": isolation days by status and ground. A day counts
    when the ledger marks it ``isolated`` (measures.md: 22 h or more without
    meaningful contact); its ground is the ledger's ``cause``
    (``full_exclusion:<ground>``, ``security_cell``, ``unregistered`` …), so
    isolation with no decision behind it shows too. The status is the
    three-way one at the day's census instant; a day whose census instant
    finds the person out of custody (released before noon) takes the status at
    the day's start. National.
    """
    _period(scenario, start, end)
    placer = Placer(scenario)
    groups: dict[tuple[str, str], list] = defaultdict(lambda: [0, set()])
    for row in days:
        if not row.isolated or not (start <= row.date < end):
            continue
        place = (placer.at(row.person, census_instant(row.date, scenario))
                 or placer.at(row.person, local_midnight(row.date, scenario.timezone)))
        if place is None:
            continue
        cell = groups[(place.custody_status, row.cause or "unregistered")]
        cell[0] += 1
        cell[1].add(row.person)
    return [IsolationDaysRow(status=status, cause=cause, days=n, persons=len(persons))
            for (status, cause), (n, persons) in sorted(groups.items())]


WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())
ALL_DAYS = "all"


def association_days(scenario: Scenario, days: Iterable[PersonDay], start: date,
                     end: date) -> list[AssociationDaysRow]:
    """Persons at each day's census instant in [start, end) by band of association, weekdays against weekends.

    statistics.md "Annual": persons with no association, under 2 h and under
    8 h, also per 100 inmates, and weekdays against weekends (seed 003: weekends
    are the hardest). Per day type and band: person-days; ``per_day`` the mean
    persons a day (person-days over the days of that type whose census has
    passed); ``per_100`` per 100 persons at those censuses. Bands as the
    association table (none, under 2 h, 2–8 h, 8 h or more; a bound belongs
    above); "under 8 h" is the sum of the first three. Rows ``all`` add both
    day types. Days with no census yet (after ``evaluated_at``) are left out.
    """
    _period(scenario, start, end)
    placer = Placer(scenario)
    counted_days: dict[str, int] = defaultdict(int)
    day = start
    while day < end:
        if census_instant(day, scenario) <= scenario.evaluated_at:
            kind = "weekend" if day.weekday() in WEEKEND else "weekday"
            counted_days[kind] += 1
            counted_days[ALL_DAYS] += 1
        day += timedelta(days=1)
    bands: dict[tuple[str, str], int] = defaultdict(int)
    population: dict[str, int] = defaultdict(int)
    for row in days:
        if not (start <= row.date < end):
            continue
        at = census_instant(row.date, scenario)
        if at > scenario.evaluated_at or placer.at(row.person, at) is None:
            continue
        kind = "weekend" if row.date.weekday() in WEEKEND else "weekday"
        code = band(row.association_minutes, ASSOCIATION_BANDS)
        for k in (kind, ALL_DAYS):
            bands[(k, code)] += 1
            population[k] += 1
    order = {code: i for i, (code, _) in enumerate(reversed(ASSOCIATION_BANDS))}
    day_order = {"weekday": 0, "weekend": 1, ALL_DAYS: 2}
    return [AssociationDaysRow(day_type=kind, band=code, person_days=n,
                               per_day=round_half_away(Decimal(n) / Decimal(counted_days[kind]), 1),
                               per_100=round_half_away(Decimal(n) * 100 / Decimal(population[kind]), 1))
            for (kind, code), n in sorted(bands.items(), key=lambda i: (day_order[i[0][0]], order[i[0][1]]))]



# ---------------------------------------------------------------- activity

ACTIVITY_KINDS = frozenset({"work", "education", "programme"})  # statistics.md: work, education, programmes


def _local_dates(start: datetime, end: datetime, tz: str) -> Iterable[date]:
    """The local dates an interval [start, end) touches."""
    zone = ZoneInfo(tz)
    day = start.astimezone(zone).date()
    last = (end - timedelta(microseconds=1)).astimezone(zone).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def activity(scenario: Scenario, start: date, end: date) -> list[ActivityRow]:
    """Prison days in [start, end) and the share with activity, by security level and ``all``.

    statistics.md "Annual": share of prison days with activity (work,
    education, programmes; seed 003: 77 % against a target of 85 %). A prison
    day is a person in custody at a day's census instant (as the average daily
    population counts them, so the days add up to it); it has activity when a
    ``work``, ``education`` or ``programme`` session of that person touches the
    local day (begun before ``evaluated_at``). The security level is that of the
    prison of the stay. Days whose census has not passed are left out.
    """
    _period(scenario, start, end)
    censuses: list[datetime] = []
    dates: list[date] = []
    day = start
    while day < end:
        instant = census_instant(day, scenario)
        if instant <= scenario.evaluated_at:
            censuses.append(instant)
            dates.append(day)
        day += timedelta(days=1)
    if not censuses:
        return []
    levels = {p.code: p.security_level or "unknown" for p in scenario.prisons}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for person in scenario.persons:
        active: set[date] = set()
        for c in person.contacts:
            if c.kind in ACTIVITY_KINDS and c.start < scenario.evaluated_at:
                active.update(_local_dates(c.start, effective_end(c.end, scenario.evaluated_at), scenario.timezone))
        for stay in person.stays:
            if stay.start > scenario.evaluated_at:
                continue
            stay_end = effective_end(stay.end, scenario.evaluated_at)
            first = bisect_left(censuses, stay.start)
            last = bisect_left(censuses, stay_end) + (stay.end is None and stay_end in censuses)
            if last <= first:
                continue
            held = dates[first:last]
            with_activity = sum(1 for day in held if day in active)
            for level in (levels.get(stay.prison, "unknown"), ALL_LEVELS):
                totals[level][0] += len(held)
                totals[level][1] += with_activity
    return [ActivityRow(security_level=level, days=n, with_activity=k,
                        share=round_half_away(Decimal(k) / Decimal(n), 3))
            for level, (n, k) in sorted(totals.items(), key=lambda i: (i[0] == ALL_LEVELS, i[0]))]


# ---------------------------------------------------------------- isolation-reducing measures

REDUCING_KIND = "isolation_reducing"
ALL_STATUSES = "all"


def offers_from_contacts(scenario: Scenario) -> list[Offer]:
    """Accepted offers read from a scenario's ``isolation_reducing`` sessions.

    A scenario file records the measures that took place as contact sessions
    and has no field for a declined offer (scenario-format.md), so from a file
    every offer is an accepted one; the database records declines too
    (records ``IsolationReducingMeasure``) and the app passes those instead.
    """
    return [Offer(person=p.id, at=c.start, response="accepted")
            for p in scenario.persons for c in p.contacts if c.kind == REDUCING_KIND]


def measures(scenario: Scenario, offers: Iterable[Offer], start: date, end: date) -> list[MeasuresRow]:
    """Isolation-reducing measures offered in [start, end), accepted and declined, by three-way status and ``all``.

    statistics.md "Annual" (KDI has no data on refusals today). An offer counts
    at its instant (before ``evaluated_at``) while the person is held, placed
    then; ``persons`` is the number of persons offered at least one.
    """
    lo, hi = _period(scenario, start, end)
    placer = Placer(scenario)
    groups: dict[str, list] = defaultdict(lambda: [0, 0, set()])
    for offer in offers:
        if not (lo <= offer.at < hi) or offer.at >= scenario.evaluated_at:
            continue
        place = placer.at(offer.person, offer.at)
        if place is None:
            continue
        for status in (place.custody_status, ALL_STATUSES):
            cell = groups[status]
            cell[0] += 1
            cell[1] += offer.response == "declined"
            cell[2].add(offer.person)
    return [MeasuresRow(status=status, offered=n, accepted=n - declined, declined=declined,
                        declined_share=round_half_away(Decimal(declined) / Decimal(n), 3), persons=len(persons))
            for status, (n, declined, persons) in sorted(groups.items(), key=lambda i: (i[0] == ALL_STATUSES, i[0]))]

