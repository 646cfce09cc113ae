"""Loading a scenario file into an empty database (for tests and demos).

The import is the inverse of the bridge: ``scenario_for`` on the imported
records gives back the scenario's records (with the database's opaque ids in
place of the file's ids). Persons are registered with unknown identity and
the scenario id as alias; stays that follow each other in one prison become
one stay with several status periods and placements; exclusions are in
force (ended when they have an end); every row is versioned and each person's
import is audited. The file was validated by ``parse_scenario``; the
registration checks for live data (back-dating, the future) do not apply to a
historical file, so rows are written with the versioning helpers directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.records.models import (
    Category,
    CoerciveMeans,
    Exclusion,
    Incident,
    Review,
    Supervision,
    TimeSession,
    WeekPlan,
)
from fellesskap.records.states import ExclusionState
from fellesskap.registry.models import (
    Person,
    Placement,
    Prison,
    RecordVersion,
    Region,
    StatusPeriod,
    Stay,
    Unit,
    User,
)
from fellesskap.registry.versioning import create_versioned, record_type, snapshot
from fellesskap.scenario import model as m
from fellesskap.scenario.parse import ScenarioError

IMPORT_USER = "scenario-import"


@dataclass(frozen=True)
class Imported:
    """What an import made: scenario person id → Person, and (scenario person
    id, scenario decision id) → the decision's opaque id in the database."""

    persons: dict[str, Person]
    decisions: dict[tuple[str, str], str]


class ImportRefused(Exception):
    """The database is not empty, or the scenario cannot be stored as records."""


def import_user() -> User:
    user, _created = User.objects.get_or_create(username=IMPORT_USER, defaults={"is_active": False})
    return user


def _prison(code: str, known: dict[str, m.Prison]) -> Prison:
    info = known.get(code, m.Prison(code=code))
    region = Region.objects.filter(code=info.region or "east").first() or Region.objects.order_by("code").first()
    prison, _created = Prison.objects.get_or_create(
        code=code, defaults={"name": code, "region": region, "security_level": info.security_level or "high"})
    return prison


def _unit(prison: Prison, name: str | None) -> Unit | None:
    if name is None:
        return None
    unit, _created = Unit.objects.get_or_create(prison=prison, name=name)
    return unit


def _import_stays(person: Person, p: m.Person, prisons: dict[str, Prison], actor) -> None:
    previous: Stay | None = None
    previous_end = None
    for piece in sorted(p.stays, key=lambda s: s.start):
        prison = prisons[piece.prison]
        joins = previous is not None and previous_end == piece.start
        if joins and previous.prison_id == prison.pk:
            stay = previous
            stay.end = piece.end
            stay.release_reason = "released" if piece.end else ""
            stay.save(update_fields=["end", "release_reason"])
        else:
            if joins:
                previous.release_reason = "transfer"
                previous.save(update_fields=["release_reason"])
            stay = create_versioned(Stay(
                person=person, prison=prison, start=piece.start, end=piece.end,
                arrival_reason="transfer" if joins else "arrest", release_reason="released" if piece.end else "",
                transferred_from=previous if joins else None), actor=actor)
        create_versioned(StatusPeriod(stay=stay, status=piece.status, start=piece.start, end=piece.end), actor=actor)
        unit = _unit(prison, piece.unit)
        if unit is not None:
            create_versioned(Placement(stay=stay, unit=unit, start=piece.start, end=piece.end), actor=actor)
        previous, previous_end = stay, piece.end


def _prison_at(person_stays: list[m.Stay], prisons: dict[str, Prison], instant, fallback: Prison) -> Prison:
    for s in person_stays:
        if s.start <= instant and (s.end is None or s.end > instant):
            return prisons[s.prison]
    return fallback


def _bulk_versioned(rows: list, actor) -> None:
    """Version 1 of many rows in two statements (sessions are most of a file);
    the same rows and versions as :func:`create_versioned` one by one."""
    if not rows:
        return
    at = timezone.now()
    for row in rows:
        row.version, row.created_at, row.created_by = 1, at, actor
    type(rows[0]).objects.bulk_create(rows, batch_size=500)
    RecordVersion.objects.bulk_create([
        RecordVersion(record_type=record_type(row), record_id=row.public_id, version=1,
                      change=RecordVersion.Change.CREATE, at=at, actor=actor, reason="", snapshot=snapshot(row))
        for row in rows], batch_size=500)


def _subject_fields(subject) -> dict:
    return {"exclusion": subject} if isinstance(subject, Exclusion) else {"coercive_means": subject}


