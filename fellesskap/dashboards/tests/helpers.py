"""A small world for the dashboards' tests (unit and browser): two prisons in
region east and one in west, persons with stored ledger days, deadlines,
deviations and long exclusions. Rows are written straight to the tables
(reading tests, not writing ones)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fellesskap.alerts.models import Deadline, Deviation
from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.registry.models import Placement, Stay
from fellesskap.registry.tests import helpers as h


def _day(person, day, *, isolated, streak=0, contact=0, cause=""):
    return LedgerDay.objects.create(
        person=person, date=day, custody_minutes=1440, contact_minutes=contact, association_minutes=0,
        outdoor_minutes=0, out_of_cell_minutes=contact, no_contact_minutes=1440 - contact, isolated=isolated,
        cause=cause if isolated else "", isolated_streak=streak, computed_at=timezone.now())


def _place(person, unit):
    stay = Stay.objects.get(person=person)
    Placement.objects.create(stay=stay, unit=unit, start=stay.start, created_at=timezone.now(),
                             created_by=stay.created_by)


def _deadline(person, prison, due, *, role="prison_leader", subject="d1", status="pending"):
    now = timezone.now()
    return Deadline.objects.create(person=person, prison=prison, rule="no.review", pack="no", pack_version="1",
                                   first_seen_at=now, refreshed_at=now, subject=subject, due=due, status=status,
                                   responsible_role=role, warn_from=due - timedelta(hours=24))


def _deviation(person, prison, status="open", kind="unregistered_isolation"):
    return Deviation.objects.create(kind=kind, severity="high", status=status, person=person, prison=prison,
                                    cause=f"c{Deviation.objects.count()}", date=timezone.localdate(),
                                    created_at=timezone.now(), created_by=h.registrar(prison))


def build_world():
    """Prison A (east) with two units, prison B (east), prison C (west)."""
    a, b, c = h.make_prison("A", "east"), h.make_prison("B", "east"), h.make_prison("C", "west")
    u1, u2 = h.make_unit(a, "Unit 1"), h.make_unit(a, "Unit 2")
    today = timezone.localdate()
    p1, p2, p3, p4 = (h.bare_held(a, start=timezone.now() - timedelta(days=60)) for _ in range(4))
    for p, u in ((p1, u1), (p2, u1), (p3, u2), (p4, u2)):
        _place(p, u)
    _day(p1, today, isolated=True, streak=20, cause="full_exclusion:order")
    _day(p2, today, isolated=True, streak=8, cause="unregistered")
    _day(p3, today, isolated=True, streak=1, contact=30, cause="unregistered")
    _day(p4, today, isolated=False, contact=200)
    if today.weekday() > 0:  # an earlier day of this week, for the unit share
        _day(p4, today - timedelta(days=1), isolated=False, contact=60)
    released = h.bare_held(a, start=timezone.now() - timedelta(days=30), end=timezone.now() - timedelta(days=2))
    _day(released, today, isolated=True, streak=30)  # not held now: not counted
    q = h.bare_held(c)
    _day(q, today, isolated=True, streak=16)
    now = timezone.now()
    _deadline(p1, a, now + timedelta(hours=10))
    _deadline(p2, a, now + timedelta(hours=80))  # beyond 72 h
    _deadline(p3, a, now + timedelta(hours=5), status="met")
    _deviation(p2, a)
    _deviation(p3, a, status="closed")
    LedgerEpisode.objects.create(person=p1, kind="full_exclusion", decisions=["dec-region"],
                                 start=now - timedelta(days=50), hours=1200, long=True, computed_at=now)
    LedgerEpisode.objects.create(person=p2, kind="partial_exclusion", decisions=["dec-local"],
                                 start=now - timedelta(days=20), hours=480, long=True, computed_at=now)
    _deadline(p1, a, now + timedelta(days=5), role="region", subject="dec-region")
    return {"a": a, "b": b, "c": c, "u1": u1, "u2": u2, "p": (p1, p2, p3, p4), "q": q}
