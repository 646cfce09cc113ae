"""One table from a scenario: fetch the ledger rows a table needs, then build it.

This is what ``fellesskap stats`` and the tests call; the tables themselves
(tables.py) take ledger rows as input and never compute them, so that the
Django app can feed them stored rows instead. Pure: no Django.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fellesskap.ledger.types import Episode, PersonDay
from fellesskap.scenario.model import Person, Scenario
from fellesskap.stats import tables
from fellesskap.stats.placement import Placer, census_instant, effective_end, local_midnight


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table's name, the option it takes (``month``, ``date`` or ``range``) and its builder."""

    name: str
    option: str
    build: Callable[..., list]
    title_en: str
    title_nb: str


def _overlapping(records: tuple, lo: datetime, hi: datetime) -> tuple:
    return tuple(r for r in records if r.start < hi and (r.end is None or r.end > lo))


def _for_exclusion_episodes(person: Person, evaluated_at: datetime, need_over_22h: bool) -> Person | None:
    """The person with only the records their exclusion episodes depend on, or None without any.

    An exclusion episode is the union of decisions (measures.md), so its
    bounds depend on the decisions alone; ``over_22h`` also reads custody and
    the contact inside the episode, which lies within the span of the full
    decisions. Dropping the sessions outside that span changes no episode and
    spares the ledger sweeping months of sessions of persons never excluded.
    """
    if not person.exclusions:
        return None
    full = [x for x in person.exclusions if x.scope == "full" and x.start < evaluated_at]
    if not need_over_22h or not full:
        return dataclasses.replace(person, contacts=(), outdoor=(), unlock=())
    lo = min(x.start for x in full)
    hi = max(effective_end(x.end, evaluated_at) for x in full)
    return dataclasses.replace(person, contacts=_overlapping(person.contacts, lo, hi),
                               outdoor=_overlapping(person.outdoor, lo, hi),
                               unlock=_overlapping(person.unlock, lo, hi))


def scenario_episodes(scenario: Scenario, *, need_over_22h: bool = True) -> list[Episode]:
    """Every exclusion episode of every person up to ``evaluated_at`` (the ledger's, default merge gap).

    Security-cell and security-bed episodes are not computed: no table here reads them.
    """
    from fellesskap.ledger import compute_episodes

    episodes: list[Episode] = []
    for person in scenario.persons:
        trimmed = _for_exclusion_episodes(person, scenario.evaluated_at, need_over_22h)
        if trimmed is not None:
            episodes.extend(e for e in compute_episodes(trimmed, scenario.evaluated_at)
                            if e.kind in tables.EXCLUSION_SCOPE)
    return episodes


def census_days(scenario: Scenario, day: date) -> list[PersonDay]:
    """The ledger rows of ``day`` for the persons in custody at its census instant.

    The ledger covers the scenario's period only, and a census date may lie
    outside it, so the day is computed on its own with the period narrowed to
    that one date (``isolated_streak`` is then meaningless, and no table here
    reads it). Sessions that do not touch the day cannot change its minutes and
    are dropped first; decisions are kept whole, since an isolated day's cause
    is broken by their starts. Persons not in custody at the census instant are
    skipped, which keeps a one-date table cheap on a large scenario.
    """
    from fellesskap.ledger import compute_days

    at = census_instant(day, scenario)
    lo = local_midnight(day, scenario.timezone)
    hi = local_midnight(day + timedelta(days=1), scenario.timezone)
    placer = Placer(scenario)
    one_day = dataclasses.replace(scenario, period_start=day, period_end=day + timedelta(days=1))
    rows: list[PersonDay] = []
    for person in scenario.persons:
        if placer.at(person, at) is None:
            continue
        trimmed = dataclasses.replace(person, contacts=_overlapping(person.contacts, lo, hi),
                                      outdoor=_overlapping(person.outdoor, lo, hi),
                                      unlock=_overlapping(person.unlock, lo, hi))
        rows.extend(r for r in compute_days(trimmed, one_day) if r.date == day)
    return rows


def period_days(scenario: Scenario, start: date, end: date) -> list[PersonDay]:
    """The ledger rows of every day of [start, end) for the persons held in it.

    The period is narrowed to [start, end) (``isolated_streak`` then starts on
    the first day; no table here reads it). Persons with no stay touching the
    period are skipped before the ledger runs.
    """
    from fellesskap.ledger import compute_days

    lo, hi = local_midnight(start, scenario.timezone), local_midnight(end, scenario.timezone)
    narrowed = dataclasses.replace(scenario, period_start=start, period_end=end)
    rows: list[PersonDay] = []
    for person in scenario.persons:
        if any(s.start < hi and (s.end is None or s.end > lo) for s in person.stays):
            rows.extend(compute_days(person, narrowed))
    return rows


def _isolation_days(s: Scenario, start: date, end: date) -> list:
    return tables.isolation_days(s, period_days(s, start, end), start, end)


