"""The bridge: database records → the typed records the pure ledger reads.

The ledger, the rule engine and ``fellesskap evaluate`` only know
:mod:`fellesskap.scenario.model`. This module is the one place that turns the
registry and records tables into those types, so that the figures on screen
and the figures from an exported scenario file are computed from the same
input. What is left out, and why:

- withdrawn rows (registered in error) of every kind;
- exclusions that are drafts or revoked (:data:`states.COUNTED` says which count);
- reviews, checks and week plans of a decision that is left out (the
  scenario format requires every subject to exist);
- with ``until``: every record that starts at or after it (an open record is
  kept open; the ledger evaluates it up to its own ``evaluated_at``).

A registry stay is split at every change of status and placement into
scenario stays (one status and one unit each), adjacent pieces with the same
status and unit joined. A unit lock-in becomes, for each person placed in the
unit during it, a full exclusion with ground ``building_or_staffing`` over the
overlap (the collective exclusion of strgjfl. § 37 fourth paragraph); its id
is the lock-in's id, with ``:n`` added when one person has several pieces.
Decision ids are the records' opaque ``public_id``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

from django.db.models import Q

from fellesskap.records import states
from fellesskap.records.models import (
    Category,
    CoerciveMeans,
    Exclusion,
    Incident,
    Review,
    Supervision,
    TimeSession,
    UnitLockIn,
    WeekPlan,
)
from fellesskap.registry import models as reg
from fellesskap.scenario import model as m

TIMEZONE = "Europe/Oslo"
CENSUS_TIME = time(12, 0)


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _before(qs, until: datetime | None, field: str = "start"):
    return qs if until is None else qs.filter(**{f"{field}__lt": until})


def _covering(rows, instant: datetime):
    for row in rows:
        if row.start <= instant and (row.end is None or row.end > instant):
            return row
    return None


def _scenario_stays(stay: reg.Stay, until: datetime | None) -> list[m.Stay]:
    statuses = list(reg.StatusPeriod.objects.filter(stay=stay).order_by("start"))
    placements = list(reg.Placement.objects.filter(stay=stay).select_related("unit").order_by("start"))
    cuts = {stay.start}
    for row in (*statuses, *placements):
        for instant in (row.start, row.end):
            if instant is not None and stay.start < instant and (stay.end is None or instant < stay.end):
                cuts.add(instant)
    cuts = sorted(c for c in cuts if until is None or c < until)
    pieces: list[m.Stay] = []
    for i, start in enumerate(cuts):
        end = cuts[i + 1] if i + 1 < len(cuts) else stay.end
        status = _covering(statuses, start) or (statuses[0] if statuses else None)
        placement = _covering(placements, start)
        piece = m.Stay(prison=stay.prison.code, status=status.status if status else "remand",
                       start=_utc(start), end=_utc(end), unit=placement.unit.name if placement else None)
        last = pieces[-1] if pieces else None
        if last is not None and (last.status, last.unit) == (piece.status, piece.unit):
            pieces[-1] = m.Stay(prison=last.prison, status=last.status, start=last.start, end=piece.end,
                                unit=last.unit)
        else:
            pieces.append(piece)
    return pieces


def _lock_in_exclusions(person: reg.Person, until: datetime | None) -> list[m.Exclusion]:
    """Collective full exclusions from the unit lock-ins the person was in."""
    placements = reg.Placement.objects.filter(stay__person=person, stay__withdrawn_at__isnull=True).select_related(
        "unit")
    result = []
    for lock_in in _before(UnitLockIn.objects.filter(unit__in=placements.values("unit")), until).order_by("start"):
        pieces = []
        for p in placements.filter(unit=lock_in.unit).order_by("start"):
            start = max(p.start, lock_in.start)
            ends = [e for e in (p.end, lock_in.end) if e is not None]
            end = min(ends) if ends else None
            if end is None or end > start:
                pieces.append((start, end))
        for n, (start, end) in enumerate(pieces, start=1):
            suffix = f":{n}" if len(pieces) > 1 else ""
            result.append(m.Exclusion(id=f"{lock_in.public_id}{suffix}", scope="full", ground="building_or_staffing",
                                      start=_utc(start), end=_utc(end)))
    return result


def _flags(person: reg.Person) -> frozenset[str]:
    return frozenset(f for f in reg.Person.SENSITIVE_FLAGS if getattr(person, f))


def scenario_person(person: reg.Person, *, until: datetime | None) -> m.Person:
    """Every record of one person, as the ledger reads them."""
    stays = []
    for stay in _before(reg.Stay.objects.filter(person=person), until).select_related("prison").order_by("start"):
        stays.extend(_scenario_stays(stay, until))
    exclusions = [
        m.Exclusion(id=str(e.public_id), scope=e.scope, ground=e.ground, start=_utc(e.start), end=_utc(e.end))
        for e in _before(Exclusion.objects.filter(person=person, state__in=states.COUNTED), until)
    ] + _lock_in_exclusions(person, until)
    means = [
        m.CoerciveMeans(id=str(c.public_id), kind=c.kind, start=_utc(c.start), end=_utc(c.end), reason=c.reason or None)
        for c in _before(CoerciveMeans.objects.filter(person=person), until)
    ]
    known = {e.id for e in exclusions} | {c.id for c in means}

    def subject_id(row) -> str | None:
        subject = row.exclusion if row.exclusion_id else row.coercive_means
        key = str(subject.public_id) if subject is not None else None
        return key if key in known else None

    sessions = list(_before(TimeSession.objects.filter(person=person), until).order_by("start", "pk"))
    reviews = []
    for r in _before(Review.objects.filter(person=person), until, "at").select_related("exclusion", "coercive_means"):
        if (subject := subject_id(r)) is not None:
            reviews.append(m.Review(subject=subject, level=r.level, at=_utc(r.at)))
    checks = []
    for s in _before(Supervision.objects.filter(person=person), until, "at").select_related(
            "exclusion", "coercive_means"):
        if (subject := subject_id(s)) is not None:
            checks.append(m.Supervision(subject=subject, at=_utc(s.at)))
    plans = [
        m.WeekPlan(subject=str(w.exclusion.public_id), at=_utc(w.made_at))
        for w in _before(WeekPlan.objects.filter(person=person), until, "made_at").select_related("exclusion")
        if str(w.exclusion.public_id) in known
    ]
    incidents = [m.Incident(kind=i.kind, at=_utc(i.at), serious=i.serious)
                 for i in _before(Incident.objects.filter(person=person), until, "at")]
    return m.Person(
        id=str(person.public_id),
        birth_date=person.birth_date,
        sex=person.sex or None,
        flags=_flags(person),
        stays=tuple(stays),
        exclusions=tuple(sorted(exclusions, key=lambda e: (e.start, e.id))),
        coercive_means=tuple(sorted(means, key=lambda c: (c.start, c.id))),
        contacts=tuple(m.Contact(kind=s.kind, start=_utc(s.start), end=_utc(s.end))
                       for s in sessions if s.category == Category.CONTACT),
        outdoor=tuple(m.Session(start=_utc(s.start), end=_utc(s.end))
                      for s in sessions if s.category == Category.OUTDOOR),
        unlock=tuple(m.Session(start=_utc(s.start), end=_utc(s.end))
                     for s in sessions if s.category == Category.UNLOCK),
        reviews=tuple(sorted(reviews, key=lambda r: (r.at, r.subject))),
        supervisions=tuple(sorted(checks, key=lambda s: (s.at, s.subject))),
        week_plans=tuple(sorted(plans, key=lambda w: (w.at, w.subject))),
        incidents=tuple(sorted(incidents, key=lambda i: (i.at, i.kind))),
    )


def persons_held(period_start: datetime, period_end: datetime, prison_code: str | None = None):
    """Persons with a stay overlapping ``[period_start, period_end)`` (in one prison if given)."""
    stays = reg.Stay.objects.filter(start__lt=period_end).filter(Q(end__isnull=True) | Q(end__gt=period_start))
    if prison_code:
        stays = stays.filter(prison__code=prison_code)
    return reg.Person.objects.filter(pk__in=stays.values("person_id"))


def scenario_for(persons_qs: Iterable[reg.Person], period_start: date, period_end: date,
                 evaluated_at: datetime) -> m.Scenario:
    """A scenario holding every record of the given persons (their whole
    history, so that an episode begun before the period keeps its start and
    its reviews), for the local dates ``[period_start, period_end)``."""
    persons = sorted((scenario_person(p, until=None) for p in persons_qs), key=lambda p: p.id)
    codes = sorted({s.prison for p in persons for s in p.stays})
    prisons = tuple(
        m.Prison(code=p.code, region=p.region.code, security_level=p.security_level)
        for p in reg.Prison.objects.filter(code__in=codes).select_related("region").order_by("code")
    )
    return m.Scenario(timezone=TIMEZONE, census_time=CENSUS_TIME, period_start=period_start, period_end=period_end,
                      evaluated_at=_utc(evaluated_at), prisons=prisons, persons=tuple(persons))
