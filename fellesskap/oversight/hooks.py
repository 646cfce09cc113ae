"""The hook the records actions call when an incident is recorded or corrected.

``incident_recorded(incident, actor=...)`` makes the supervisory board's
notice (:mod:`fellesskap.oversight.notify`) once the surrounding transaction
has committed, like the ledger and alerts hooks: a rolled-back registration
notifies nobody, and a failure here never undoes the registration. It is
logged without personal data, and ``fellesskap oversight_notify`` makes the
notice on its next run (the making is idempotent).
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def _make(incident_id: int, actor_id: int | None) -> None:
    from fellesskap.oversight.notify import ensure_notification
    from fellesskap.registry.models import User

    try:
        actor = User.objects.filter(pk=actor_id).first() if actor_id else None
        ensure_notification(incident_id, actor=actor)
    except Exception:  # the incident is committed; the sweep will retry
        logger.exception("supervisory board notification failed; `fellesskap oversight_notify` will retry")


def incident_recorded(incident, *, actor=None) -> None:
    """Schedule the board's notice of ``incident`` for when the transaction commits."""
    incident_id, actor_id = incident.pk, getattr(actor, "pk", None)
    transaction.on_commit(lambda: _make(incident_id, actor_id))
