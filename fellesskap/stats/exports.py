"""Downloads of a published table: CSV, XLSX and JSON-stat 2.0 (statistics.md "Every table has ...").

Every file carries the bokmål and English title, the "how this is counted"
note, the period it is about and the data instant, so that a downloaded file
read alone says what it is. Public exports (the default) are the suppressed
rows (suppress.py): a prison-level count of 1–3 is written as empty with the
label shown ("≤ 3"), and so are the hours of such a row, since the hours of
one or two uses can be traced to a person as well as the count. Pure: no Django.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from fellesskap.stats.jsonstat import table_to_jsonstat
from fellesskap.stats.publication import PublishedTable, key_fields, measure_fields
from fellesskap.stats.suppress import suppress_rows

COUNT_FIELDS = ("count", "cases")


def public_rows(table: PublishedTable) -> list[dict[str, Any]]:
    """The rows as the public sees them: prison-level counts of 1–3 suppressed, other levels as they are."""
    rows = [dict(r) for r in table.rows]
    if "prison" not in key_fields(table.name):
        return rows
    counts = tuple(f for f in measure_fields(table.name) if f in COUNT_FIELDS)
    out = suppress_rows(rows, level="prison", fields=counts)
    for row in out:
        if row["suppressed"]:
            for m in measure_fields(table.name):
                if m not in counts:
                    row[m] = None
                    row[f"{m}_label"] = row[f"{counts[0]}_label"]
    return out


def _rows(table: PublishedTable, public: bool) -> list[dict[str, Any]]:
    return public_rows(table) if public else [dict(r) for r in table.rows]


def metadata(table: PublishedTable, data_instant: datetime, area: str = "") -> list[tuple[str, str]]:
    """(field, value) pairs every export writes before or beside the data."""
    pairs = [("title_nb", table.title_nb), ("title_en", table.title_en), ("note_nb", table.note_nb),
             ("note_en", table.note_en), ("reference", table.reference),
             ("data_instant", data_instant.isoformat()), ("partial", "yes" if table.partial else "no")]
    if area:
        pairs.append(("area", area))
    return pairs


def _cell(row: Mapping[str, Any], field: str) -> Any:
    value = row.get(field)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def to_csv(table: PublishedTable, data_instant: datetime, *, area: str = "", public: bool = True) -> str:
    """The table as CSV: ``#`` lines with the metadata, a header, one line per row.

    A suppressed cell is empty and the ``shown`` column holds what is shown
    instead; readers that skip ``#`` comment lines (pandas ``comment="#"``,
    R ``comment.char``) read the data directly.
    """
    buffer = io.StringIO()
    for name, value in metadata(table, data_instant, area):
        buffer.write(f"# {name}: {' '.join(value.split())}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    fields = [*key_fields(table.name), *measure_fields(table.name)]
    writer.writerow([*fields, "shown"] if public else fields)
    for row in _rows(table, public):
        line = [_cell(row, f) for f in fields]
        if public:
            line.append(row.get("count_label", "") if row.get("suppressed") else "")
        writer.writerow(line)
    return buffer.getvalue()


def to_xlsx(tables: Sequence[PublishedTable], data_instant: datetime, *, area: str = "",
            public: bool = True) -> bytes:
    """A workbook with one sheet per table (metadata above the data) and a sheet listing the tables."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    about = book.active
    about.title = "innhold"
    about.append(["tabell / table", "tittel", "title", "datatidspunkt / data instant"])
    about["A1"].font = about["B1"].font = about["C1"].font = about["D1"].font = Font(bold=True)
    for table in tables:
        about.append([table.name, table.title_nb, table.title_en, data_instant.isoformat()])
        sheet = book.create_sheet(table.name[:31])
        for name, value in metadata(table, data_instant, area):
            sheet.append([name, value])
        sheet.append([])
        fields = [*key_fields(table.name), *measure_fields(table.name)]
        sheet.append([*fields, "shown"] if public else fields)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in _rows(table, public):
            line = [None if row.get(f) is None else _cell(row, f) for f in fields]
            if public:
                line.append(row.get("count_label") if row.get("suppressed") else None)
            sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_jsonstat(table: PublishedTable, data_instant: datetime, *, area: str = "", language: str = "nb",
                public: bool = True) -> dict[str, Any]:
    """A JSON-stat 2.0 dataset; titles, notes, period and data instant also in ``extension``."""
    dataset = table_to_jsonstat(table.name, _rows(table, public), label=table.title(language),
                                updated=data_instant, language=language, note=[table.note(language)])
    dataset["extension"] = dict(metadata(table, data_instant, area))
    return dataset
