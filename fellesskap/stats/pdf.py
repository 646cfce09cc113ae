"""The monthly publication as a PDF (bokmål or English), with its charts as static images.

The PDF is what KDI would send out or archive: the same tables as the public
page (national totals in full, prison rows with counts of 1–3 shown as
``≤ 3``), each with its "how this is counted" note, and the charts drawn
offline by vl-convert as PNG (WeasyPrint draws SVG text with its own fonts,
which shifted the labels of Vega's SVG; a PNG looks exactly as Vega drew it).
HTML from a Django template, typeset by WeasyPrint (needs Debian's pango,
installed by ``make pdf-deps`` when missing).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from fellesskap.stats import charts, reference, render
from fellesskap.stats.public import month_series, shown_table
from fellesskap.stats.publication import PublishedTable
from fellesskap.stats.reference import HistoryPoint

TITLE = {"nb": "Isolasjon i fengsel – månedsstatistikk", "en": "Isolation in prison – monthly statistics"}


def _png(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The chart as a PNG data URI drawn at twice its size, with the width (CSS px) to show it at (half)."""
    data = render.to_png(dict(spec), scale=2.0)
    width = int.from_bytes(data[16:20], "big")  # the PNG header's IHDR width
    return {"src": "data:image/png;base64," + base64.b64encode(data).decode("ascii"), "width": width // 2}


def series_from_tables(period: str, tables: Sequence[PublishedTable]) -> tuple[list[dict], list[dict]]:
    """The month's own points of the started and long series, when there are no earlier editions."""
    by_name = {t.name: t for t in tables}
    started, long = [], []
    if "started" in by_name:
        sums: dict[str, int] = {}
        for row in by_name["started"].rows:
            sums[row["status"]] = sums.get(row["status"], 0) + row["count"]
        started = [{"month": period, "status": k, "count": v} for k, v in sorted(sums.items())]
    if "long" in by_name:
        long = [{"month": period, "count": sum(r["count"] for r in by_name["long"].rows)}]
    return started, long


BANDS = ("lt2h", "2to4h", "4to8h", "ge8h")


def reference_history() -> list[HistoryPoint]:
    """Table 7.1 and the coercive-means series from the shipped reference file, without own years."""
    return reference.continued(reference.load(), [])


def publication_html(tables: Sequence[PublishedTable], *, period: str, area: str, data_instant: datetime,
                     language: str = "nb", number: int | None = None,
                     started_series: list[dict] | None = None, long_series: list[dict] | None = None,
                     history: Sequence[HistoryPoint] | None = None,
                     day_measurement: Mapping[str, Any] | None = None) -> str:
    """The HTML the PDF is typeset from (kept separate so a test can read the text).

    The six charts of the publication: exclusions started per month, long
    exclusions over time, the Table 7.1 history continued by own years
    (``history``; the shipped reference figures when not given), the
    contact-time distribution of the latest concluded day measurement
    (``day_measurement``: ``{"date", "bands"}``, left out when there is none),
    and beside their tables persons fully excluded by ground and the shares of
    cases against hours.
    """
    language = "en" if language == "en" else "nb"
    own_started, own_long = series_from_tables(period, tables)
    monthly = [
        charts.started_per_month(started_series or own_started, language),
        charts.long_over_time(long_series or own_long, language),
    ]
    months = len({r["month"] for r in (started_series or own_started)})
    if months < 8:
        # A few months fill the whole width with one or two very wide bars; keep a bar a bar.
        for spec in monthly:
            spec["width"] = 80 + 60 * months
    figures = [{"title": f["title"], **_png(f)} for f in monthly]
    history_spec = charts.history(reference_history() if history is None else history, language)
    history_spec["width"] = 480
    figures.append({"title": history_spec["title"], "wide": True, **_png(history_spec)})
    day = None
    if day_measurement is not None:
        bands = day_measurement["bands"]
        spec = charts.contact_distribution([{"band": b, "count": bands.get(b, 0)} for b in BANDS], BANDS, language)
        spec["width"] = 320
        day = {"date": day_measurement["date"], "title": spec["title"], **_png(spec)}
    shown = []
    for table in tables:
        item = shown_table(table, language)
        shown.append({"table": item, "image": _png(item.chart) if item.chart else None})
    return render_to_string("stats/pdf.html", {
        "language": language, "title": TITLE[language], "period": period, "area": area, "number": number,
        "data_instant": data_instant, "tables": shown, "partial": any(t.partial for t in tables),
        "figures": figures, "day": day,
    })


STYLESHEET = Path(__file__).parent / "static" / "stats" / "pdf.css"


def html_to_pdf(html: str) -> bytes:
    """Typesets the HTML with the PDF stylesheet; ``width`` attributes of the charts are honoured."""
    from weasyprint import CSS, HTML

    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))], presentational_hints=True)


def publication_pdf(tables: Sequence[PublishedTable], **kwargs) -> bytes:
    """The PDF of a publication's tables; keyword arguments as :func:`publication_html`."""
    return html_to_pdf(publication_html(tables, **kwargs))


def edition_pdf(edition, language: str = "nb") -> bytes:
    """The PDF of a national edition, built only from what was published by the edition's own instant.

    The monthly series use the newest edition of each earlier month *as it
    stood when this edition was published*, the history its complete years,
    and the day measurement the latest concluded by then: so the PDF of an
    edition never changes, and is cached (``cache.edition_pdf``).
    """
    from fellesskap.stats.models import DayMeasurement
    from fellesskap.stats.public import history_points, latest_per_period
    from fellesskap.stats.publication import ordered_tables

    tables = [PublishedTable.from_json(edition.tables[n]) for n in ordered_tables(edition.tables)]
    known = [e for e in latest_per_period(edition.area, published_by=edition.published_at)
             if e.period < edition.period]
    editions = [*known, edition]
    measured = (DayMeasurement.objects.filter(concluded_at__lte=edition.published_at, result__isnull=False)
                .order_by("-date").first())
    day = {"date": measured.date, "bands": measured.result["nation"]["bands"]} if measured else None
    return publication_pdf(tables, period=edition.period, area=edition.area, data_instant=edition.data_instant,
                           language=language, number=edition.number,
                           started_series=month_series(editions, "started", "status"),
                           long_series=month_series(editions, "long", None),
                           history=history_points(editions), day_measurement=day)
