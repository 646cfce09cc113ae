"""The hook the records actions call after a registration or correction.

``records_changed(person_ids, since)`` refreshes the persons' stored ledger
once the surrounding transaction has committed, so the rows are current as
soon as the change is visible, and a rolled-back change refreshes nothing.
Several calls in one transaction are merged (per person, the earliest
``since``; ``None`` — the whole history — wins). A failing refresh never
undoes the registration: it is logged without personal data, and
``fellesskap ledger rebuild`` repairs the rows.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction

from fellesskap.registry.models import Person

logger = logging.getLogger(__name__)
_PENDING = "_fellesskap_ledger_pending"


def person_pks(person_ids: Iterable) -> set[int]:
    """The database keys of persons given as Person objects, pks or public ids
    (the forms the records and registry actions pass to the on-commit hooks)."""
    pks: set[int] = set()
    public: set[uuid.UUID] = set()
    for item in person_ids:
        if isinstance(item, Person):
            pks.add(item.pk)
        elif isinstance(item, int):
            pks.add(item)
        else:
            public.add(uuid.UUID(str(item)))
    if public:
        pks |= set(Person.all_objects.filter(public_id__in=public).values_list("pk", flat=True))
    return pks


def _day(since: datetime | date | None) -> date | None:
    """``since`` as a local date: the ledger recomputes whole days."""
    if isinstance(since, datetime):
        from fellesskap.ledgerstore.refresh import local_date

        return local_date(since)
    return since


def _earlier(a: date | None, b: date | None) -> date | None:
    return None if a is None or b is None else min(a, b)


def records_changed(person_ids: Iterable, since: datetime | date | None = None) -> None:
    """Refresh the stored ledger of these persons (Person, pk or public id)
    from ``since`` on, after the current transaction commits."""
    connection = transaction.get_connection()
    pending: dict = getattr(connection, _PENDING, None)
    if pending is None:
        pending = {}
        setattr(connection, _PENDING, pending)
    day = _day(since)
    for pk in person_pks(person_ids):
        pending[pk] = _earlier(pending[pk], day) if pk in pending else day
    # One callback per call; the first to run takes every pending person, the
    # others find nothing. Persons left by a rolled-back transaction are
    # refreshed with the next commit: harmless, the records are the truth.
    transaction.on_commit(lambda: _flush(connection))


def _flush(connection) -> None:
    pending = getattr(connection, _PENDING, None)
    if not pending:
        return
    setattr(connection, _PENDING, {})
    from fellesskap.ledgerstore.refresh import refresh_persons

    try:
        refresh_persons(pending)
    except Exception:
        logger.exception("stored ledger refresh failed for %d person(s); run `fellesskap ledger rebuild`",
                         len(pending))
