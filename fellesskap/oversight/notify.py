"""Making the supervisory board's notification (melding til tilsynsrådet).

:func:`ensure_notification` makes the notice of one incident if the rule in
:mod:`fellesskap.oversight.rules` says so, at most once (the notice is one-to-one
with its incident): calling it again, from a retry, a correction or the
sweep, returns the notice already made. :mod:`fellesskap.oversight.hooks`
calls it when an incident command commits; ``fellesskap oversight_notify``
sweeps for any incident a failed hook left without its notice.

The notice holds what the board must be told, with opaque ids only (never a
name or national id): the person, the prison, the instant, the kind, the
seriousness, whether and when health was told, the regimes the person was
under at the time (exclusions and coercive means from the records), the
measures recorded in the 24 hours after, and for repeated self-harm the
other serious incidents of the window.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.oversight import rules
from fellesskap.records import states
from fellesskap.records.models import CoerciveMeans, Exclusion, Incident, Review, SupervisoryBoardNotification

# Measures recorded this long after the incident are reported as its measures.
MEASURES_WINDOW = timedelta(hours=24)


def _other_serious_self_harm(incident: Incident):
    window = rules.REPEATED_WINDOW
    return Incident.objects.filter(
        person_id=incident.person_id, kind="self_harm", serious=True,
        at__gte=incident.at - window, at__lte=incident.at + window).exclude(pk=incident.pk).order_by("at")


def reason_for(incident: Incident) -> str | None:
    others = list(_other_serious_self_harm(incident).values_list("at", flat=True)) if (
        incident.kind == "self_harm" and incident.serious) else []
    return rules.board_reason(incident.kind, incident.serious, incident.at, others)


def regimes_at(person_id: int, at: datetime) -> list[dict]:
    """The exclusions (counted states) and coercive means that applied at ``at``."""
    out = []
    for e in Exclusion.objects.filter(person_id=person_id, state__in=states.COUNTED, start__lte=at).filter(
            Q(end__isnull=True) | Q(end__gt=at)).order_by("start"):
        out.append({"type": "exclusion", "id": str(e.public_id), "scope": e.scope, "ground": e.ground,
                    "since": e.start.isoformat()})
    for c in CoerciveMeans.objects.filter(person_id=person_id, start__lte=at).filter(
            Q(end__isnull=True) | Q(end__gt=at)).order_by("start"):
        out.append({"type": "coercive_means", "id": str(c.public_id), "kind": c.kind, "since": c.start.isoformat()})
    return out


def measures_after(person_id: int, at: datetime, window: timedelta = MEASURES_WINDOW) -> list[dict]:
    """Decisions recorded for the person from ``at`` to ``at + window``:
    coercive means started, exclusions started, reviews made."""
    until = at + window
    out = []
    for c in CoerciveMeans.objects.filter(person_id=person_id, start__gte=at, start__lte=until).order_by("start"):
        out.append({"type": "coercive_means", "id": str(c.public_id), "kind": c.kind, "at": c.start.isoformat(),
                    "health_notified": c.health_notified_at is not None})
    for e in Exclusion.objects.filter(person_id=person_id, state__in=states.COUNTED, start__gte=at,
                                      start__lte=until).order_by("start"):
        out.append({"type": "exclusion", "id": str(e.public_id), "scope": e.scope, "ground": e.ground,
                    "at": e.start.isoformat()})
    for r in Review.objects.filter(person_id=person_id, at__gte=at, at__lte=until).order_by("at"):
        out.append({"type": "review", "id": str(r.public_id), "outcome": r.outcome, "at": r.at.isoformat()})
    return sorted(out, key=lambda m: m["at"])


def contents_for(incident: Incident, reason: str) -> dict:
    return {
        "person": str(incident.person.public_id),
        "prison": incident.prison.code,
        "incident": str(incident.public_id),
        "kind": incident.kind,
        "at": incident.at.isoformat(),
        "serious": incident.serious,
        "health_told": incident.health_told_at is not None,
        "health_told_at": incident.health_told_at.isoformat() if incident.health_told_at else None,
        "regimes_at_the_time": regimes_at(incident.person_id, incident.at),
        "measures_taken": measures_after(incident.person_id, incident.at),
        "earlier_serious_self_harm": [
            str(i.public_id) for i in _other_serious_self_harm(incident)] if reason == rules.REPEATED_SELF_HARM else [],
    }


def ensure_notification(incident_id: int, *, actor=None) -> SupervisoryBoardNotification | None:
    """The board's notice of this incident, made now if the rule asks for one
    and none exists; None if the incident is not notifiable (or withdrawn)."""
    existing = SupervisoryBoardNotification.objects.filter(incident_id=incident_id).first()
    if existing is not None:
        return existing
    incident = Incident.objects.select_related("person", "prison").filter(pk=incident_id).first()
    if incident is None:
        return None
    reason = reason_for(incident)
    if reason is None:
        return None
    now = timezone.now()
    try:
        with transaction.atomic():
            notice = SupervisoryBoardNotification.objects.create(
                incident=incident, prison=incident.prison, reason=reason, created_at=now,
                contents=contents_for(incident, reason), sent_at=now)
            trail.record(actor=actor, action=AuditEvent.Action.CREATE, obj=incident, person=incident.person,
                         data={"command": "supervisory_board_notification", "reason": reason})
            # The board is told by e-mail that it awaits (oversight/delivery.py): queued with the notice.
            from fellesskap.oversight.delivery import queue

            queue(notice, now)
    except IntegrityError:  # another worker made it meanwhile: one notice per incident
        return SupervisoryBoardNotification.objects.get(incident_id=incident_id)
    return notice


def sweep(since: datetime | None = None) -> int:
    """Makes every missing notice (incidents from ``since``); returns how many."""
    made = 0
    incidents = Incident.objects.filter(kind__in=("self_harm", "suicide_attempt", "suicide"),
                                        board_notification__isnull=True)
    if since is not None:
        incidents = incidents.filter(at__gte=since)
    for pk in incidents.values_list("pk", flat=True):
        if ensure_notification(pk) is not None:
            made += 1
    return made
