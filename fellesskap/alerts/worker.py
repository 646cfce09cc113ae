"""``fellesskap worker``: what must happen with time, not with a registration.

A deadline becomes missed because the clock passes its due instant, a warning
window opens, a day without registered contact becomes unregistered isolation
when the day ends — none of which a records change triggers. Each run
refreshes every person who is held now or has a pending deadline, then turns
missed deadlines and findings into deviations. Runs are idempotent, and two
workers at once share the persons (locked rows are skipped) and never raise a
deviation twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from fellesskap.alerts.deviations import raise_deviations
from fellesskap.alerts.models import Deadline
from fellesskap.alerts.refresh import refresh_person
from fellesskap.registry.models import Person, Stay

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    refreshed: int
    skipped: int
    failed: int
    alerts_raised: int
    deviations: int


def persons_to_refresh(at: datetime) -> QuerySet[Person]:
    """Persons held at ``at`` (an ongoing stay) or with a pending deadline."""
    held = Stay.objects.filter(start__lte=at).filter(Q(end__isnull=True) | Q(end__gt=at)).values("person_id")
    pending = Deadline.objects.filter(status=Deadline.Status.PENDING, withdrawn_at__isnull=True).values("person_id")
    return Person.objects.filter(Q(pk__in=held) | Q(pk__in=pending)).order_by("pk")


def run_once(at: datetime | None = None) -> RunResult:
    at = at or timezone.now()
    refreshed = skipped = failed = raised = 0
    for person in persons_to_refresh(at).iterator(chunk_size=200):
        try:
            result = refresh_person(person, at=at, skip_locked=True)
        except Exception:  # one person's bad data must not stop the others
            failed += 1
            logger.exception("worker: refresh of one person failed")
            continue
        if result.skipped:
            skipped += 1
        else:
            refreshed += 1
            raised += result.alerts_raised
    deviations = raise_deviations(at)
    return RunResult(refreshed, skipped, failed, raised, deviations)
