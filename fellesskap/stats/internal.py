"""Internal statistics (intern statistikk): every table, real counts, filters and drill-down.

A query names a table, its period (month, date, or from–to), an area
(``nation``, ``region:CODE``, ``prison:CODE``), the level its rows are grouped
by (``nation``, ``region``, ``prison`` — never wider than the area) and
filters on the placement (status, sex, security level, age group). The
tables' own fact functions (``tables.*_facts``) say what is counted; here
those facts are filtered and tallied by the level and the table's own keys,
so the internal screens and the published tables can never disagree.

Who may ask for which area is ``fellesskap.stats.access``; this module only
computes. Counts are not suppressed: these screens are for staff whose role
covers the area.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from fellesskap import vocabulary as voc
from fellesskap.scenario.model import Scenario
from fellesskap.stats import jsonstat, tables
from fellesskap.stats.compute import TABLES, census_days, compute_table, month_period, scenario_episodes
from fellesskap.stats.placement import local_midnight
from fellesskap.stats.publication import NOTES
from fellesskap.stats.tally import Fact, round_half_away

TZ = "Europe/Oslo"
# Tables computed nationally as a whole (no drill-down, no filter): shares, rates, means and
# concentration are not sums of smaller areas, and a mean over a few persons would point at them.
NATIONAL_TABLES = ("grounds", "rates", "durations", "incidents", "longest", "isolation_days", "association_days",
                   "activity", "measures")
# Tables that run the ledger for every person-day of the period: a national year takes about 30 s
# (docs/performance.md), too long for a page, so the screen takes a quarter at a time.
DAY_TABLES = ("isolation_days", "association_days")
DAY_TABLE_MAX_DAYS = 92
_WHOLE_TABLES = ("rates", "durations", "incidents", "longest", "isolation_days", "association_days", "activity",
                 "measures")
LEVELS = ("nation", "region", "prison")
FILTERS: dict[str, tuple[str, ...]] = {
    "status": ("remand", "sentenced"),
    "sex": tuple(t.code for t in voc.SEXES),
    "security_level": tuple(t.code for t in voc.SECURITY_LEVELS),
    "age_group": ("under_18", "18_24", "25_39", "40_59", "60_plus"),
}
_MICROS_PER_HOUR = Decimal(3_600_000_000)


@dataclass(frozen=True)
class Shape:
    """How a table is asked for (``month``, ``date`` or ``period``) and grouped (fact attribute → column)."""

    option: str
    columns: tuple[tuple[str, str], ...]
    facts: Callable[[Scenario, date, date], list[Fact]] | None
    where: Callable[[Fact], bool] | None = None
    hours: bool = False


def _episodes(s: Scenario, need_over_22h: bool = False):
    return scenario_episodes(s, need_over_22h=need_over_22h)


SHAPES: dict[str, Shape] = {
    "started": Shape("month", (("scope", "scope"), ("status", "status")),
                     lambda s, a, b: tables.started_facts(s, _episodes(s), a, b)),
    "stock": Shape("date", (("ground", "ground"), ("status", "status")), lambda s, a, b: tables.stock_facts(s, a)),
    "long": Shape("month", (("ground", "ground"), ("status", "status")),
                  lambda s, a, b: tables.long_facts(s, _episodes(s), a, b)),
    "coercive": Shape("period", (("kind", "kind"),), lambda s, a, b: tables.coercive_facts(s, a, b), hours=True),
    "day": Shape("date", (("out_of_cell_band", "band"),),
                 lambda s, a, b: tables.census_facts(s, census_days(s, a), a)),
    "association": Shape("date", (("association_band", "band"),),
                         lambda s, a, b: tables.census_facts(s, census_days(s, a), a)),
    "isolated": Shape("date", (("cause", "cause"),), lambda s, a, b: tables.census_facts(s, census_days(s, a), a),
                      where=lambda f: bool(f.attrs.get("isolated"))),
    "over22": Shape("period", (("over_22h", "over_22h"),),
                    lambda s, a, b: tables.over22_facts(s, _episodes(s, True), a, b)),
    "grounds": Shape("period", (), None),  # national, no placement: see grounds_rows
    "rates": Shape("period", (), None),  # a national rate by security level: see rows_for
    "durations": Shape("period", (), None),  # national means and medians: see rows_for
    "incidents": Shape("period", (), None),  # national, with concentration: see rows_for
    "longest": Shape("period", (), None),  # a national ranking: see rows_for
    "isolation_days": Shape("period", (), None),  # national person-days and persons: see rows_for
    "association_days": Shape("period", (), None),  # national means per day and per 100: see rows_for
    "activity": Shape("period", (), None),  # a national share by security level: see rows_for
    "measures": Shape("period", (), None),  # offers from the records, declines included: see offers_for
    # Every person held, counted as held, and as a person with an event when they had one.
    "events": Shape("period", (("custody_status", "status"), ("sex", "sex")),
                    lambda s, a, b: tables.events_facts(s, a, b)),
}
BAND_ORDER = {"day": ("lt2h", "2to4h", "4to8h", "ge8h"), "association": ("none", "lt2h", "2to8h", "ge8h")}


class QueryError(ValueError):
    """A malformed query; the message starts with the field."""


@dataclass(frozen=True)
class Query:
    table: str
    start: date
    end: date  # exclusive; a date table has end = start + 1 day
    area: str = "nation"
    level: str = "nation"
    filters: Mapping[str, str] = field(default_factory=dict)

    @property
    def period_label(self) -> str:
        option = SHAPES[self.table].option
        if option == "date":
            return self.start.isoformat()
        if option == "month":
            return self.start.strftime("%Y-%m")
        return f"{self.start.isoformat()}–{(self.end - timedelta(days=1)).isoformat()}"


def _date(text: str, name: str) -> date:
    try:
        value = date.fromisoformat(text)
    except (TypeError, ValueError):
        raise QueryError(f"{name}: expected a date YYYY-MM-DD, got {text!r}") from None
    if not 1000 <= value.year <= 9000:
        raise QueryError(f"{name}: year out of range")
    return value


def parse_query(params: Mapping[str, str]) -> Query:
    """A query from request parameters (``table``, ``month``/``date``/``from``+``to``, ``area``, ``level``, filters)."""
    name = params.get("table") or "started"
    if name not in SHAPES:
        raise QueryError(f"table: unknown table {name!r}; expected one of {', '.join(SHAPES)}")
    option = SHAPES[name].option
    if option == "month":
        text = params.get("month") or ""
        try:
            year, month = (int(x) for x in text.split("-"))
            start, end = month_period(year, month)
        except (ValueError, TypeError):
            raise QueryError(f"month: expected YYYY-MM, got {text!r}") from None
    elif option == "date":
        start = _date(params.get("date") or "", "date")
        end = start + timedelta(days=1)
    else:
        start, end = _date(params.get("from") or "", "from"), _date(params.get("to") or "", "to")
        if end <= start:
            raise QueryError("to: must be after from (the end is exclusive)")
        if (end - start).days > 366:
            raise QueryError("to: a period of at most a year")
        if name in DAY_TABLES and (end - start).days > DAY_TABLE_MAX_DAYS:
            raise QueryError(f"to: the {name} table runs the ledger for every day; at most "
                             f"{DAY_TABLE_MAX_DAYS} days at a time here (the command takes a year)")
    area = params.get("area") or "nation"
    kind, _, code = area.partition(":")
    if kind not in LEVELS or (kind == "nation") != (code == ""):
        raise QueryError(f"area: expected nation, region:CODE or prison:CODE, got {area!r}")
    level = params.get("level") or kind
    if level not in LEVELS:
        raise QueryError(f"level: expected one of {', '.join(LEVELS)}")
    if LEVELS.index(level) < LEVELS.index(kind):
        raise QueryError(f"level: rows by {level} are wider than the area {area}")
    if name in NATIONAL_TABLES and (area != "nation" or level != "nation"):
        raise QueryError(f"area: the {name} table is national only")
    filters = {}
    for key, allowed in FILTERS.items():
        value = params.get(key) or ""
        if value:
            if value not in allowed:
                raise QueryError(f"{key}: expected one of {', '.join(allowed)}, got {value!r}")
            filters[key] = value
    if name in NATIONAL_TABLES and filters:
        raise QueryError(f"{next(iter(filters))}: the {name} table cannot be filtered")
    return Query(table=name, start=start, end=end, area=area, level=level, filters=filters)


def _in_area(area: str) -> Callable[[Fact], bool]:
    kind, _, code = area.partition(":")
    if kind == "region":
        return lambda f: f.place.region == code
    if kind == "prison":
        return lambda f: f.place.prison == code
    return lambda f: True


def _level_value(f: Fact, level: str) -> str:
    if level == "nation":
        return "NO"
    return (f.place.region if level == "region" else f.place.prison) or "unknown"


def columns(q: Query) -> tuple[list[str], list[str]]:
    """(key columns, measure columns) of the query's rows."""
    if q.table == "grounds":
        return ["ground"], ["cases", "hours", "cases_share", "hours_share"]
    if q.table == "rates":
        return ["security_level", "counted"], ["count", "population", "per_100"]
    if q.table in _WHOLE_TABLES and q.table != "rates":
        shape = jsonstat.TABLE_SHAPES[q.table]
        return list(shape.dimensions), list(shape.measures)
    keys = [q.level, *(out for _, out in SHAPES[q.table].columns)]
    if q.table == "events":
        return keys, ["held", "persons", "share"]
    return keys, (["count", "hours"] if SHAPES[q.table].hours else ["count"])


