"""Small builders for hand-made rule-engine inputs: a Scenario, PersonDays and
Episodes written as plainly as the spec describes them, so each test reads like
the rule it checks. Local times are Europe/Oslo (+01:00 in winter, +02:00 in
summer); every instant is converted to UTC as the scenario parser does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from fellesskap.ledger.types import Episode, PersonDay
from fellesskap.rules.engine import evaluate_packs
from fellesskap.scenario.model import (
    CoerciveMeans,
    Exclusion,
    Person,
    Prison,
    Review,
    Scenario,
    Stay,
    Supervision,
    WeekPlan,
)


def at(text: str) -> datetime:
    """An ISO instant with offset, as an aware UTC datetime."""
    return datetime.fromisoformat(text).astimezone(UTC)


def d(text: str) -> date:
    return date.fromisoformat(text)


def scenario(
    *persons: Person,
    start: str = "2026-03-01",
    end: str = "2026-05-01",
    evaluated_at: str = "2026-05-01T00:00:00+02:00",
    prisons: tuple[Prison, ...] = (Prison("OSL", "east", "high"),),
) -> Scenario:
    return Scenario(
        timezone="Europe/Oslo",
        census_time=time(12),
        period_start=d(start),
        period_end=d(end),
        evaluated_at=at(evaluated_at),
        prisons=prisons,
        persons=persons or (person(),),
    )


def person(pid: str = "P1", **kw) -> Person:
    kw.setdefault("stays", (Stay("OSL", "remand", at("2026-01-01T12:00:00+01:00"), None),))
    return Person(id=pid, **kw)


def exclusion(eid: str, start: str, end: str | None, scope: str = "full", ground: str = "order_and_security"):
    return Exclusion(eid, scope, ground, at(start), at(end) if end else None)


def cell(cid: str, start: str, end: str | None, kind: str = "security_cell") -> CoerciveMeans:
    return CoerciveMeans(cid, kind, at(start), at(end) if end else None)


def review(subject: str, level: str, when: str) -> Review:
    return Review(subject, level, at(when))


def check(subject: str, when: str) -> Supervision:
    return Supervision(subject, at(when))


def plan(subject: str, when: str) -> WeekPlan:
    return WeekPlan(subject, at(when))


def day(
    when: str,
    pid: str = "P1",
    custody: int = 1440,
    contact: int = 0,
    association: int = 0,
    outdoor: int = 0,
    out_of_cell: int | None = None,
    cause: str | None = "unregistered",
    streak: int | None = None,
    states: dict[str, int] | None = None,
) -> PersonDay:
    """A person-day; `isolated` follows measures.md (no-contact >= 1320 min)."""
    no_contact = custody - contact
    isolated = no_contact >= 1320
    return PersonDay(
        person=pid,
        date=d(when),
        custody_minutes=custody,
        contact_minutes=contact,
        association_minutes=association,
        outdoor_minutes=outdoor,
        out_of_cell_minutes=outdoor + association if out_of_cell is None else out_of_cell,
        no_contact_minutes=no_contact,
        isolated=isolated,
        cause=cause if isolated else None,
        isolated_streak=(1 if isolated else 0) if streak is None else streak,
        states=states or {},
    )


def isolated_days(first: str, count: int, pid: str = "P1", cause: str = "unregistered", **kw) -> list[PersonDay]:
    """`count` consecutive isolated days from `first`, streak counted from 1."""
    start = d(first)
    return [
        day((start + timedelta(days=i)).isoformat(), pid, cause=cause, streak=i + 1, **kw) for i in range(count)
    ]


def episode(kind: str, decisions: tuple[str, ...], start: str, end: str | None, pid: str = "P1") -> Episode:
    s = at(start)
    e = at(end) if end else None
    hours = ((e - s).total_seconds() / 3600) if e else 0.0
    return Episode(pid, kind, decisions, s, e, hours, kind == "full_exclusion" and hours > 1008, True)


@dataclass
class Ledger:
    days: list[PersonDay] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)


def run(scn: Scenario, days=(), episodes=(), packs=None):
    return evaluate_packs(scn, Ledger(list(days), list(episodes)), packs)


def findings_of(rule_id: str, scn: Scenario, days=(), episodes=(), packs=None):
    findings, _ = run(scn, days, episodes, packs)
    return [f for f in findings if f.rule == rule_id]


def deadlines_of(rule_id: str, scn: Scenario, episodes=(), packs=None):
    _, deadlines = run(scn, (), episodes, packs)
    return [x for x in deadlines if x.rule == rule_id]
