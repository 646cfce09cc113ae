"""Searching the audit trail within what a user may see (leader screen and export)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.registry import access


@dataclass(frozen=True)
class AuditQuery:
    """Search terms; all optional. ``person`` is an opaque person id."""

    person: str = ""
    username: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def scoped_events(user) -> QuerySet[AuditEvent]:
    """Events the user may read: those of the prisons where they hold
    ``view_audit``; with a national grant, every event."""
    national, codes = access.audit_scope(user)
    if national:
        return AuditEvent.objects.all()
    if not codes:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(prison__in=codes)


def search(user, query: AuditQuery) -> QuerySet[AuditEvent]:
    events = scoped_events(user)
    if query.person:
        events = events.filter(person=query.person)
    if query.username:
        events = events.filter(username=query.username)
    if query.action:
        events = events.filter(action=query.action)
    if query.date_from:
        events = events.filter(at__gte=timezone.make_aware(dt.datetime.combine(query.date_from, dt.time())))
    if query.date_to:
        end = timezone.make_aware(dt.datetime.combine(query.date_to + dt.timedelta(days=1), dt.time()))
        events = events.filter(Q(at__lt=end))
    return events.order_by("-seq")
