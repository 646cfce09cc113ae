"""Keyword-style entry point to the audit trail for callers that name the
object by type and id (bulk loaders, management commands). It is
:func:`fellesskap.audit.trail.record` under another signature; prefer that one."""

from __future__ import annotations

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent


def record_event(*, user, action: str, object_type: str = "", object_id: str = "", person=None, reason: str = "",
                 data: dict | None = None, request=None, prison: str | None = "") -> AuditEvent:
    """Appends one event; ``prison`` defaults to none (a national event)."""
    return trail.record(actor=user, action=action, obj=(object_type, object_id) if object_type else None,
                        person=person, reason=reason, data=data, request=request, prison=prison)
