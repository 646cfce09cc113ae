"""Writing and checking the audit trail (revisjonsspor).

:func:`record` is the one way to write an event: the command layer calls it in
the same transaction as the change, and every read of a person's data calls it
through :func:`fellesskap.audit.views.audited` or the API helpers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from fellesskap.audit.models import AuditEvent, ChainTip

GENESIS_HASH = "0" * 64


def canonical(fields: dict) -> bytes:
    """A byte string that is the same for the same event on every database:
    sorted keys, no whitespace, UTC instants with microseconds."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _fields(event: AuditEvent) -> dict:
    return {
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "user": event.user_id,
        "username": event.username,
        "role": event.role,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "person": event.person,
        "prison": event.prison,
        "reason": event.reason,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }


def compute_hash(event: AuditEvent) -> str:
    """SHA-256 over the event's canonical form, which includes the previous hash."""
    return hashlib.sha256(canonical(_fields(event))).hexdigest()


def _describe(obj) -> tuple[str, str]:
    """(object type, opaque id) of what an event is about."""
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return str(obj[0]), str(obj[1])
    opaque = getattr(obj, "public_id", None) or getattr(obj, "pk", "")
    return obj._meta.label_lower, str(opaque)


def _prison_of(obj, person) -> str:
    """The prison code an event concerns, so that leaders see their own prison's events."""
    for candidate in (obj, getattr(obj, "stay", None)):
        prison = getattr(candidate, "prison", None)
        if prison is not None and hasattr(prison, "code"):
            return prison.code
    if person is not None:
        from fellesskap.registry.models import Stay

        stay = Stay.objects.filter(person=person).select_related("prison").order_by("-start").first()
        if stay is not None:
            return stay.prison.code
        return person.registered_in.code
    return ""


def _lock_tip() -> ChainTip:
    # select_for_update makes PostgreSQL writers queue on the one tip row; on
    # SQLite the write transaction itself is exclusive.
    tip = ChainTip.objects.select_for_update().filter(pk=1).first()
    if tip is None:
        ChainTip.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
        tip = ChainTip.objects.select_for_update().get(pk=1)
    return tip


def record(*, actor, action: str, obj=None, person=None, reason: str = "", data: dict | None = None,
           request=None, prison: str | None = None) -> AuditEvent:
    """Appends one event to the chain and returns it.

    ``obj`` is a model instance or a ``(type, opaque id)`` pair; ``person`` the
    person concerned. Only opaque ids are stored: never a name or national id.
    """
    from fellesskap.registry.access import active_roles

    payload = dict(data or {})
    if request is not None:
        payload.setdefault("method", request.method)
        payload.setdefault("path", request.path)
    payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    object_type, object_id = _describe(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        tip = _lock_tip()
        event = AuditEvent(
            seq=tip.seq + 1,
            at=timezone.now(),
            user=user,
            username=user.get_username() if user else "",
            role=",".join(active_roles(user)) if user else "",
            action=action,
            object_type=object_type,
            object_id=object_id,
            person=str(person.public_id) if person is not None else "",
            prison=prison if prison is not None else _prison_of(obj, person),
            reason=reason,
            data=payload,
            prev_hash=tip.hash,
        )
        event.hash = compute_hash(event)
        event.save()
        ChainTip.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


@dataclass(frozen=True)
class Verification:
    """The result of checking the chain: how many events, and the first broken one."""

    count: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify() -> Verification:
    """Walks the chain in sequence order and reports the first event that was
    edited (hash mismatch), deleted (gap in the sequence or a missing tail) or
    re-linked (previous hash mismatch)."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return Verification(count, expected_seq, f"event {expected_seq} is missing")
        if event.prev_hash != prev_hash:
            return Verification(count, event.seq, f"event {event.seq} does not link to event {event.seq - 1}")
        if compute_hash(event) != event.hash:
            return Verification(count, event.seq, f"event {event.seq} was changed after it was written")
        prev_hash = event.hash
        expected_seq += 1
        count += 1
    tip = ChainTip.objects.filter(pk=1).first()
    if tip is not None and tip.seq > count:
        return Verification(count, count + 1, f"events {count + 1} to {tip.seq} are missing")
    if tip is not None and tip.seq == count and tip.hash != prev_hash and count:
        return Verification(count, count, f"event {count} does not match the chain tip")
    return Verification(count)
