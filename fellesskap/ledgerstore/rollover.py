"""The nightly roll-over of the stored ledger.

A stored row of an open stay or an open session is evaluated up to the
instant it was computed ("today so far"). Nothing is registered when a day
ends, so without a roll-over yesterday would stay half-counted and today would
have no row until someone registers something. The worker therefore calls
:func:`roll_over` on every run: once the local (Europe/Oslo) day has changed
— and at its first run — everyone in custody whose last stored day is before
today is refreshed from that last stored day on (so the half-counted day is
completed and the new day added). On other runs it finds nobody and costs one
query.

Idempotent: a person is refreshed only while their last row is still before
today. Safe when two workers run at once: each person's row is locked while
they are refreshed, a worker skips persons locked by the other, and the
staleness is checked again under the lock.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet

from fellesskap.ledgerstore.models import LedgerDay
from fellesskap.ledgerstore.refresh import local_date, refresh_person
from fellesskap.registry.models import Person, Stay

logger = logging.getLogger(__name__)


def stale_persons(at: datetime) -> QuerySet[Person]:
    """Persons in custody at ``at`` whose last stored day is before the local day of ``at`` (or who have none)."""
    held = Stay.objects.filter(start__lte=at).filter(Q(end__isnull=True) | Q(end__gt=at)).values("person_id")
    return (Person.all_objects.filter(pk__in=held, withdrawn_at__isnull=True)
            .annotate(last_day=Max("ledger_days__date"))
            .filter(Q(last_day__lt=local_date(at)) | Q(last_day__isnull=True)).order_by("pk"))


def _lock(pk: int) -> Person | None:
    qs = Person.all_objects.filter(pk=pk)
    if connection.features.has_select_for_update_skip_locked:
        return qs.select_for_update(skip_locked=True, no_key=True).first()
    return qs.select_for_update(no_key=True).first()


def roll_over(at: datetime) -> int:
    """Refresh the stored days of every stale person (see the module); returns how many were refreshed."""
    today = local_date(at)
    done = 0
    for pk in list(stale_persons(at).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                person = _lock(pk)
                if person is None:
                    continue  # another worker is refreshing them
                last = LedgerDay.objects.filter(person_id=pk).aggregate(last=Max("date"))["last"]
                if last is not None and last >= today:
                    continue  # done meanwhile
                refresh_person(person, since=last, at=at)
                done += 1
        except Exception:  # one person's bad data must not stop the others
            logger.exception("ledger roll-over of one person failed; run `fellesskap ledger rebuild`")
    return done
