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

from collections import defaultdict
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
from fellesskap.records.validation import MAX_SESSION
from fellesskap.registry import models as reg
from fellesskap.scenario import model as m

TIMEZONE = "Europe/Oslo"
CENSUS_TIME = time(12, 0)
CHUNK = 500


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _before(qs, until: datetime | None, field: str = "start"):
    return qs if until is None else qs.filter(**{f"{field}__lt": until})


def _covering(rows, instant: datetime):
    for row in rows:
        if row.start <= instant and (row.end is None or row.end > instant):
            return row
    return None


def _scenario_stays(stay: reg.Stay, statuses: list, placements: list, until: datetime | None) -> list[m.Stay]:
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


def _lock_in_exclusions(placements: list, lock_ins: dict[int, list], until: datetime | None) -> list[m.Exclusion]:
    """Collective full exclusions from the unit lock-ins the person was in."""
    by_lock_in: dict = defaultdict(list)
    for p in placements:
        for lock_in in lock_ins.get(p.unit_id, ()):
            if until is not None and lock_in.start >= until:
                continue
            start = max(p.start, lock_in.start)
            ends = [e for e in (p.end, lock_in.end) if e is not None]
            end = min(ends) if ends else None
            if end is None or end > start:
                by_lock_in[lock_in].append((start, end))
    result = []
    for lock_in, pieces in by_lock_in.items():
        for n, (start, end) in enumerate(sorted(pieces, key=lambda x: x[0]), start=1):
            suffix = f":{n}" if len(pieces) > 1 else ""
            result.append(m.Exclusion(id=f"{lock_in.public_id}{suffix}", scope="full", ground="building_or_staffing",
                                      start=_utc(start), end=_utc(end)))
    return result


def _flags(person: reg.Person) -> frozenset[str]:
    return frozenset(f for f in reg.Person.SENSITIVE_FLAGS if getattr(person, f))


def _grouped(qs, key: str = "person_id") -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for row in qs:
        groups[getattr(row, key)].append(row)
    return groups


