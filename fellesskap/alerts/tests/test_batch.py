"""The worker's batch refresh stores exactly what refreshing one person at a time stores."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fellesskap.alerts.models import Alert, Deadline, Finding
from fellesskap.alerts.refresh import refresh_many, refresh_person
from fellesskap.alerts.tests.helpers import world_with_exclusion
from fellesskap.records import actions
from fellesskap.records.models import Category
from fellesskap.records.tests.helpers import exclusion_in_force
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


def _snapshot():
    deadlines = sorted((d.person_id, d.rule, d.subject, d.due, d.status, d.met_at, d.prison_id, d.pack_version,
                        d.warn_from, d.withdrawn_at) for d in Deadline.objects.all())
    findings = sorted((f.person_id, f.rule, f.date, f.pack_version, f.prison_id, f.severity,
                       repr(sorted(f.evidence.items())), repr(sorted(f.ledger_day.items())))
                      for f in Finding.objects.all())
    alerts = sorted((a.deadline.rule, a.deadline.person_id, a.role, a.raised_at) for a in Alert.objects.all())
    return deadlines, findings, alerts


def test_batch_equals_one_at_a_time():
    w, _ = world_with_exclusion()
    other = h.make_person(w.prison)
    h.make_stay(other, w.prison, w.ago(days=6), unit=w.unit)
    released = h.make_person(w.prison)
    h.make_stay(released, w.prison, w.ago(days=9), w.ago(days=2), unit=w.unit)
    w2 = type(w)(prison=w.prison, unit=w.unit, person=other, stay=None, leader=w.leader, officer=w.officer, now=w.now)
    exclusion_in_force(w2, start=w.ago(days=3), end=w.ago(days=1))
    actions.do_register_session(actor=w.officer, person=other, category=Category.CONTACT, kind="association",
                                counterpart="prisoners", start=w.ago(days=2, hours=3), end=w.ago(days=2),
                                backdate_reason="late")
    persons = [w.person, other, released]
    for person in persons:
        refresh_person(person, at=w.now)
    one_at_a_time = _snapshot()
    assert one_at_a_time[0] and one_at_a_time[1], "the world has deadlines and findings to compare"
    Alert.objects.all().delete()
    Deadline.objects.all().delete()
    Finding.objects.all().delete()
    results = refresh_many(persons, at=w.now)
    assert all(r is not None and not r.skipped for r in results.values())
    assert _snapshot() == one_at_a_time
    # Again: nothing new, nothing withdrawn (idempotent).
    again = refresh_many(persons, at=w.now + timedelta(minutes=1))
    assert sum(r.inserted + r.withdrawn for r in again.values()) == 0
