"""Reference figures (referansetall): the published history the system's own years continue.

KDI's annual report 2020 gives coercive means 1998–2020 and Meld. St. 31 Table
7.1 gives incidents and security-cell/-bed use 2018–2024. They are shipped in
``data/reference.csv``, one figure a row with the document, table and place it
was read from, so that every number on a chart can be traced to its source.
Where two sources give one measure and year different values (security beds
2020: 17 in KDI 2020, 21 in Meld. St. 31), both are kept and :func:`preferred`
lets the newer source win: later publications carry revised figures. Pure: no
Django (the data migration and the tests read the file through here).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "reference.csv"
FIELDS = ("source", "measure", "year", "value", "document", "table", "location", "published")

# The measures of Meld. St. 31 Table 7.1, in the table's order (codes from vocabulary.py).
TABLE_7_1 = ("suicide", "suicide_attempt", "self_harm", "security_bed", "security_cell")
# Columns of KDI's coercive-means table, in its order.
COERCIVE_HISTORY = ("security_cell", "security_bed", "gas", "oc_spray", "baton", "shield")

MEASURE_LABELS = {
    "suicide": ("selvmord", "suicides"),
    "suicide_attempt": ("selvmordsforsøk", "suicide attempts"),
    "self_harm": ("selvskadinger", "self-harm"),
    "security_bed": ("bruk av sikkerhetsseng", "security bed used"),
    "security_cell": ("bruk av sikkerhetscelle", "security cell used"),
    "gas": ("gass", "gas"),
    "oc_spray": ("OC-gass", "OC spray"),
    "baton": ("kølle", "baton"),
    "shield": ("skjold", "shield"),
}


@dataclass(frozen=True, slots=True)
class ReferenceFigure:
    """One published yearly figure and where it was read."""

    source: str  # short id of the publication, e.g. "kdi-2020"
    measure: str
    year: int
    value: int
    document: str
    table: str
    location: str  # part, section or page in the document
    published: int  # year of publication: the newer source wins


class ReferenceDataError(ValueError):
    """The reference file does not have the expected form (the message names row and field)."""


def _int(row: dict, name: str, line: int) -> int:
    try:
        return int(row[name])
    except (TypeError, ValueError):
        raise ReferenceDataError(f"{DATA_FILE.name} line {line}: {name}: not a whole number: {row[name]!r}") from None


def load(path: Path = DATA_FILE) -> list[ReferenceFigure]:
    """Every figure in the file, in file order; ReferenceDataError names a bad line and field."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != FIELDS:
            raise ReferenceDataError(f"{path.name}: columns must be {', '.join(FIELDS)}")
        figures = []
        seen: set[tuple[str, str, int]] = set()
        for line, row in enumerate(reader, start=2):
            for name in ("source", "measure", "document", "table"):
                if not row[name]:
                    raise ReferenceDataError(f"{path.name} line {line}: {name}: empty")
            figure = ReferenceFigure(source=row["source"], measure=row["measure"], year=_int(row, "year", line),
                                     value=_int(row, "value", line), document=row["document"],
                                     table=row["table"], location=row["location"],
                                     published=_int(row, "published", line))
            if figure.measure not in MEASURE_LABELS:
                raise ReferenceDataError(f"{path.name} line {line}: measure: unknown {figure.measure!r}")
            key = (figure.source, figure.measure, figure.year)
            if key in seen:
                raise ReferenceDataError(f"{path.name} line {line}: a second figure for {key}")
            seen.add(key)
            figures.append(figure)
    return figures


def preferred(figures: Iterable[ReferenceFigure]) -> dict[tuple[str, int], ReferenceFigure]:
    """One figure per (measure, year): the one from the most recently published source.

    On equal publication years the later figure in the input wins, so the
    choice never depends on dict or database order alone.
    """
    best: dict[tuple[str, int], ReferenceFigure] = {}
    for figure in figures:
        key = (figure.measure, figure.year)
        if key not in best or figure.published >= best[key].published:
            best[key] = figure
    return best


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """One year of a history series: a published figure or the system's own count."""

    measure: str
    year: int
    value: int
    origin: str  # "reference" or "fellesskap"
    source: str  # the reference's source id, or the edition that gave the system's count


def continued(figures: Iterable[ReferenceFigure], own: Iterable[tuple[str, int, int, str]],
              measures: Iterable[str] = TABLE_7_1) -> list[HistoryPoint]:
    """A history series: the preferred published figures, continued by the system's own years.

    ``own`` holds (measure, year, value, source) computed by fellesskap. A year
    the references already cover keeps the published figure (the official
    number of record); the system's figure for it is left out rather than
    silently replacing history.
    """
    wanted = tuple(measures)
    best = preferred(f for f in figures if f.measure in wanted)
    points = {(m, y): HistoryPoint(m, y, f.value, "reference", f.source) for (m, y), f in best.items()}
    for measure, year, value, source in own:
        if measure in wanted and (measure, year) not in points:
            points[(measure, year)] = HistoryPoint(measure, year, value, "fellesskap", source)
    order = {m: i for i, m in enumerate(wanted)}
    return sorted(points.values(), key=lambda p: (order[p.measure], p.year))
