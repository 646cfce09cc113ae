"""The ward board's rows (avdelingstavle): every person placed in a unit now,
with the regime they are under, today's contact so far, the open unlock or
contact session, the next deadline and the warning before an isolated day.

Each row is computed from the bridge's typed person (the same input as the
ledger and the rules everywhere else) and carries a fingerprint of what it
shows, so that polling sends back only the rows that changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from fellesskap.records import bridge
from fellesskap.records.models import Category, TimeSession
from fellesskap.registry.models import Cell, Person, Placement, Unit
from fellesskap.rules.types import Deadline
from fellesskap.scenario import model as m
from fellesskap.web.deadlines import evaluate_person
from fellesskap.web.figures.today import TodayStatus, today_status


@dataclass(frozen=True, slots=True)
class Regime:
    """A regime the person is under now: ``kind`` is a ledger regime
    (full_exclusion, partial_exclusion, security_cell, security_bed); ``ground``
    the exclusion's ground (empty for coercive means); ``collective`` when it
    comes from a unit lock-in."""

    kind: str
    ground: str
    since: datetime
    collective: bool = False


@dataclass(frozen=True, slots=True)
class BoardRow:
    person: Person
    cell: Cell | None
    regimes: tuple[Regime, ...]
    unlocked: TimeSession | None
    contact: TimeSession | None  # an open contact session registered alone (not a group's)
    association: TimeSession | None  # an open association that belongs to a group
    today: TodayStatus
    next_deadline: Deadline | None
    missed_deadlines: int

    @property
    def key(self) -> str:
        return str(self.person.public_id)

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything the row shows changes (not the CSRF token)."""
        t = self.today
        parts = (
            self.key, self.person.display_name, self.cell.number if self.cell else "",
            tuple((r.kind, r.ground, r.since.isoformat(), r.collective) for r in self.regimes),
            self.unlocked.public_id if self.unlocked else "", self.contact.public_id if self.contact else "",
            self.contact.kind if self.contact else "",
            self.association.public_id if self.association else "",
            t.contact_minutes, t.minutes_left, t.isolated, t.contact_needed, t.in_contact_now,
            (self.next_deadline.rule, self.next_deadline.due.isoformat()) if self.next_deadline else None,
            self.missed_deadlines,
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def regimes_now(person: m.Person, now: datetime, lock_in_ids: frozenset[str] = frozenset()) -> tuple[Regime, ...]:
    """The regimes covering ``now``, security bed first (the ledger's order)."""
    out = []
    for x in person.exclusions:
        if x.start <= now and (x.end is None or x.end > now):
            out.append(Regime(f"{x.scope}_exclusion", x.ground, x.start,
                              collective=x.id.split(":")[0] in lock_in_ids))
    for c in person.coercive_means:
        if c.kind in ("security_cell", "security_bed") and c.start <= now and (c.end is None or c.end > now):
            out.append(Regime(c.kind, "", c.start))
    order = ("security_bed", "security_cell", "full_exclusion", "partial_exclusion")
    return tuple(sorted(out, key=lambda r: (order.index(r.kind), r.since)))


def placements_now(unit: Unit, now: datetime) -> list[Placement]:
    return list(
        Placement.objects.filter(unit=unit, start__lte=now, stay__withdrawn_at__isnull=True,
                                 stay__person__withdrawn_at__isnull=True)
        .filter(Q(end__isnull=True) | Q(end__gt=now))
        .filter(Q(stay__end__isnull=True) | Q(stay__end__gt=now))
        .select_related("stay__person", "cell")
        .order_by("cell__number", "stay__person__family_name", "stay__person__given_name", "pk"))


def lock_in_ids(unit: Unit) -> frozenset[str]:
    from fellesskap.records.models import UnitLockIn

    return frozenset(str(u) for u in UnitLockIn.objects.filter(unit=unit).values_list("public_id", flat=True))


def _row(person: Person, cell: Cell | None, typed: m.Person, open_sessions: list[TimeSession], now: datetime,
         lock_in_ids: frozenset[str]) -> BoardRow:
    unlocked = next((s for s in open_sessions if s.category == Category.UNLOCK), None)
    contact = next((s for s in open_sessions if s.category == Category.CONTACT and s.group_id is None), None)
    association = next((s for s in open_sessions if s.category == Category.CONTACT and s.group_id is not None), None)
    today: date = timezone.localdate(now)
    rules = evaluate_person(typed, today, today + timedelta(days=1), now)
    return BoardRow(person=person, cell=cell, regimes=regimes_now(typed, now, lock_in_ids), unlocked=unlocked,
                    contact=contact, association=association, today=today_status(typed, now),
                    next_deadline=rules.next, missed_deadlines=len(rules.missed))


def _open_sessions(person_ids: list[int], now: datetime) -> dict[int, list[TimeSession]]:
    out: dict[int, list[TimeSession]] = {pk: [] for pk in person_ids}
    for s in TimeSession.objects.filter(person_id__in=person_ids, end__isnull=True, start__lte=now).order_by("start"):
        out[s.person_id].append(s)
    return out


def row_for(person: Person, cell: Cell | None, now: datetime, lock_in_ids: frozenset[str] = frozenset()) -> BoardRow:
    typed = bridge.scenario_person(person, until=now + timedelta(seconds=1))
    return _row(person, cell, typed, _open_sessions([person.pk], now)[person.pk], now, lock_in_ids)


def board_rows(unit: Unit, now: datetime | None = None) -> list[BoardRow]:
    """One row per person placed in ``unit`` at ``now`` (default: now), ordered by cell.

    The persons' records are read in bulk (the bridge's ``scenario_persons``
    and one query for open sessions), not person by person."""
    now = now or timezone.now()
    lock_ins = lock_in_ids(unit)
    placements = placements_now(unit, now)
    persons = [p.stay.person for p in placements]
    typed = {t.id: t for t in bridge.scenario_persons(persons, until=now + timedelta(seconds=1))}
    sessions = _open_sessions([p.pk for p in persons], now)
    return [_row(p.stay.person, p.cell, typed[str(p.stay.person.public_id)], sessions[p.stay.person_id], now, lock_ins)
            for p in placements]


def placed_in(unit: Unit, person: Person, now: datetime | None = None) -> Placement | None:
    now = now or timezone.now()
    return next((p for p in placements_now(unit, now) if p.stay.person_id == person.pk), None)