def rows_for(scenario: Scenario, q: Query, offers: Sequence[tables.Offer] | None = None) -> list[dict[str, Any]]:
    """The query's rows (only counts above zero), sorted by their keys.

    ``offers`` feeds the ``measures`` table from the records (with declines);
    without it the table reads the scenario's sessions, which hold no declines.
    """
    if q.table == "grounds":
        return tables.rows_to_dicts(tables.grounds(scenario, q.start, q.end))
    if q.table == "measures" and offers is not None:
        return tables.rows_to_dicts(tables.measures(scenario, offers, q.start, q.end))
        return tables.rows_to_dicts(tables.grounds(scenario, q.start, q.end))
    if q.table in _WHOLE_TABLES:
        return tables.rows_to_dicts(compute_table(scenario, q.table, start=q.start, end=q.end))
    shape = SHAPES[q.table]
    inside = _in_area(q.area)
    keep = [f for f in shape.facts(scenario, q.start, q.end)
            if inside(f) and (shape.where is None or shape.where(f))
            and all(f.key(k) == v for k, v in q.filters.items())]
    counts: dict[tuple, list] = {}
    for f in keep:
        key = (_level_value(f, q.level), *(f.key(attr) for attr, _ in shape.columns))
        cell = counts.setdefault(key, [0, 0])
        cell[0] += 1
        cell[1] += f.attrs.get("micros", 0) + int(bool(f.attrs.get("event")))
    names, measures = columns(q)
    order = BAND_ORDER.get(q.table)
    rows = []
    for key in sorted(counts, key=lambda k: tuple((v is None, order.index(v) if order and v in order else 0,
                                                    str(v)) for v in k)):
        row = dict(zip(names, key, strict=True))
        if q.table == "events":
            held, persons = counts[key]
            row.update(held=held, persons=persons, share=round_half_away(Decimal(persons) / Decimal(held), 3))
            rows.append(row)
            continue
        row["count"] = counts[key][0]
        if "hours" in measures:
            row["hours"] = round_half_away(Decimal(counts[key][1]) / _MICROS_PER_HOUR, 1)
        rows.append(row)
    return rows


