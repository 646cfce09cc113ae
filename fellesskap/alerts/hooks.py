"""The hook the records app calls after a registration or correction.

``records_changed(person_ids)`` refreshes each person's stored deadlines,
findings and alerts once the surrounding transaction has committed, so a
leader's screens are current right after the change, and a rolled-back change
refreshes nothing. A failing refresh never undoes the registration: it is
logged (without personal data) and the worker catches up on its next run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from fellesskap.ledgerstore.hooks import person_pks
from fellesskap.registry.models import Person

logger = logging.getLogger(__name__)


def refresh_now(person_ids: Iterable) -> int:
    """Refresh the persons at once; returns how many failed (logged, not raised)."""
    from fellesskap.alerts.refresh import refresh_person

    failed = 0
    for person in Person.all_objects.filter(pk__in=person_pks(person_ids)):
        try:
            refresh_person(person, at=timezone.now())
        except Exception:  # the change is committed; the worker will retry
            failed += 1
            logger.exception("refresh after a records change failed; the worker will retry")
    return failed


def records_changed(person_ids: Iterable) -> None:
    """Schedule a refresh of these persons (Person objects, pks or public ids)
    for when the current transaction commits (at once outside one)."""
    ids = sorted(person_pks(person_ids))
    if ids:
        transaction.on_commit(lambda: refresh_now(ids))
