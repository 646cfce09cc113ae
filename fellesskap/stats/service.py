"""The monthly publication (månedsstatistikk) from a scenario or from the database.

statistics.md "Monthly": exclusions started, persons fully excluded on the last
day of the month, long exclusions, coercive means started; the national
edition adds the month's shares of cases and hours by ground. The tables are the
pure ones (tables.py via compute.py); this module chooses their periods, cuts
them to an area and wraps them as a :class:`Publication`. A month not yet over
at the data instant still gives its tables, marked partial, with the stock
taken on the last day whose census instant has passed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from fellesskap.scenario.model import Scenario
from fellesskap.stats.compute import TABLES, compute_table, month_period
from fellesskap.stats.placement import census_instant, local_midnight
from fellesskap.stats.publication import NOTES, Publication, PublishedTable
from fellesskap.stats.tables import rows_to_dicts

MONTHLY_TABLES = ("started", "stock", "long", "coercive")
# Tables without a prison key, published only with the national edition: the
# month's shares of cases and hours by ground (measures.md "Shares by ground"),
# behind the chart "share of cases against share of hours".
NATIONAL_TABLES = ("grounds",)
_AREA = re.compile(r"^(nation|region:[a-z_]+|prison:[A-Za-z0-9_-]+)$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> tuple[int, int]:
    """``YYYY-MM`` as (year, month); ValueError names the field."""
    m = _MONTH.match(text or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"period: expected a month as YYYY-MM, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def check_area(area: str) -> str:
    if not _AREA.match(area or ""):
        raise ValueError(f"area: expected nation, region:CODE or prison:CODE, got {area!r}")
    return area


def area_prisons(scenario: Scenario, area: str) -> set[str]:
    """The prison codes an area covers, from the scenario's prisons (a stay's prison counts too)."""
    check_area(area)
    known = {p.code: p.region for p in scenario.prisons}
    codes = set(known) | {s.prison for person in scenario.persons for s in person.stays}
    if area == "nation":
        return codes
    kind, _, code = area.partition(":")
    if kind == "prison":
        return {code}
    return {c for c in codes if known.get(c) == code}


def stock_date(scenario: Scenario, start: date, end: date) -> date:
    """The month's last day, or the last day whose census instant is not after the data instant."""
    day = end - timedelta(days=1)
    while day > start and census_instant(day, scenario) > scenario.evaluated_at:
        day -= timedelta(days=1)
    return day


def default_rule_packs() -> dict[str, str]:
    from fellesskap.rules.pack import load_packs

    return {p.id: p.version for p in load_packs()}


def monthly_publication(scenario: Scenario, period: str, *, area: str = "nation",
                        rule_packs: dict[str, str] | None = None) -> Publication:
    """Every monthly table of statistics.md for ``period`` (YYYY-MM), rows kept for the area's prisons.

    Rows keep their prison (real counts); suppression is for the public view.
    The data instant is the scenario's ``evaluated_at``.
    """
    year, month = parse_month(period)
    check_area(area)
    start, end = month_period(year, month)
    prisons = area_prisons(scenario, area)
    ended = local_midnight(end, scenario.timezone) <= scenario.evaluated_at
    tables = {}
    names = MONTHLY_TABLES + (NATIONAL_TABLES if area == "nation" else ())
    for name in names:
        spec = TABLES[name]
        if name == "stock":
            on = stock_date(scenario, start, end)
            rows = compute_table(scenario, name, on=on)
            reference, partial = on.isoformat(), not ended
        elif spec.option == "month":
            rows = compute_table(scenario, name, month=(year, month))
            reference, partial = period, not ended
        else:
            rows = compute_table(scenario, name, start=start, end=end)
            reference, partial = period, not ended
        if name in NATIONAL_TABLES:
            kept = tuple(rows_to_dicts(rows))
        else:
            kept = tuple(r for r in rows_to_dicts(rows) if r.get("prison", None) in prisons)
        note_nb, note_en = NOTES[name]
        if partial:
            note_nb += " Måneden var ikke avsluttet ved datatidspunktet: tallene er foreløpige."
            note_en += " The month had not ended at the data instant: the figures are provisional."
        tables[name] = PublishedTable(name=name, title_nb=spec.title_nb, title_en=spec.title_en, note_nb=note_nb,
                                      note_en=note_en, reference=reference, rows=kept, partial=partial)
    return Publication(period=period, area=area, data_instant=scenario.evaluated_at,
                       rule_packs=default_rule_packs() if rule_packs is None else dict(rule_packs), tables=tables)


def scenario_from_database(period: str, *, area: str, evaluated_at: datetime) -> Scenario:
    """The scenario of the persons held in the area during the month, built by the records bridge.

    The bridge gives each person's whole history, so an episode begun before
    the month keeps its start.
    """
    from fellesskap.records.bridge import persons_held, scenario_for
    from fellesskap.registry.models import Person, Prison

    year, month = parse_month(period)
    check_area(area)
    start, end = month_period(year, month)
    lo, hi = local_midnight(start, "Europe/Oslo"), local_midnight(end, "Europe/Oslo")
    kind, _, code = area.partition(":")
    if kind == "nation":
        persons = persons_held(lo, hi)
    else:
        codes = [code] if kind == "prison" else list(
            Prison.objects.filter(region__code=code).values_list("code", flat=True))
        ids: set[int] = set()
        for c in codes:
            ids.update(persons_held(lo, hi, c).values_list("pk", flat=True))
        persons = Person.objects.filter(pk__in=ids)
    return scenario_for(persons, start, end, evaluated_at)


def publication_from_database(period: str, *, area: str = "nation", evaluated_at: datetime,
                              rule_packs: dict[str, str] | None = None) -> Publication:
    """The monthly publication computed from the registry and records tables."""
    scenario = scenario_from_database(period, area=area, evaluated_at=evaluated_at)
    return monthly_publication(scenario, period, area=area, rule_packs=rule_packs)