@transaction.atomic
def import_scenario(scenario: m.Scenario, *, actor: User | None = None) -> Imported:
    """Stores ``scenario`` in an empty database."""
    if Person.all_objects.exists():
        raise ImportRefused("the database already holds persons; import only into an empty database")
    actor = actor or import_user()
    known = {p.code: p for p in scenario.prisons}
    codes = sorted(set(known) | {s.prison for p in scenario.persons for s in p.stays})
    prisons = {code: _prison(code, known) for code in codes}
    fallback = prisons[codes[0]] if codes else _prison("UNKNOWN", {})
    local = ZoneInfo(scenario.timezone)
    result: dict[str, Person] = {}
    decision_ids: dict[tuple[str, str], str] = {}
    for i, p in enumerate(scenario.persons):
        path = f"persons[{i}]"
        stays = sorted(p.stays, key=lambda s: s.start)
        first_prison = prisons[stays[0].prison] if stays else fallback
        person = create_versioned(Person(
            identity_kind=Person.IdentityKind.UNKNOWN, alias=p.id, birth_date=p.birth_date, sex=p.sex or "",
            registered_in=first_prison, **{f: f in p.flags for f in Person.SENSITIVE_FLAGS}), actor=actor)
        _import_stays(person, p, prisons, actor)

        def where(instant, person_stays=stays, default=first_prison):
            return _prison_at(person_stays, prisons, instant, default)

        decisions: dict[str, Exclusion | CoerciveMeans] = {}
        for e in p.exclusions:
            decisions[e.id] = create_versioned(Exclusion(
                person=person, prison=where(e.start), scope=e.scope, ground=e.ground, start=e.start, end=e.end,
                state=ExclusionState.ENDED if e.end else ExclusionState.IN_FORCE, decided_by=actor,
                decided_at=e.start, reasons="Imported from a scenario file."), actor=actor)
        for c in p.coercive_means:
            decisions[c.id] = create_versioned(CoerciveMeans(
                person=person, prison=where(c.start), kind=c.kind, reason=c.reason or "", start=c.start, end=c.end,
                decided_by=actor), actor=actor)
        seen = set()
        sessions = []
        for key, rows in (("contacts", p.contacts), ("outdoor", p.outdoor), ("unlock", p.unlock)):
            category = {"contacts": Category.CONTACT, "outdoor": Category.OUTDOOR, "unlock": Category.UNLOCK}[key]
            for j, s in enumerate(rows):
                kind = getattr(s, "kind", "")
                if (category, kind, s.start) in seen:
                    raise ScenarioError(f"{path}.{key}[{j}].start",
                                        "a second session of the same kind with the same start cannot be stored")
                seen.add((category, kind, s.start))
                sessions.append(TimeSession(person=person, prison=where(s.start), category=category, kind=kind,
                                            start=s.start, end=s.end))
        _bulk_versioned(sessions, actor)

        for r in p.reviews:
            create_versioned(Review(person=person, prison=where(r.at), at=r.at, level=r.level, outcome="continue",
                                    **_subject_fields(decisions[r.subject])), actor=actor)
        for s in p.supervisions:
            create_versioned(Supervision(person=person, prison=where(s.at), at=s.at,
                                         **_subject_fields(decisions[s.subject])), actor=actor)
        for j, w in enumerate(p.week_plans):
            subject = decisions[w.subject]
            if not isinstance(subject, Exclusion):
                raise ScenarioError(f"{path}.week_plans[{j}].subject", "a week plan is made for an exclusion")
            create_versioned(WeekPlan(person=person, prison=subject.prison, exclusion=subject, made_at=w.at,
                                      week_start=w.at.astimezone(local).date()), actor=actor)
        for inc in p.incidents:
            create_versioned(Incident(person=person, prison=where(inc.at), kind=inc.kind, at=inc.at,
                                      serious=inc.serious), actor=actor)
        trail.record(actor=actor, action=AuditEvent.Action.CREATE, obj=person, person=person,
                     prison=first_prison.code, data={"command": "import_scenario"})
        result[p.id] = person
        decision_ids.update({(p.id, key): str(record.public_id) for key, record in decisions.items()})
    trail.record(actor=actor, action=AuditEvent.Action.CREATE, obj=("records.scenario", ""), prison="",
                 data={"command": "import_scenario", "persons": len(result),
                       "at": timezone.now().astimezone(UTC)})
    return Imported(persons=result, decisions=decision_ids)
