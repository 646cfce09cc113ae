"""CSV export of deviations, shaped like a deviation report (avviksmelding) for KIKS.

One row per deviation, Norwegian column names as a KIKS report is read, the
person by opaque id only (never a name or national identity number), instants
in Oslo time. The columns are documented in docs/alerts.md.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from fellesskap.alerts.deviations import run_days
from fellesskap.alerts.models import Deviation

OSLO = ZoneInfo("Europe/Oslo")

COLUMNS = ["avvik_id", "registrert", "fengsel", "avdeling", "innsatt_id", "avvikstype", "alvorlighet", "dato", "dager",
           "regel", "regelpakke", "regelpakke_versjon", "frist", "beskrivelse", "tiltak", "ansvarlig", "status",
           "lukket", "lukket_av", "begrunnelse_lukking", "versjon"]


def _local(instant) -> str:
    return "" if instant is None else instant.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


def _description(d: Deviation) -> str:
    if d.description:
        return d.description
    if d.deadline_id:
        return f"Frist ikke overholdt: {d.rule}"
    if d.finding_id:
        return f"Funn: {d.rule}"
    return ""


def write_csv(deviations: Iterable[Deviation], out) -> int:
    """Writes the deviations with a header row (semicolon-separated, as Norwegian
    spreadsheets expect); returns how many rows."""
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    n = 0
    for d in deviations:
        writer.writerow([
            d.public_id, _local(d.created_at), d.prison.code, d.unit.name if d.unit else "",
            d.person.public_id if d.person else "", d.kind, d.severity, d.date.isoformat(), run_days(d), d.rule, d.pack,
            d.pack_version, _local(d.deadline.due) if d.deadline_id else "", _description(d), d.measures,
            d.assigned_to.get_username() if d.assigned_to else "", d.status, _local(d.closed_at),
            d.closed_by.get_username() if d.closed_by else "", d.close_reason, d.version,
        ])
        n += 1
    return n