def _association_days(s: Scenario, start: date, end: date) -> list:
    return tables.association_days(s, period_days(s, start, end), start, end)


def _measures(s: Scenario, start: date, end: date) -> list:
    return tables.measures(s, tables.offers_from_contacts(s), start, end)


def _started(s: Scenario, start: date, end: date) -> list:
    return tables.started(s, scenario_episodes(s, need_over_22h=False), start, end)


def _long(s: Scenario, start: date, end: date) -> list:
    return tables.long(s, scenario_episodes(s, need_over_22h=False), start, end)


def _over22(s: Scenario, start: date, end: date) -> list:
    return tables.over22(s, scenario_episodes(s), start, end)


def _day(s: Scenario, on: date) -> list:
    return tables.day(s, census_days(s, on), on)


def _association(s: Scenario, on: date) -> list:
    return tables.association(s, census_days(s, on), on)


def _isolated(s: Scenario, on: date) -> list:
    return tables.isolated(s, census_days(s, on), on)


def _rates(s: Scenario, start: date, end: date) -> list:
    return tables.rates(s, scenario_episodes(s, need_over_22h=False), start, end)


def _durations(s: Scenario, start: date, end: date) -> list:
    return tables.durations(s, scenario_episodes(s, need_over_22h=False), start, end)


def _longest(s: Scenario, start: date, end: date) -> list:
    return tables.longest(s, scenario_episodes(s, need_over_22h=False), start, end)


TABLES: dict[str, TableSpec] = {t.name: t for t in (
    TableSpec("started", "month", _started, "Exclusions started", "Iverksatte utelukkelser"),
    TableSpec("stock", "date", tables.stock, "Persons fully excluded at the census instant",
              "Helt utelukkede per dato"),
    TableSpec("long", "month", _long, "Full exclusions over 42 days", "Utelukkelser over 42 dager"),
    TableSpec("grounds", "range", tables.grounds, "Exclusion cases and hours by ground",
              "Utelukkelser og timer etter grunnlag"),
    TableSpec("day", "date", _day, "Out-of-cell time on the day of measurement",
              "Tid utenfor celle på måledagen"),
    TableSpec("association", "date", _association, "Association on the day of measurement",
              "Fellesskap på måledagen"),
    TableSpec("over22", "range", _over22, "Ended full exclusions over and under 22 h",
              "Avsluttede fulle utelukkelser over og under 22 t"),
    TableSpec("isolated", "date", _isolated, "Isolated persons by cause", "Isolerte personer etter årsak"),
    TableSpec("coercive", "range", tables.coercive, "Coercive means started, with their hours",
              "Iverksatte tvangsmidler, med varighet"),
    TableSpec("rates", "range", _rates, "Exclusions and coercive means per 100 inmates",
              "Utelukkelser og tvangsmidler per 100 innsatte"),
    TableSpec("events", "range", tables.events, "Persons with at least one isolation event",
              "Personer med minst én isolasjonshendelse"),
    TableSpec("durations", "range", _durations, "Ended exclusions by ground: mean and median duration",
              "Avsluttede utelukkelser etter grunnlag: gjennomsnittlig og median varighet"),
    TableSpec("incidents", "range", tables.incidents, "Incidents and coercive means by sex, with concentration",
              "Hendelser og tvangsmidler etter kjønn, med konsentrasjon"),
    TableSpec("isolation_days", "range", _isolation_days, "Isolation days by status and cause",
              "Isolasjonsdøgn etter status og årsak"),
    TableSpec("association_days", "range", _association_days, "Association at the daily census, weekdays and "
              "weekends", "Fellesskap ved daglig telling, hverdager og helger"),
    TableSpec("activity", "range", tables.activity, "Share of prison days with activity",
              "Andel fengselsdøgn med aktivitet"),
    TableSpec("measures", "range", _measures, "Isolation-reducing measures offered, accepted and declined",
              "Isolasjonsreduserende tiltak tilbudt, akseptert og avslått"),
    TableSpec("longest", "range", _longest, "The longest full exclusions", "De lengste fulle utelukkelsene"),
)}


def month_period(year: int, month: int) -> tuple[date, date]:
    """A calendar month as local dates [first, first of the next)."""
    return date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)


def compute_table(scenario: Scenario, name: str, *, month: tuple[int, int] | None = None,
                  on: date | None = None, start: date | None = None, end: date | None = None) -> list[Any]:
    """Build table ``name`` with the one option it takes; ValueError names what is wrong."""
    spec = TABLES.get(name)
    if spec is None:
        raise ValueError(f"unknown table {name!r}; expected one of {', '.join(TABLES)}")
    if spec.option == "month":
        if month is None:
            raise ValueError(f"table {name} needs a month")
        return spec.build(scenario, *month_period(*month))
    if spec.option == "date":
        if on is None:
            raise ValueError(f"table {name} needs a date")
        return spec.build(scenario, on)
    if start is None or end is None:
        raise ValueError(f"table {name} needs a period (from and to)")
    return spec.build(scenario, start, end)
