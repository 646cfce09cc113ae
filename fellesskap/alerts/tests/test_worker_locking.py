"""Deadline workers at once never raise a deviation twice.

Three guards, each proven here: on PostgreSQL the worker claims its rows with
``SELECT ... FOR UPDATE SKIP LOCKED`` (so concurrent workers share the work),
a person being refreshed by one worker is skipped by another, and the unique
constraint ``(kind, person, rule, cause)`` refuses a second deviation even if
both workers got past the check before either inserted."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from fellesskap.alerts import deviations
from fellesskap.alerts.models import Deviation
from fellesskap.alerts.refresh import refresh_person
from fellesskap.alerts.tests.helpers import world_with_exclusion
from fellesskap.alerts.worker import run_once
from fellesskap.registry.models import Person
from fellesskap.testing import at_once

SKIP_LOCKED = re.compile(r"FOR (NO KEY )?UPDATE (OF \S+ )?SKIP LOCKED")
WORKERS = 4
ROUNDS = 3


def _pg_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED and concurrent writers need PostgreSQL")


def _fields(d: Deviation) -> dict:
    return {f: getattr(d, f) for f in ("kind", "severity", "person", "prison", "unit", "rule", "pack",
                                       "pack_version", "cause", "date", "deadline", "finding", "evidence")}


@pytest.mark.django_db
def test_the_unique_constraint_refuses_a_second_deviation_of_one_cause():
    w, _ = world_with_exclusion()
    run_once(w.now)
    first = Deviation.objects.order_by("pk").first()
    twin = Deviation(**_fields(first), version=1, created_at=first.created_at, created_by=first.created_by)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.django_db
def test_a_worker_that_lost_the_race_to_insert_counts_nothing(monkeypatch):
    """Both workers passed the "does it exist?" check; the second insert meets
    the constraint, is rolled back alone, and is not counted as raised."""
    w, _ = world_with_exclusion()
    run_once(w.now)
    first = Deviation.objects.order_by("pk").first()
    before = Deviation.all_objects.count()
    monkeypatch.setattr(Deviation.all_objects, "filter", lambda **_: Deviation.all_objects.none())
    assert deviations._create(deviations.worker_user(), **_fields(first)) is False
    monkeypatch.undo()
    assert Deviation.all_objects.count() == before


@pytest.mark.django_db
def test_the_worker_claims_its_rows_with_skip_locked():
    _pg_only()
    w, _ = world_with_exclusion()
    with CaptureQueriesContext(connection) as queries:
        run_once(w.now)
    claims = [q["sql"] for q in queries.captured_queries if SKIP_LOCKED.search(q["sql"])]
    for table in ("alerts_deadline", "alerts_finding", "registry_person"):
        assert any(f'FROM "{table}"' in s for s in claims), table


@pytest.mark.django_db(transaction=True)
def test_a_person_locked_by_one_worker_is_skipped_by_another():
    _pg_only()
    w, _ = world_with_exclusion()
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                Person.objects.select_for_update().get(pk=w.person.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        assert refresh_person(w.person, at=w.now, skip_locked=True).skipped
    finally:
        release.set()
        holder.join(timeout=30)
    assert not refresh_person(w.person, at=w.now, skip_locked=True).skipped


@pytest.mark.django_db(transaction=True)
def test_many_workers_at_once_raise_each_deviation_exactly_once():
    _pg_only()
    worlds = [world_with_exclusion(code)[0] for code in ("A", "B", "C")]
    now = worlds[0].now
    total_reported = 0
    for n in range(ROUNDS):
        at = now + timedelta(days=n, minutes=1)
        results = at_once(lambda at=at: run_once(at), WORKERS)
        assert sum(r.failed for r in results) == 0
        total_reported += sum(r.deviations for r in results)
        causes = list(Deviation.objects.values_list("kind", "person", "rule", "cause"))
        assert len(causes) == len(set(causes)) > 0
        # What the workers said they raised is what is stored: none counted twice, none lost.
        assert total_reported == Deviation.objects.count()
    assert run_once(now + timedelta(days=ROUNDS - 1, minutes=2)).deviations == 0  # idempotent afterwards