class _Loaded:
    """Every record of a set of persons, one query per table, grouped by person,
    so that exporting thousands of persons costs a dozen queries, not a dozen
    per person."""

    def __init__(self, person_ids: list[int], until: datetime | None, sessions_from: datetime | None = None):
        ids = {"person_id__in": person_ids}
        self.stays = _grouped(_before(reg.Stay.objects.filter(**ids), until).select_related("prison")
                              .order_by("start"))
        stay_ids = [s.pk for rows in self.stays.values() for s in rows]
        self.statuses = _grouped(reg.StatusPeriod.objects.filter(stay_id__in=stay_ids).order_by("start"), "stay_id")
        self.placements = _grouped(reg.Placement.objects.filter(stay_id__in=stay_ids).select_related("unit")
                                   .order_by("start"), "stay_id")
        unit_ids = {p.unit_id for rows in self.placements.values() for p in rows}
        self.lock_ins = _grouped(UnitLockIn.objects.filter(unit_id__in=unit_ids).order_by("start"), "unit_id")
        self.exclusions = _grouped(_before(Exclusion.objects.filter(state__in=states.COUNTED, **ids), until))
        self.means = _grouped(_before(CoerciveMeans.objects.filter(**ids), until))
        sessions = TimeSession.objects.filter(**ids)
        if sessions_from is None:
            self.sessions = _grouped(_before(sessions, until).order_by("start", "pk"))
        else:
            # Two index range scans instead of one scan of every session: the
            # open ones (a partial index), and the closed ones that started
            # at most MAX_SESSION before ``sessions_from`` (no session is
            # longer; validation.session_length).
            open_ = _before(sessions.filter(end__isnull=True), until).order_by()
            closed = _before(sessions.filter(start__gt=sessions_from - MAX_SESSION, end__gt=sessions_from),
                             until).order_by()
            rows = sorted([*open_, *closed], key=lambda s: (s.start, s.pk))
            self.sessions = _grouped(rows)
        self.reviews = _grouped(_before(Review.objects.filter(**ids), until, "at")
                                .select_related("exclusion", "coercive_means"))
        self.checks = _grouped(_before(Supervision.objects.filter(**ids), until, "at")
                               .select_related("exclusion", "coercive_means"))
        self.plans = _grouped(_before(WeekPlan.objects.filter(**ids), until, "made_at").select_related("exclusion"))
        self.incidents = _grouped(_before(Incident.objects.filter(**ids), until, "at"))
        self.until = until

    def person(self, person: reg.Person) -> m.Person:
        pk, until = person.pk, self.until
        stays: list[m.Stay] = []
        placements: list = []
        for stay in self.stays.get(pk, ()):
            stays.extend(_scenario_stays(stay, self.statuses.get(stay.pk, []), self.placements.get(stay.pk, []),
                                         until))
            placements.extend(self.placements.get(stay.pk, []))
        exclusions = [
            m.Exclusion(id=str(e.public_id), scope=e.scope, ground=e.ground, start=_utc(e.start), end=_utc(e.end))
            for e in self.exclusions.get(pk, ())
        ] + _lock_in_exclusions(placements, self.lock_ins, until)
        means = [
            m.CoerciveMeans(id=str(c.public_id), kind=c.kind, start=_utc(c.start), end=_utc(c.end),
                            reason=c.reason or None)
            for c in self.means.get(pk, ())
        ]
        known = {e.id for e in exclusions} | {c.id for c in means}

        def subject_id(row) -> str | None:
            subject = row.exclusion if row.exclusion_id else row.coercive_means
            key = str(subject.public_id) if subject is not None else None
            return key if key in known else None

        reviews = [m.Review(subject=sid, level=r.level, at=_utc(r.at))
                   for r in self.reviews.get(pk, ()) if (sid := subject_id(r)) is not None]
        checks = [m.Supervision(subject=sid, at=_utc(c.at))
                  for c in self.checks.get(pk, ()) if (sid := subject_id(c)) is not None]
        plans = [m.WeekPlan(subject=str(w.exclusion.public_id), at=_utc(w.made_at))
                 for w in self.plans.get(pk, ()) if str(w.exclusion.public_id) in known]
        incidents = [m.Incident(kind=i.kind, at=_utc(i.at), serious=i.serious) for i in self.incidents.get(pk, ())]
        sessions = self.sessions.get(pk, [])
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


def scenario_person(person: reg.Person, *, until: datetime | None, sessions_from: datetime | None = None
                    ) -> m.Person:
    """Every record of one person, as the ledger reads them. With
    ``sessions_from``, only the sessions still running at or ending after it
    (the stored ledger's incremental refresh needs no older ones)."""
    return _Loaded([person.pk], until, sessions_from).person(person)


def scenario_persons(persons: Iterable[reg.Person], *, until: datetime | None = None,
                     sessions_from: datetime | None = None) -> list[m.Person]:
    """:func:`scenario_person` for many persons at once, in bulk (sorted by id).
    ``sessions_from`` as there: a screen about today need not read a year of
    sessions (the ward board's 200 ms, docs/performance.md)."""
    persons = list(persons)
    result = []
    # In chunks, so that the id lists stay within every database's limits.
    for i in range(0, len(persons), CHUNK):
        chunk = persons[i:i + CHUNK]
        loaded = _Loaded([p.pk for p in chunk], until, sessions_from)
        result.extend(loaded.person(p) for p in chunk)
    return sorted(result, key=lambda p: p.id)


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
    persons = scenario_persons(persons_qs)
    codes = sorted({s.prison for p in persons for s in p.stays})
    prisons = tuple(
        m.Prison(code=p.code, region=p.region.code, security_level=p.security_level)
        for p in reg.Prison.objects.filter(code__in=codes).select_related("region").order_by("code")
    )
    return m.Scenario(timezone=TIMEZONE, census_time=CENSUS_TIME, period_start=period_start, period_end=period_end,
                      evaluated_at=_utc(evaluated_at), prisons=prisons, persons=tuple(persons))
