"""Small scenarios for hand-computed ledger tests, built through the real parser."""

from __future__ import annotations

from fellesskap.ledger import build_ledger
from fellesskap.scenario.parse import parse_scenario

ALWAYS = {"prison": "OSL", "status": "remand", "start": "2026-01-01T00:00:00+01:00", "end": None}


def scenario(start: str, end: str, evaluated_at: str | None = None, **records):
    """A one-person (P1) scenario; ``stays`` defaults to custody since 1 January."""
    person = {"id": "P1", "stays": records.pop("stays", [ALWAYS])}
    person.update(records)
    doc = {"timezone": "Europe/Oslo", "period": {"start": start, "end": end}, "persons": [person]}
    if evaluated_at is not None:
        doc["evaluated_at"] = evaluated_at
    return parse_scenario(doc)


def days(start: str, end: str, evaluated_at: str | None = None, **records):
    """The ledger rows as {date: PersonDay}."""
    ledger = build_ledger(scenario(start, end, evaluated_at, **records))
    return {d.date.isoformat(): d for d in ledger.days}


def episodes(start: str, end: str, evaluated_at: str | None = None, **records):
    return build_ledger(scenario(start, end, evaluated_at, **records)).episodes


def iv(start: str, end: str | None, **extra):
    """An interval record; instants written as local Oslo time with their offset."""
    return {"start": start, "end": end, **extra}
