"""Typed records of a scenario (scenario-format.md): the boundary between the
outside world (a JSON file, the API, the database) and the pure ledger and rule
engine.

All instants are aware ``datetime`` objects in UTC. Python's arithmetic on
aware datetimes that share a tzinfo ignores DST, so everything inside is done
in UTC and converted to Europe/Oslo only to find day boundaries and to print.
An ``end`` of ``None`` means "still ongoing"; the ledger evaluates it up to
``evaluated_at``, never to infinity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time


@dataclass(frozen=True, slots=True)
class Prison:
    """A prison (fengsel) as a scenario knows it: code, region, security level."""

    code: str
    region: str | None = None
    security_level: str | None = None


@dataclass(frozen=True, slots=True)
class Stay:
    """One continuous period in custody in one prison (opphold)."""

    prison: str
    status: str
    start: datetime
    end: datetime | None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A decision to exclude a person from association (utelukkelse), full or partial."""

    id: str
    scope: str
    ground: str
    start: datetime
    end: datetime | None


@dataclass(frozen=True, slots=True)
class CoerciveMeans:
    """A use of a coercive means (tvangsmiddel, strgjfl. § 38)."""

    id: str
    kind: str
    start: datetime
    end: datetime | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact or association session; `kind` says whether it is meaningful."""

    kind: str
    start: datetime
    end: datetime | None


@dataclass(frozen=True, slots=True)
class Session:
    """An outdoor (lufting) or unlock (utlåsning) session."""

    start: datetime
    end: datetime | None


@dataclass(frozen=True, slots=True)
class Review:
    """A review (fortløpende vurdering) or report of a decision at a level."""

    subject: str
    level: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Supervision:
    """A documented check (tilsyn) of a person under a coercive means or exclusion."""

    subject: str
    at: datetime


@dataclass(frozen=True, slots=True)
class WeekPlan:
    """A week plan (ukeplan) made for a decision."""

    subject: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Incident:
    """Self-harm, a suicide attempt, a suicide or violence."""

    kind: str
    at: datetime
    serious: bool = False


@dataclass(frozen=True, slots=True)
class Person:
    """A person with every record the ledger and the rules read."""

    id: str
    birth_date: date | None = None
    sex: str | None = None
    flags: frozenset[str] = frozenset()
    stays: tuple[Stay, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    coercive_means: tuple[CoerciveMeans, ...] = ()
    contacts: tuple[Contact, ...] = ()
    outdoor: tuple[Session, ...] = ()
    unlock: tuple[Session, ...] = ()
    reviews: tuple[Review, ...] = ()
    supervisions: tuple[Supervision, ...] = ()
    week_plans: tuple[WeekPlan, ...] = ()
    incidents: tuple[Incident, ...] = ()


@dataclass(frozen=True, slots=True)
class Scenario:
    """A whole scenario: the period (local dates, end exclusive), the instant it
    is evaluated at, and the persons."""

    timezone: str
    census_time: time
    period_start: date
    period_end: date
    evaluated_at: datetime
    prisons: tuple[Prison, ...] = ()
    persons: tuple[Person, ...] = field(default_factory=tuple)
