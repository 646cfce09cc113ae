"""The oversight tests' world: prison A (with a person held for ten days,
a leader, an officer) and prison B, and a user of any role in either."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fellesskap.records import actions
from fellesskap.records.tests.helpers import LETTER, World
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h


def world(code: str = "A", days: int = 60) -> World:
    """Prison ``code`` with a unit and a person held there for ``days`` days."""
    prison = h.make_prison(code)
    unit = h.make_unit(prison, "A")
    now = timezone.now().replace(second=0, microsecond=0)
    person = h.make_person(prison)
    stay = h.make_stay(person, prison, now - timedelta(days=days), unit=unit)
    return World(prison=prison, unit=unit, person=person, stay=stay, leader=h.user_with_role(R.UNIT_LEADER, prison),
                 officer=h.user_with_role(R.OFFICER, prison), now=now)


def incident(w: World, kind: str, at, serious: bool = False, health_told_at=None, person=None):
    late = {"backdate_reason": "entered late"} if timezone.now() - at > timedelta(days=1) else {}
    return actions.do_record_incident(actor=w.officer, person=person or w.person, kind=kind, at=at, serious=serious,
                                      health_told_at=health_told_at, **late)


def means(w: World, kind: str, start, end=None, **letter):
    return actions.do_start_coercive_means(actor=w.leader, person=w.person, kind=kind, reason="danger_to_self",
                                           start=start, end=end, backdate_reason="entered late", letter=letter or None)


__all__ = ["LETTER", "World", "h", "incident", "means", "world"]
