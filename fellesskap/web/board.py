"""The ward board's rows (avdelingstavle): every person placed in a unit now,
with the regime they are under, today's contact so far, the open unlock or
contact session, the next deadline and the warning before an isolated day.

Each row is computed from the bridge's typed person (the same input as the
ledger and the rules everywhere else) and carries a fingerprint of what it
shows, so that polling sends back only the rows that changed.

Speed (issue #7: 200 ms for 30 persons, docs/performance.md): the board is
about today, so only the sessions still running at or ending after local
midnight are read (a year of sessions was 95 % of the time), and the rules are
evaluated for all persons of the unit in one pass. Neither changes a row:
today's figures and the rules' period are today, and deadlines come from
decisions and reviews, which are all read (``test_board_reads_only_today``).
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
from fellesskap.web.deadlines import RuleResult, evaluate_persons
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


def _placements(unit: Unit, now: datetime):
    return (Placement.objects.filter(unit=unit, start__lte=now, stay__withdrawn_at__isnull=True,
                                     stay__person__withdrawn_at__isnull=True)
            .filter(Q(end__isnull=True) | Q(end__gt=now))
            .filter(Q(stay__end__isnull=True) | Q(stay__end__gt=now))
            .select_related("stay__person", "cell")
            .order_by("cell__number", "stay__person__family_name", "stay__person__given_name", "pk"))


def placements_now(unit: Unit, now: datetime) -> list[Placement]:
    return list(_placements(unit, now))


def lock_in_ids(unit: Unit) -> frozenset[str]:
    from fellesskap.records.models import UnitLockIn

    return frozenset(str(u) for u in UnitLockIn.objects.filter(unit=unit).values_list("public_id", flat=True))


def _row(person: Person, cell: Cell | None, typed: m.Person, open_sessions: list[TimeSession], now: datetime,
         lock_in_ids: frozenset[str], rules: RuleResult) -> BoardRow:
    unlocked = next((s for s in open_sessions if s.category == Category.UNLOCK), None)
    contact = next((s for s in open_sessions if s.category == Category.CONTACT and s.group_id is None), None)
    association = next((s for s in open_sessions if s.category == Category.CONTACT and s.group_id is not None), None)
    return BoardRow(person=person, cell=cell, regimes=regimes_now(typed, now, lock_in_ids), unlocked=unlocked,
                    contact=contact, association=association, today=today_status(typed, now),
                    next_deadline=rules.next, missed_deadlines=len(rules.missed))


def _open_sessions(person_ids: list[int], now: datetime) -> dict[int, list[TimeSession]]:
    out: dict[int, list[TimeSession]] = {pk: [] for pk in person_ids}
    for s in TimeSession.objects.filter(person_id__in=person_ids, end__isnull=True, start__lte=now).order_by("start"):
        out[s.person_id].append(s)
    return out


def today_start(now: datetime) -> datetime:
    """Local midnight of ``now``'s day: the board reads sessions from here on."""
    today: date = timezone.localdate(now)
    return timezone.make_aware(datetime.combine(today, datetime.min.time()))


def _rows(pairs: list[tuple[Person, Cell | None]], now: datetime, lock_ins: frozenset[str],
          sessions_from: datetime | None) -> list[BoardRow]:
    persons = [p for p, _cell in pairs]
    typed = {t.id: t for t in bridge.scenario_persons(persons, until=now + timedelta(seconds=1),
                                                      sessions_from=sessions_from)}
    today: date = timezone.localdate(now)
    rules = evaluate_persons(list(typed.values()), today, today + timedelta(days=1), now)
    sessions = _open_sessions([p.pk for p in persons], now)
    return [_row(p, cell, typed[str(p.public_id)], sessions[p.pk], now, lock_ins, rules[str(p.public_id)])
            for p, cell in pairs]


def row_for(person: Person, cell: Cell | None, now: datetime, lock_in_ids: frozenset[str] = frozenset()) -> BoardRow:
    return _rows([(person, cell)], now, lock_in_ids, today_start(now))[0]


def board_rows(unit: Unit, now: datetime | None = None, *, all_sessions: bool = False) -> list[BoardRow]:
    """One row per person placed in ``unit`` at ``now`` (default: now), ordered by cell.

    The persons' records are read in bulk (the bridge's ``scenario_persons``
    and one query for open sessions), not person by person; sessions from
    today's midnight only unless ``all_sessions`` (the reference the tests
    compare with)."""
    now = now or timezone.now()
    placements = placements_now(unit, now)
    return _rows([(p.stay.person, p.cell) for p in placements], now, lock_in_ids(unit),
                 None if all_sessions else today_start(now))


def placed_in(unit: Unit, person: Person, now: datetime | None = None) -> Placement | None:
    """The person's placement in ``unit`` at ``now``, if any (one query for the
    person, not the unit's whole list)."""
    now = now or timezone.now()
    return next(iter(_placements(unit, now).filter(stay__person=person)), None)