def scenario_for_query(q: Query, evaluated_at: datetime) -> Scenario:
    """The persons held in the query's area during its period, with their whole history (records bridge)."""
    from fellesskap.records.bridge import persons_held, scenario_for
    from fellesskap.registry.models import Person, Prison

    lo, hi = local_midnight(q.start, TZ), local_midnight(q.end, TZ)
    kind, _, code = q.area.partition(":")
    if kind == "nation":
        persons = persons_held(lo, hi)
    else:
        codes = [code] if kind == "prison" else list(Prison.objects.filter(region__code=code)
                                                     .values_list("code", flat=True))
        ids: set[int] = set()
        for c in codes:
            ids.update(persons_held(lo, hi, c).values_list("pk", flat=True))
        persons = Person.objects.filter(pk__in=ids)
    return scenario_for(persons, q.start, q.end, evaluated_at)


def offers_for(scenario: Scenario, q: Query) -> list[tables.Offer]:
    """The isolation-reducing measures registered for the scenario's persons in the query's period, accepted
    or declined (withdrawn records left out), keyed by the persons' public ids as the scenario is."""
    from fellesskap.records.models import IsolationReducingMeasure

    lo, hi = local_midnight(q.start, TZ), local_midnight(q.end, TZ)
    ids = {p.id for p in scenario.persons}
    rows = (IsolationReducingMeasure.objects.filter(at__gte=lo, at__lt=hi, withdrawn_at__isnull=True,
                                                    person__public_id__in=list(ids))
            .values_list("person__public_id", "at", "response"))
    return [tables.Offer(person=str(pid), at=at, response=response) for pid, at, response in rows]


