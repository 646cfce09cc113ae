"""The output document of ``fellesskap evaluate`` (scenario-format.md "Output").

Instants are printed with the offset of the scenario's time zone (a reader in
Norway sees local time and the exact instant at once); hours are the ledger's
already-rounded floats; minutes are integers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fellesskap.ledger.types import Episode, PersonDay
from fellesskap.rules.types import Deadline, Finding


def instant(value: datetime | None, tz: ZoneInfo) -> str | None:
    """An instant as ISO 8601 with the local offset, e.g. 2026-05-01T08:00:00+02:00."""
    return None if value is None else value.astimezone(tz).isoformat()


def day_json(d: PersonDay) -> dict[str, Any]:
    return {
        "person": d.person,
        "date": d.date.isoformat(),
        "custody_minutes": d.custody_minutes,
        "contact_minutes": d.contact_minutes,
        "association_minutes": d.association_minutes,
        "outdoor_minutes": d.outdoor_minutes,
        "out_of_cell_minutes": d.out_of_cell_minutes,
        "no_contact_minutes": d.no_contact_minutes,
        "isolated": d.isolated,
        "cause": d.cause,
        "isolated_streak": d.isolated_streak,
        "states": dict(d.states),
    }


def episode_json(e: Episode, tz: ZoneInfo) -> dict[str, Any]:
    """An episode; ``long`` and ``over_22h`` are measures of full exclusion only, so
    other kinds leave them out (as the shared expected files do)."""
    out: dict[str, Any] = {
        "person": e.person,
        "kind": e.kind,
        "decisions": list(e.decisions),
        "start": instant(e.start, tz),
        "end": instant(e.end, tz),
        "hours": e.hours,
    }
    if e.kind == "full_exclusion":
        out["long"] = e.long
        out["over_22h"] = e.over_22h
    return out


def finding_json(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {"person": f.person, "pack": f.pack, "rule": f.rule, "date": f.date.isoformat()}
    if f.evidence:
        out["evidence"] = dict(f.evidence)
    return out


def deadline_json(d: Deadline, tz: ZoneInfo) -> dict[str, Any]:
    out: dict[str, Any] = {
        "person": d.person,
        "pack": d.pack,
        "rule": d.rule,
        "subject": d.subject,
        "due": instant(d.due, tz),
        "status": d.status,
        "met": d.met,
    }
    if d.met and d.met_at is not None:
        out["met_at"] = instant(d.met_at, tz)
    return out


def output_document(days, episodes, findings, deadlines, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "days": [day_json(d) for d in days],
        "episodes": [episode_json(e, tz) for e in episodes],
        "findings": [finding_json(f) for f in findings],
        "deadlines": [deadline_json(d, tz) for d in deadlines],
    }
