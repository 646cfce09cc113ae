"""What the public statistics page shows, built only from editions and reference figures.

The page reads two tables: :class:`Edition` (frozen, aggregated counts) and
:class:`ReferenceFigure`. It never queries persons, stays or records, so no
personal data can reach it; prison-level counts are suppressed (suppress.py)
and national totals are shown in full (measures.md "Small numbers").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from fellesskap.stats import charts
from fellesskap.stats.exports import public_rows
from fellesskap.stats.jsonstat import TABLE_SHAPES, category_label
from fellesskap.stats.models import Edition, ReferenceFigure
from fellesskap.stats.publication import (
    PublishedTable,
    key_fields,
    measure_fields,
    national_rows,
    ordered_tables,
)
from fellesskap.stats.reference import HistoryPoint
from fellesskap.stats.reference import ReferenceFigure as Figure
from fellesskap.stats.reference import continued as continue_series

AREA = "nation"
# Coercive kinds of the monthly table that continue a Table 7.1 row.
OWN_YEAR_MEASURES = ("security_cell", "security_bed")


@dataclass
class ShownTable:
    """A table ready for the template: labelled headers and cells, national and by prison."""

    name: str
    title: str
    note: str
    reference: str
    partial: bool
    national_head: list[str]
    national: list[list[Any]]
    prison_head: list[str]
    prisons: list[list[Any]]
    downloads: dict[str, str] = field(default_factory=dict)
    chart: dict[str, Any] | None = None


def _labelled(name: str, rows: list[dict[str, Any]], keys: tuple[str, ...], language: str) -> list[list[Any]]:
    out = []
    for row in rows:
        cells: list[Any] = [category_label(k, str(row[k]), language) if k != "prison" else row[k] for k in keys]
        for m in measure_fields(name):
            if m in row:
                cells.append(row.get(f"{m}_label") if row.get("suppressed") else row[m])
        out.append(cells)
    return out


def _head(name: str, keys: tuple[str, ...], language: str, has: set[str]) -> list[str]:
    from fellesskap.stats.jsonstat import _DIMENSION_LABELS

    labels = _DIMENSION_LABELS["en" if language == "en" else "nb"]
    return [labels.get(k, k) for k in keys] + [category_label("measure", m, language)
                                              for m in measure_fields(name) if m in has]


def table_chart(name: str, national: list[dict[str, Any]], language: str) -> dict[str, Any] | None:
    """The chart drawn beside a table of an edition, from its national rows (None when it has none)."""
    if not national:
        return None
    if name == "stock":
        return charts.fully_excluded_by_ground(national, language)
    if name == "grounds":
        return charts.cases_against_hours(national, language)
    return None


def shown_table(table: PublishedTable, language: str) -> ShownTable:
    keys = key_fields(table.name)
    national = national_rows(table.name, list(table.rows))
    national_keys = tuple(k for k in keys if k != "prison")
    measures = set(measure_fields(table.name))
    by_prison = public_rows(table) if "prison" in keys else []
    chart = table_chart(table.name, national, language)
    # Shares do not add up over prisons, so summed tables leave them out; a table
    # without a prison (grounds) is national already and keeps them.
    national_measures = measures - {"cases_share", "hours_share"} if "prison" in keys else measures
    return ShownTable(
        name=table.name, title=table.title(language), note=table.note(language), reference=table.reference,
        partial=table.partial,
        national_head=_head(table.name, national_keys, language, national_measures),
        national=_labelled(table.name, national, national_keys, language),
        prison_head=_head(table.name, keys, language, measures) if by_prison else [],
        prisons=_labelled(table.name, by_prison, keys, language), chart=chart)


def latest_per_period(area: str = AREA, *, published_by=None) -> list[Edition]:
    """The newest edition of each period, oldest period first (as it stood at ``published_by``, if given)."""
    newest: dict[str, Edition] = {}
    editions = Edition.objects.filter(area=area)
    if published_by is not None:
        editions = editions.filter(published_at__lte=published_by)
    for edition in editions.order_by("period", "number"):
        newest[edition.period] = edition
    return [newest[p] for p in sorted(newest)]


def month_series(editions: list[Edition], table: str, by: str | None) -> list[dict[str, Any]]:
    """National counts per month from each period's newest edition (optionally split by one key)."""
    series = []
    for edition in editions:
        doc = edition.tables.get(table)
        if doc is None:
            continue
        sums: dict[Any, int] = defaultdict(int)
        for row in doc["rows"]:
            sums[row[by] if by else None] += row["count"]
        if by is None:
            series.append({"month": edition.period, "count": sums.get(None, 0)})
        else:
            series.extend({"month": edition.period, by: k, "count": v} for k, v in sorted(sums.items()))
    return series


def own_years(editions: list[Edition]) -> list[tuple[str, int, int, str]]:
    """Security-cell and -bed uses per complete year, summed from the monthly editions.

    Only a year with all twelve months published counts: a part-year would
    look like a fall in the series.
    """
    months: dict[int, set[str]] = defaultdict(set)
    sums: dict[tuple[str, int], int] = defaultdict(int)
    for edition in editions:
        year = int(edition.period[:4])
        months[year].add(edition.period)
        for row in edition.tables.get("coercive", {}).get("rows", []):
            if row["kind"] in OWN_YEAR_MEASURES:
                sums[(row["kind"], year)] += row["count"]
    own = []
    for year, periods in months.items():
        if len(periods) == 12:
            own.extend((m, year, sums.get((m, year), 0), f"fellesskap {year}") for m in OWN_YEAR_MEASURES)
    return own


def history_points(editions: list[Edition]) -> list[HistoryPoint]:
    figures = [Figure(f.source, f.measure, f.year, f.value, f.document, f.table, f.location, f.published)
               for f in ReferenceFigure.objects.all()]
    return continue_series(figures, own_years(editions))


def page_context(language: str) -> dict[str, Any]:
    editions = latest_per_period()
    latest = editions[-1] if editions else None
    tables = []
    if latest is not None:
        for name in ordered_tables(latest.tables):
            if name in TABLE_SHAPES:
                tables.append(shown_table(PublishedTable.from_json(latest.tables[name]), language))
    points = history_points(editions)
    years = sorted({p.year for p in points})
    measures = list(dict.fromkeys(p.measure for p in points))
    grid = {(p.measure, p.year): p for p in points}
    from fellesskap.stats.reference import MEASURE_LABELS

    history_rows = [[MEASURE_LABELS[m][1 if language == "en" else 0],
                     *[grid[(m, y)] if (m, y) in grid else None for y in years]] for m in measures]
    sources = {}
    for f in ReferenceFigure.objects.order_by("published"):
        sources[f.source] = f"{f.document}: {f.table} ({f.location})"
    return {
        "edition": latest, "tables": tables, "history_years": years, "history_rows": history_rows,
        "history_sources": sources,
        "charts": {
            "history": charts.history(points, language),
            "started": charts.started_per_month(month_series(editions, "started", "status"), language),
            "long": charts.long_over_time(month_series(editions, "long", None), language),
        },
        "monthly_rows": monthly_rows(editions),
    }


def monthly_rows(editions: list[Edition]) -> list[list[Any]]:
    """The table under the monthly charts: month, started on remand, started sentenced, long."""
    started: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in month_series(editions, "started", "status"):
        started[row["month"]][row["status"]] += row["count"]
    long = {row["month"]: row["count"] for row in month_series(editions, "long", None)}
    return [[e.period, started[e.period]["remand"], started[e.period]["sentenced"], long.get(e.period, 0)]
            for e in reversed(editions)]