def title(q: Query, language: str) -> str:
    spec = TABLES[q.table]
    return spec.title_en if language == "en" else spec.title_nb


def metadata(q: Query, data_instant: datetime, language: str) -> list[tuple[str, str]]:
    note_nb, note_en = NOTES.get(q.table, ("", ""))
    filters = ", ".join(f"{k}={v}" for k, v in q.filters.items()) or "—"
    return [("title_nb", TABLES[q.table].title_nb), ("title_en", TABLES[q.table].title_en),
            ("note_nb", note_nb), ("note_en", note_en), ("table", q.table), ("reference", q.period_label),
            ("area", q.area), ("level", q.level), ("filters", filters),
            ("data_instant", data_instant.isoformat()), ("internal", "true (counts not suppressed)")]


def to_csv(q: Query, rows: Sequence[Mapping[str, Any]], data_instant: datetime, language: str = "nb") -> str:
    out = io.StringIO()
    for name, value in metadata(q, data_instant, language):
        out.write(f"# {name}: {' '.join(value.split())}\n")
    keys, measures = columns(q)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*keys, *measures])
    for row in rows:
        writer.writerow([jsonstat.category_code(row[k]) if isinstance(row[k], bool) else row[k]
                         for k in (*keys, *measures)])
    return out.getvalue()


def to_xlsx(q: Query, rows: Sequence[Mapping[str, Any]], data_instant: datetime, language: str = "nb") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = q.table[:31]
    for name, value in metadata(q, data_instant, language):
        sheet.append([name, value])
    sheet.append([])
    keys, measures = columns(q)
    sheet.append([*keys, *measures])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([jsonstat.category_code(row[k]) if isinstance(row[k], bool) else row[k]
                      for k in (*keys, *measures)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_jsonstat(q: Query, rows: Sequence[Mapping[str, Any]], data_instant: datetime,
                language: str = "nb") -> dict[str, Any]:
    keys, measures = columns(q)
    categories = {"band": BAND_ORDER[q.table]} if q.table in BAND_ORDER else None
    if q.table in jsonstat.TABLE_SHAPES and jsonstat.TABLE_SHAPES[q.table].categories:
        categories = dict(jsonstat.TABLE_SHAPES[q.table].categories)
    if q.table == "over22":
        categories = {"over_22h": ("false", "true")}
    note_nb, note_en = NOTES.get(q.table, ("", ""))
    shape = jsonstat.TABLE_SHAPES.get(q.table)
    dataset = jsonstat.to_jsonstat(rows, dimensions=keys, measures=measures, label=title(q, language),
                                   updated=data_instant, categories=categories, language=language,
                                   missing=shape.missing if shape is not None else 0,
                                   note=[note_en if language == "en" else note_nb])
    dataset["extension"] = dict(metadata(q, data_instant, language))
    return dataset
