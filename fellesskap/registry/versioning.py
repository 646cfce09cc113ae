"""Versioned records: create, correct and withdraw without overwriting.

A correction changes the current row *and* appends the new state to
:class:`~fellesskap.registry.models.RecordVersion`, so that every earlier
version can be read back with who changed it, when and why. Any model that
inherits :class:`~fellesskap.registry.models.VersionedRecord` can use these
functions (the records app does the same for exclusions and decisions).

These are building blocks for the command layer (``actions``), which does the
validation, access checks and audit; they do none of that themselves.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesskap.registry.models import RecordVersion, VersionedRecord

# Bookkeeping fields that are not part of what a version says about the world.
_META_FIELDS = {"id", "version", "created_at", "created_by", "withdrawn_at", "withdrawn_by", "withdrawn_reason"}


class StaleVersion(ValidationError):
    """A save made from a version that is no longer the current one
    (optimistic locking): someone else saved the record after this caller read
    it. Nothing is saved; the caller is told the current version, so a screen
    can show the record again and an API client can re-read it (409).

    A :class:`ValidationError` (on the whole form), so every screen that shows
    a command's refusals shows this one too, with the officer's input kept."""

    def __init__(self, record: VersionedRecord, seen: int):
        self.record, self.seen, self.current = record, seen, record.version
        super().__init__({NON_FIELD_ERRORS: [_(
            "Someone else saved this record while you had it open (you saw version %(seen)s, it is now "
            "version %(current)s). Nothing was saved: look at the record again and save anew."
        ) % {"seen": seen, "current": record.version}]})


def check_version(obj: VersionedRecord, expected: int | str | None) -> None:
    """Refuses with :class:`StaleVersion` unless ``expected`` (the version the
    form or API client saw) is the record's current version; ``None`` checks
    nothing (callers that do not send a version keep working)."""
    if expected is None or expected == "":
        return
    try:
        seen = int(expected)
    except (TypeError, ValueError):
        raise ValidationError({"version": [_("The version must be a whole number.")]}) from None
    if seen != obj.version:
        raise StaleVersion(obj, seen)


def _compare_and_set(obj: VersionedRecord) -> None:
    """Moves the stored row from the version ``obj`` was read at to the next,
    or refuses if the stored row is no longer at that version.

    The commands already lock the person's row, so this should never refuse;
    it is the last guard against a lost update by a path that forgot the lock
    (an UPDATE ... WHERE version = n is atomic on every database)."""
    model = type(obj)
    moved = model._base_manager.filter(pk=obj.pk, version=obj.version).update(version=obj.version + 1)
    if not moved:
        raise StaleVersion(model._base_manager.get(pk=obj.pk), obj.version)


def record_type(obj: models.Model) -> str:
    """``app_label.model`` — the key under which a record's versions are kept."""
    return obj._meta.label_lower


def snapshot(obj: VersionedRecord) -> dict:
    """The record's own fields as JSON-ready data (foreign keys as their ids)."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in _META_FIELDS:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, datetime):
            # UTC with microseconds, whatever zone the value came in with, so
            # that versions compare equal when the instant is the same.
            value = value.astimezone(UTC).isoformat()
        values[field.attname] = value
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _append(obj: VersionedRecord, *, actor, change: str, reason: str, at: datetime) -> RecordVersion:
    return RecordVersion.objects.create(
        record_type=record_type(obj), record_id=obj.public_id, version=obj.version,
        change=change, at=at, actor=actor, reason=reason, snapshot=snapshot(obj),
    )


def create_versioned(obj: VersionedRecord, *, actor, reason: str = "", at: datetime | None = None):
    """Saves a new record as version 1 and keeps its first snapshot."""
    at = at or timezone.now()
    obj.version = 1
    obj.created_at = at
    obj.created_by = actor
    obj.save()
    _append(obj, actor=actor, change=RecordVersion.Change.CREATE, reason=reason, at=at)
    return obj


def correct_versioned(obj: VersionedRecord, changes: dict, *, actor, reason: str, at: datetime | None = None):
    """Applies ``changes`` as a new version; the previous one stays in the history."""
    at = at or timezone.now()
    _compare_and_set(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.version += 1
    obj.save()
    _append(obj, actor=actor, change=RecordVersion.Change.CORRECT, reason=reason, at=at)
    return obj


def withdraw_versioned(obj: VersionedRecord, *, actor, reason: str, at: datetime | None = None):
    """Soft deletion: the row stays, marked withdrawn with who, when and why."""
    at = at or timezone.now()
    _compare_and_set(obj)
    obj.withdrawn_at = at
    obj.withdrawn_by = actor
    obj.withdrawn_reason = reason
    obj.version += 1
    obj.save()
    _append(obj, actor=actor, change=RecordVersion.Change.WITHDRAW, reason=reason, at=at)
    return obj


def history(obj: VersionedRecord):
    """Every version of the record, oldest first."""
    return RecordVersion.objects.filter(record_type=record_type(obj), record_id=obj.public_id).order_by("version")
