"""Shared set-up for the records tests: a prison with a unit, a person held
there for ten days, a leader who may decide and an officer who may register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from fellesskap.records import actions
from fellesskap.registry import roles as R
from fellesskap.registry.models import Person, Prison, Stay, Unit, User
from fellesskap.registry.tests import helpers as h

LETTER = {"reasons": "Threats against staff on the unit.", "own_statement": "Says he wants to be left alone."}


@dataclass
class World:
    prison: Prison
    unit: Unit
    person: Person
    stay: Stay
    leader: User
    officer: User
    now: datetime

    def ago(self, **delta) -> datetime:
        return self.now - timedelta(**delta)


def make_world(code: str = "A") -> World:
    prison = h.make_prison(code)
    unit = h.make_unit(prison, "A")
    now = timezone.now().replace(second=0, microsecond=0)
    person = h.make_person(prison)
    stay = h.make_stay(person, prison, now - timedelta(days=10), unit=unit)
    return World(prison=prison, unit=unit, person=person, stay=stay,
                 leader=h.user_with_role(R.UNIT_LEADER, prison), officer=h.user_with_role(R.OFFICER, prison), now=now)


def exclusion_in_force(w: World, *, start: datetime, end: datetime | None = None, scope: str = "full",
                       ground: str = "order_and_security", **kwargs):
    draft = actions.do_create_exclusion(actor=w.leader, person=w.person, scope=scope, ground=ground, start=start,
                                        end=end, letter=LETTER, backdate_reason="entered late", **kwargs)
    return actions.do_put_in_force(actor=w.leader, exclusion=draft)
