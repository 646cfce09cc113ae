"""Chart specifications (Vega-Lite 5) for the publication, built by pure functions.

One spec serves both places a chart is shown: the browser draws it with
vega-embed, and render.py turns it into SVG or PNG for PDFs (vl-convert, which
runs offline). Each function takes already-computed rows, so a chart never
computes statistics itself and always shows the figures of the table beside
it. Labels come from the vocabulary in the language asked for. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fellesskap.stats.jsonstat import category_label
from fellesskap.stats.reference import MEASURE_LABELS, HistoryPoint

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
WIDTH = 560
HEIGHT = 260
# Colours that keep apart in greyscale print and for common colour-vision deficiencies (Okabe–Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

_TEXT = {
    "month": ("måned", "month"), "count": ("antall", "count"), "status": ("status", "status"),
    "ground": ("grunnlag", "ground"), "share": ("andel", "share"), "band": ("tid utenfor celle", "time out of cell"),
    "persons": ("personer", "persons"), "year": ("år", "year"), "measure": ("mål", "measure"),
    "origin": ("kilde", "source"), "reference": ("publisert", "published"), "fellesskap": ("fellesskap", "fellesskap"),
    "cases_share": ("andel saker", "share of cases"), "hours_share": ("andel timer", "share of hours"),
    "started": ("Iverksatte utelukkelser per måned", "Exclusions started per month"),
    "stock": ("Helt utelukkede etter grunnlag", "Persons fully excluded by ground"),
    "long": ("Utelukkelser over 42 dager", "Exclusions over 42 days"),
    "grounds": ("Andel saker og andel timer etter grunnlag", "Share of cases and share of hours by ground"),
    "day": ("Tid utenfor celle på måledagen", "Time out of cell on the day of measurement"),
    "history": ("Selvmord, selvmordsforsøk, selvskading og sikkerhetscelle/-seng",
                "Suicides, suicide attempts, self-harm, security cell and bed"),
}


def text(key: str, language: str) -> str:
    nb, en = _TEXT[key]
    return en if language == "en" else nb


def _base(title: str, values: list[dict[str, Any]], description: str) -> dict[str, Any]:
    return {"$schema": SCHEMA, "title": title, "description": description, "width": WIDTH, "height": HEIGHT,
            "data": {"values": values}, "config": {"range": {"category": PALETTE}, "font": "sans-serif"}}


def started_per_month(series: Iterable[Mapping[str, Any]], language: str = "nb") -> dict[str, Any]:
    """Stacked bars: exclusions started per month, remand against sentenced.

    ``series`` holds rows ``{month: "YYYY-MM", status, count}`` (national totals).
    """
    values = [{"month": r["month"], "status": category_label("status", r["status"], language),
               "count": r["count"]} for r in series]
    spec = _base(text("started", language), values, "exclusions started per month by custody status")
    spec.update({"mark": "bar", "encoding": {
        "x": {"field": "month", "type": "ordinal", "title": text("month", language)},
        "y": {"field": "count", "type": "quantitative", "title": text("count", language), "stack": "zero"},
        "color": {"field": "status", "type": "nominal", "title": text("status", language)},
        "tooltip": [{"field": "month"}, {"field": "status"}, {"field": "count"}],
    }})
    return spec


def fully_excluded_by_ground(rows: Iterable[Mapping[str, Any]], language: str = "nb") -> dict[str, Any]:
    """Horizontal bars: persons fully excluded at the census instant, by ground, split by status."""
    values = [{"ground": category_label("ground", r["ground"], language),
               "status": category_label("status", r["status"], language), "count": r["count"]} for r in rows]
    spec = _base(text("stock", language), values, "persons fully excluded by ground and status")
    spec.update({"mark": "bar", "encoding": {
        "y": {"field": "ground", "type": "nominal", "title": text("ground", language), "sort": "-x"},
        "x": {"field": "count", "type": "quantitative", "title": text("persons", language)},
        "color": {"field": "status", "type": "nominal", "title": text("status", language)},
        "tooltip": [{"field": "ground"}, {"field": "status"}, {"field": "count"}],
    }})
    return spec


def long_over_time(series: Iterable[Mapping[str, Any]], language: str = "nb") -> dict[str, Any]:
    """Line: full exclusions over 42 days in force per month (``{month, count}`` rows)."""
    values = [{"month": r["month"], "count": r["count"]} for r in series]
    spec = _base(text("long", language), values, "full exclusions over 42 days per month")
    spec.update({"mark": {"type": "line", "point": True}, "encoding": {
        "x": {"field": "month", "type": "ordinal", "title": text("month", language)},
        "y": {"field": "count", "type": "quantitative", "title": text("count", language)},
        "tooltip": [{"field": "month"}, {"field": "count"}],
    }})
    return spec


def cases_against_hours(rows: Iterable[Mapping[str, Any]], language: str = "nb") -> dict[str, Any]:
    """Grouped bars: each ground's share of cases next to its share of hours.

    The point of the chart (measures.md "Shares by ground"): a ground with few
    cases can hold most of the hours, as long exclusions do.
    """
    values = []
    for r in rows:
        for measure in ("cases_share", "hours_share"):
            values.append({"ground": category_label("ground", r["ground"], language),
                           "measure": text(measure, language), "share": r[measure]})
    spec = _base(text("grounds", language), values, "share of cases against share of hours by ground")
    spec.update({"mark": "bar", "encoding": {
        "y": {"field": "ground", "type": "nominal", "title": text("ground", language)},
        "yOffset": {"field": "measure"},
        "x": {"field": "share", "type": "quantitative", "title": text("share", language), "axis": {"format": "%"}},
        "color": {"field": "measure", "type": "nominal", "title": text("measure", language)},
        "tooltip": [{"field": "ground"}, {"field": "measure"}, {"field": "share", "format": ".1%"}],
    }})
    return spec


def contact_distribution(rows: Iterable[Mapping[str, Any]], bands: Sequence[str],
                         language: str = "nb") -> dict[str, Any]:
    """Bars: persons by band of time out of cell on a day of measurement, bands in their natural order."""
    totals = {b: 0 for b in bands}
    for r in rows:
        totals[r["band"]] = totals.get(r["band"], 0) + r["count"]
    labels = [category_label("band", b, language) for b in totals]
    values = [{"band": category_label("band", b, language), "count": c} for b, c in totals.items()]
    spec = _base(text("day", language), values, "persons by time out of cell on the day of measurement")
    spec.update({"mark": "bar", "encoding": {
        "x": {"field": "band", "type": "ordinal", "title": text("band", language), "sort": labels},
        "y": {"field": "count", "type": "quantitative", "title": text("persons", language)},
        "tooltip": [{"field": "band"}, {"field": "count"}],
    }})
    return spec


def history(points: Iterable[HistoryPoint], language: str = "nb") -> dict[str, Any]:
    """Lines: the Meld. St. 31 Table 7.1 series continued by the system's own years.

    Published years are solid; the system's own years are dashed, so a reader
    sees where the official record ends and fellesskap's counts begin.
    """
    points = sorted(points, key=lambda p: (p.measure, p.year))
    values = []
    last_reference: dict[str, dict[str, Any]] = {}
    for p in points:
        value = {"year": p.year, "measure": MEASURE_LABELS[p.measure][1 if language == "en" else 0],
                 "count": p.value, "origin": text(p.origin, language), "source": p.source}
        if p.origin == "reference":
            last_reference[p.measure] = value
        elif p.measure in last_reference:
            # The dashed continuation starts at the last published year, so the two lines join.
            values.append({**last_reference.pop(p.measure), "origin": text(p.origin, language)})
        values.append(value)
    origins = [text("reference", language), text("fellesskap", language)]
    spec = _base(text("history", language), values, "Meld. St. 31 Table 7.1 continued by fellesskap")
    spec.update({"mark": {"type": "line", "point": True}, "encoding": {
        "x": {"field": "year", "type": "ordinal", "title": text("year", language)},
        "y": {"field": "count", "type": "quantitative", "title": text("count", language)},
        "color": {"field": "measure", "type": "nominal", "title": text("measure", language)},
        "strokeDash": {"field": "origin", "type": "nominal", "title": text("origin", language),
                       "scale": {"domain": origins, "range": [[1, 0], [6, 4]]},
                       "legend": {"symbolType": "stroke"}},
        "tooltip": [{"field": "year"}, {"field": "measure"}, {"field": "count"}, {"field": "source"}],
    }})
    return spec
