"""Turning missed deadlines and findings into deviations (avvik): the worker's second job.

At most one deviation per cause: the unique constraint
``(kind, person, rule, cause)`` makes that true whatever runs at once, and on
PostgreSQL the candidates are taken with ``SELECT ... FOR UPDATE SKIP LOCKED``,
so two workers share the work instead of racing for the same rows (SQLite has
one writer at a time, which serialises them anyway). Each row is marked
``deviation_checked_at`` once looked at, so a run only reads new rows. A daily
finding that continues yesterday's (a run of days without registered contact)
belongs to the deviation of the run's first day. A deviation is created by the
worker's system user, as version 1, with an audit event.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet

from fellesskap.alerts import classify
from fellesskap.alerts.models import Deadline, Deviation, Finding
from fellesskap.alerts.refresh import OSLO, _Where, noon
from fellesskap.audit import trail
from fellesskap.registry.versioning import create_versioned
from fellesskap.rules.pack import find_rule

WORKER_USERNAME = "fellesskap-worker"
BATCH = 200
DAILY_KINDS = ("daily_minimum", "daily_maximum")


def worker_user():
    """The system user that deviations made by the worker are created by; it
    cannot log in (inactive, no usable password) and holds no grant."""
    User = get_user_model()
    user = User.objects.filter(username=WORKER_USERNAME).first()
    if user is None:
        user = User(username=WORKER_USERNAME, is_active=False)
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # another worker made it at the same moment
            user = User.objects.get(username=WORKER_USERNAME)
    return user


def _claim(qs: QuerySet) -> QuerySet:
    if connection.features.has_select_for_update_skip_locked:
        return qs.select_for_update(skip_locked=True, of=("self",))
    return qs.select_for_update()


def deadline_cause(deadline: Deadline) -> str:
    return f"{deadline.subject}@{deadline.due.isoformat()}"


def _create(actor, **fields) -> bool:
    """Create one deviation unless its cause already has one; True if created."""
    key = {k: fields[k] for k in ("kind", "person", "rule", "cause")}
    if Deviation.all_objects.filter(**key).exists():
        return False
    try:
        with transaction.atomic():
            deviation = create_versioned(Deviation(**fields), actor=actor, reason="raised by the worker")
            trail.record(actor=actor, action="create", obj=deviation, person=deviation.person,
                         prison=deviation.prison.code,
                         data={"kind": deviation.kind, "rule": deviation.rule, "source": "worker"})
    except IntegrityError:  # another worker created it between the check and the insert
        return False
    return True


def _from_deadline(d: Deadline, actor) -> bool:
    rule = find_rule(d.rule)
    where = _Where(d.person)
    return _create(
        actor, kind=classify.deadline_kind(rule), severity=classify.deadline_severity(rule), person=d.person,
        prison=d.prison, unit=where.unit_at(d.due), rule=d.rule, pack=d.pack, pack_version=d.pack_version,
        cause=deadline_cause(d), date=d.due.astimezone(OSLO).date(), deadline=d,
        evidence={"deadline": str(d.public_id), "subject": d.subject, "due": d.due.isoformat(),
                  "status": d.status, "responsible_role": d.responsible_role},
    )


def _from_finding(f: Finding, actor) -> bool:
    rule = find_rule(f.rule)
    severity = classify.finding_severity(rule)
    if severity is None:
        return False
    where = _Where(f.person)
    return _create(
        actor, kind=classify.finding_kind(rule), severity=severity, person=f.person, prison=f.prison,
        unit=where.unit_at(noon(f.date)), rule=f.rule, pack=f.pack, pack_version=f.pack_version,
        cause=f.date.isoformat(), date=f.date, finding=f,
        evidence={"finding": str(f.public_id), "rule_evidence": f.evidence, "ledger_day": f.ledger_day},
    )


def continues_a_run(f: Finding) -> bool:
    """Whether a daily finding continues yesterday's finding of the same rule:
    the deviation of the run's first day covers the whole run, so that a week
    without registered contact is one deviation to handle, not seven."""
    if find_rule(f.rule).kind not in DAILY_KINDS:
        return False
    return Finding.objects.filter(person_id=f.person_id, rule=f.rule, date=f.date - timedelta(days=1),
                                  withdrawn_at__isnull=True).exists()


def run_days(deviation: Deviation) -> int:
    """How many consecutive days the deviation's daily finding run has (1 for others)."""
    if deviation.finding_id is None or find_rule(deviation.rule).kind not in DAILY_KINDS:
        return 1
    dates = set(Finding.objects.filter(person_id=deviation.person_id, rule=deviation.rule,
                                       date__gte=deviation.date, withdrawn_at__isnull=True)
                .values_list("date", flat=True))
    n, day = 0, deviation.date
    while day in dates:
        n, day = n + 1, day + timedelta(days=1)
    return max(n, 1)


def _drain(qs: QuerySet, make, at: datetime) -> int:
    """Process unchecked rows in batches, each batch in one transaction with its
    rows locked (skipped by a concurrent worker), and mark them checked."""
    created = 0
    while True:
        with transaction.atomic():
            batch = list(_claim(qs.filter(deviation_checked_at__isnull=True).order_by("pk"))[:BATCH])
            created += sum(make(row) for row in batch)
            qs.model.objects.filter(pk__in=[r.pk for r in batch]).update(deviation_checked_at=at)
        if len(batch) < BATCH:
            return created


def raise_deviations(at: datetime | None = None) -> int:
    """Create the deviations of every missed deadline and deviation-worthy
    finding the worker has not checked yet; returns how many were created."""
    from django.utils import timezone

    at = at or timezone.now()
    actor = worker_user()
    created = _drain(Deadline.objects.filter(status=Deadline.Status.MISSED, withdrawn_at__isnull=True),
                     lambda d: _from_deadline(d, actor), at)
    worthy = [sev for sev, level in classify.SEVERITY_OF_RULE.items() if level]
    created += _drain(Finding.objects.filter(withdrawn_at__isnull=True, severity__in=worthy),
                      lambda f: not continues_a_run(f) and _from_finding(f, actor), at)
    return created
