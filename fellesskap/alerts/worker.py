"""``fellesskap worker``: what must happen with time, not with a registration.

A deadline becomes missed because the clock passes its due instant, a warning
window opens, a day without registered contact becomes unregistered isolation
when the day ends — none of which a records change triggers. Each run
refreshes the persons with an open episode or a pending deadline, and once a
day everyone held (:func:`persons_to_refresh`), then turns
missed deadlines and findings into deviations. Runs are idempotent, and two
workers at once share the persons (locked rows are skipped) and never raise a
deviation twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from fellesskap.alerts.deviations import raise_deviations
from fellesskap.alerts.models import Deadline, PersonRefresh
from fellesskap.alerts.refresh import OSLO, refresh_many, refresh_person
from fellesskap.records import states
from fellesskap.records.models import CoerciveMeans, Exclusion, UnitLockIn
from fellesskap.registry.models import Person, Placement, Stay

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    refreshed: int
    skipped: int
    failed: int
    alerts_raised: int
    deviations: int


def persons_with_open_episodes(at: datetime) -> QuerySet[Person]:
    """Persons under an exclusion or coercive means at ``at``, or placed in a
    unit that is locked in: whose deadlines and findings move with the clock."""
    ongoing = Q(start__lte=at) & (Q(end__isnull=True) | Q(end__gt=at))
    excluded = Exclusion.objects.filter(ongoing, state__in=states.COUNTED).values("person_id")
    restrained = CoerciveMeans.objects.filter(ongoing).values("person_id")
    locked_units = UnitLockIn.objects.filter(ongoing).values("unit_id")
    locked_in = Placement.objects.filter(ongoing, unit_id__in=locked_units).values("stay__person_id")
    return Person.objects.filter(Q(pk__in=excluded) | Q(pk__in=restrained) | Q(pk__in=locked_in))


def _urgent(at: datetime) -> Q:
    pending = Deadline.objects.filter(status=Deadline.Status.PENDING, withdrawn_at__isnull=True).values("person_id")
    return Q(pk__in=persons_with_open_episodes(at).values("pk")) | Q(pk__in=pending)


def _stale_held(at: datetime) -> Q:
    midnight = datetime.combine(at.astimezone(OSLO).date(), time(0), OSLO)
    held = Stay.objects.filter(start__lte=at).filter(Q(end__isnull=True) | Q(end__gt=at)).values("person_id")
    fresh = PersonRefresh.objects.filter(refreshed_at__gte=midnight).values("person_id")
    return Q(pk__in=held) & ~Q(pk__in=fresh)


def persons_to_refresh(at: datetime) -> QuerySet[Person]:
    """Every run: persons with an open episode or a pending deadline. Once a
    day (Oslo): everyone held who has not been refreshed since midnight, since
    a day without registered contact becomes unregistered isolation without
    any registration to announce it."""
    return Person.objects.filter(_urgent(at) | _stale_held(at)).order_by("pk")


def _in_order(at: datetime):
    """The persons of :func:`persons_to_refresh`, those whose deadlines move
    with the clock first, so a long daily sweep does not delay their alerts."""
    urgent = Person.objects.filter(_urgent(at)).order_by("pk")
    yield from urgent.iterator(chunk_size=200)
    yield from Person.objects.filter(_stale_held(at)).exclude(_urgent(at)).order_by("pk").iterator(chunk_size=200)


SWEEP_CHUNK = 200


def _chunks(persons, size: int):
    chunk: list[Person] = []
    for person in persons:
        chunk.append(person)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_once(at: datetime | None = None) -> RunResult:
    """One sweep: the persons of :func:`persons_to_refresh`, in batches of
    :data:`SWEEP_CHUNK` evaluated together (:func:`refresh_many`: a dozen
    queries and one run of the rule engine per batch, not per person), then
    the deviations. A batch that cannot be evaluated falls back to one person
    at a time, so one person's bad data never stops the others."""
    at = at or timezone.now()
    # First the stored ledger's nightly roll-over (a no-op but once a day), so findings read complete days.
    from fellesskap.ledgerstore.rollover import roll_over

    roll_over(at)
    refreshed = skipped = failed = raised = 0
    for chunk in _chunks(_in_order(at), SWEEP_CHUNK):
        try:
            results = refresh_many(chunk, at=at, skip_locked=True)
        except Exception:
            logger.exception("worker: a batch failed; refreshing its persons one at a time")
            results = {}
            for person in chunk:
                try:
                    results[person.pk] = refresh_person(person, at=at, skip_locked=True)
                except Exception:
                    results[person.pk] = None
                    logger.exception("worker: refresh of one person failed")
        for result in results.values():
            if result is None:
                failed += 1
            elif result.skipped:
                skipped += 1
            else:
                refreshed += 1
                raised += result.alerts_raised
    deviations = raise_deviations(at)
    # Notices to the supervisory boards that wait to be e-mailed (a failed try waits for its pause).
    from fellesskap.oversight.delivery import send_due

    try:
        send_due(at)
    except Exception:  # the mail must never stop the sweep
        logger.exception("worker: sending notices to the supervisory boards failed")
    return RunResult(refreshed, skipped, failed, raised, deviations)
