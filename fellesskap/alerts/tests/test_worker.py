"""The worker: refreshes, raises one deviation per cause, is idempotent and
safe when two run at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from fellesskap.alerts.deviations import WORKER_USERNAME, run_days
from fellesskap.alerts.models import Deadline, Deviation, Finding
from fellesskap.alerts.tests.helpers import world_with_exclusion
from fellesskap.alerts.worker import persons_to_refresh, run_once
from fellesskap.audit.models import AuditEvent
from fellesskap.registry.models import RecordVersion
from fellesskap.testing import at_once


@pytest.mark.django_db
def test_one_run_raises_the_deviations_of_missed_deadlines_and_breaches():
    w, excl = world_with_exclusion()
    result = run_once(w.now)
    assert result.refreshed == 1 and result.failed == 0
    week_plan = Deviation.objects.get(kind="missing_week_plan")
    deadline = Deadline.objects.get(rule="no.exclusion.week_plan_24h")
    assert week_plan.deadline == deadline and week_plan.person == w.person and week_plan.prison == w.prison
    assert week_plan.unit == w.unit and week_plan.status == "open"
    # The 24 hours are our reading of "at once" (interpretation = true): medium, not high.
    from fellesskap.rules.pack import find_rule
    assert find_rule("no.exclusion.week_plan_24h").interpretation
    assert week_plan.severity == "medium"
    assert week_plan.evidence["due"] == deadline.due.isoformat()
    # The days before the exclusion are one run of unregistered isolation: one deviation, dated its first day.
    findings = list(Finding.objects.filter(rule="no.unregistered_isolation").order_by("date"))
    assert len(findings) >= 2
    assert all((b.date - a.date).days == 1 for a, b in zip(findings, findings[1:], strict=False))
    unregistered = Deviation.objects.get(kind="unregistered_isolation")
    assert unregistered.finding == findings[0] and unregistered.date == findings[0].date
    assert unregistered.evidence["ledger_day"]["cause"] == "unregistered"
    assert run_days(unregistered) == len(findings)
    assert Finding.objects.filter(rule="no.unregistered_isolation", deviation_checked_at=w.now).count() == len(findings)
    # Pending deadlines raise no deviation.
    assert not Deviation.objects.filter(deadline__status="pending").exists()
    assert result.deviations == Deviation.objects.count()
    # Created by the worker's system user, as version 1, audited.
    created = Deviation.objects.first()
    assert created.created_by.username == WORKER_USERNAME and not created.created_by.is_active
    assert RecordVersion.objects.filter(record_id=created.public_id, version=1).exists()
    assert AuditEvent.objects.filter(object_id=str(created.public_id), action="create").exists()


@pytest.mark.django_db
def test_runs_are_idempotent():
    w, _ = world_with_exclusion()
    run_once(w.now)
    count = Deviation.objects.count()
    again = run_once(w.now)
    assert again.deviations == 0 and Deviation.objects.count() == count


@pytest.mark.django_db
def test_a_deviation_outlives_the_withdrawal_of_its_cause():
    from fellesskap.records import actions

    w, excl = world_with_exclusion()
    run_once(w.now)
    actions.do_withdraw_record(actor=w.leader, record=excl, reason="wrong person")
    run_once(w.now)
    deviation = Deviation.objects.get(kind="missing_week_plan")
    assert deviation.deadline.withdrawn_at is not None and deviation.status == "open"


@pytest.mark.django_db
def test_who_is_refreshed():
    from fellesskap.records.tests.helpers import make_world

    w, _ = world_with_exclusion()
    plain = make_world("B")  # held, no episode
    assert set(persons_to_refresh(w.now)) == {w.person, plain.person}
    assert list(persons_to_refresh(w.ago(days=20))) == []  # nobody held yet
    run_once(w.now)
    # Same day: the person under exclusion every run, the other one not again ...
    assert list(persons_to_refresh(w.now + timedelta(minutes=5))) == [w.person]
    # ... until the next day's sweep.
    assert set(persons_to_refresh(w.now + timedelta(days=1))) == {w.person, plain.person}


@pytest.mark.django_db
def test_the_command_runs_once(capsys):
    w, _ = world_with_exclusion()
    call_command("worker", "--once", "--at", w.now.isoformat())
    assert "1 persons refreshed" in capsys.readouterr().out
    assert Deviation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [(["--at", "2026-01-01T10:00"], "offset"), (["--at", "x"], "ISO"),
                                           (["--once", "--interval", "0"], "interval")])
def test_the_command_refuses_bad_options(args, message):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("worker", "--once", *args)


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_raise_each_deviation_once():
    if connection.vendor != "postgresql":
        # SQLite's in-memory test database answers a second writer "table is
        # locked" at once instead of waiting; the constraint still holds there.
        pytest.skip("concurrent writers need PostgreSQL (DATABASE_URL=postgres://...)")
    w, _ = world_with_exclusion()
    others = [world_with_exclusion(code) for code in ("B", "C")]
    at_once(lambda: run_once(w.now + timedelta(minutes=1)), 2, timeout=120)
    causes = list(Deviation.objects.values_list("kind", "person", "rule", "cause"))
    assert len(causes) == len(set(causes)) > 0
    persons = {d.person_id for d in Deviation.objects.all()}
    assert persons == {w.person.pk, *(o[0].person.pk for o in others)}


@pytest.mark.django_db
def test_persons_with_moving_deadlines_come_first():
    from fellesskap.alerts.worker import _in_order
    from fellesskap.records.tests.helpers import make_world

    plain = make_world("A")  # held, no episode; created first, so the lower pk
    w, _ = world_with_exclusion("B")
    assert plain.person.pk < w.person.pk
    assert list(_in_order(w.now)) == [w.person, plain.person]
