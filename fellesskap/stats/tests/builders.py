"""Small builders for hand-made scenarios and ledger rows in the statistics tests.

Instants are written with their local offset, as in the scenario files, so a
reader can check every expectation against the wall clock in Oslo.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from fellesskap.ledger.types import Episode, PersonDay
from fellesskap.scenario.model import Exclusion, Person, Prison, Scenario, Stay


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def d(text: str) -> date:
    return date.fromisoformat(text)


def stay(prison: str, start: str, end: str | None = None, status: str = "sentenced") -> Stay:
    return Stay(prison=prison, status=status, start=t(start), end=None if end is None else t(end))


def excl(xid: str, start: str, end: str | None, ground: str = "order_and_security",
         scope: str = "full") -> Exclusion:
    return Exclusion(id=xid, scope=scope, ground=ground, start=t(start), end=None if end is None else t(end))


def person(pid: str, stays: list[Stay], exclusions: list[Exclusion] | None = None,
           sex: str | None = None) -> Person:
    return Person(id=pid, sex=sex, stays=tuple(stays), exclusions=tuple(exclusions or ()))


def scenario(persons: list[Person], start: str = "2026-01-01", end: str = "2026-05-01",
             evaluated_at: str = "2026-05-01T00:00:00+02:00", prisons: tuple[Prison, ...] = ()) -> Scenario:
    return Scenario(timezone="Europe/Oslo", census_time=time(12, 0), period_start=d(start), period_end=d(end),
                    evaluated_at=t(evaluated_at), prisons=prisons, persons=tuple(persons))


def episode(pid: str, start: str, end: str | None, kind: str = "full_exclusion",
            over_22h: bool | None = True, decisions: tuple[str, ...] = ("E1",)) -> Episode:
    return Episode(person=pid, kind=kind, decisions=decisions, start=t(start),
                   end=None if end is None else t(end), hours=0.0, long=False, over_22h=over_22h)


def day_row(pid: str, on: str, out_of_cell: int = 0, association: int = 0, isolated: bool = False,
            cause: str | None = None, custody: int = 1440) -> PersonDay:
    return PersonDay(person=pid, date=d(on), custody_minutes=custody, contact_minutes=0,
                     association_minutes=association, outdoor_minutes=0, out_of_cell_minutes=out_of_cell,
                     no_contact_minutes=custody, isolated=isolated, cause=cause,
                     isolated_streak=1 if isolated else 0)
