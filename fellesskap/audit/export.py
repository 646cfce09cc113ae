"""CSV export of audit events (used by the command and the leader screen)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder

from fellesskap.audit.models import AuditEvent

COLUMNS = ["seq", "at", "username", "role", "action", "object_type", "object_id", "person", "prison",
           "reason", "data", "prev_hash", "hash"]


def write_csv(events: Iterable[AuditEvent], out) -> int:
    """Writes the events as CSV with a header row; returns how many rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    encoder = DjangoJSONEncoder(sort_keys=True, separators=(",", ":"))
    for e in events:
        writer.writerow([
            e.seq, e.at.astimezone(UTC).isoformat(timespec="microseconds"), e.username, e.role, e.action,
            e.object_type, e.object_id, e.person, e.prison, e.reason, encoder.encode(e.data), e.prev_hash, e.hash,
        ])
        n += 1
    return n
