"""Backup and restore (sikkerhetskopi): a portable dump of every app's tables.

The file is JSON Lines: a header (format, when, the migrations the schema is
at), then one line per row, model by model in dependency order (rows a foreign
key points at come first) and by primary key, then a manifest with the row
count of each model and the SHA-256 of every line before it. Instants keep
their microseconds, so that the audit trail's hashes still verify after a
restore (Django's own ``dumpdata`` rounds them to milliseconds). Foreign keys to
content types and permissions are written by their natural keys, since those
tables are rebuilt by ``migrate`` and their ids differ between databases.

Restore only goes into an empty, migrated database, and checks the checksum
and the counts before it writes anything; it runs in one transaction.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "fellesskap-backup"
VERSION = 1
# Rebuilt by migrate (and so never restored) or not worth keeping.
SKIPPED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
# A database with any of these rows is in use, even if they equal the backup's.
IN_USE = frozenset({"registry.user", "registry.person", "audit.auditevent"})


class BackupError(Exception):
    """A backup file that cannot be restored, with the reason."""


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]
    sha256: str


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model, in an order where referenced rows come first."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [m for m in ordered if m._meta.label_lower not in SKIPPED and not m._meta.proxy and m._meta.managed]


def _encode(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    raise TypeError(f"cannot write {type(value).__name__}")


def _line(data: dict) -> bytes:
    return json.dumps(data, default=_encode, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n"


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _rows(model: type[models.Model]) -> Iterator[dict]:
    queryset = model._base_manager.order_by("pk")
    yield from serializers.serialize("python", queryset.iterator(chunk_size=2000), use_natural_foreign_keys=True)


def write(path: str | Path) -> Summary:
    """Writes the backup of the whole database to ``path`` (in one read transaction,
    so that the dump is consistent while the application keeps running)."""
    digest = hashlib.sha256()
    counts: Counter[str] = Counter()
    outermost = not connection.in_atomic_block
    with open(path, "wb") as fh, transaction.atomic():
        # One snapshot for every table (only possible as the transaction's first statement).
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        header = _line({"format": FORMAT, "version": VERSION, "created_at": timezone.now(),
                        "migrations": _applied_migrations()})
        fh.write(header)
        digest.update(header)
        for model in backed_up_models():
            label = model._meta.label_lower
            counts[label] += 0
            for row in _rows(model):
                line = _line(row)
                fh.write(line)
                digest.update(line)
                counts[label] += 1
        fh.write(_line({"manifest": {"counts": dict(counts), "sha256": digest.hexdigest()}}))
    return Summary(dict(counts), digest.hexdigest())


def read(path: str | Path) -> tuple[dict, list[dict], dict]:
    """Header, rows and manifest of a backup file, after checking its checksum and counts."""
    digest = hashlib.sha256()
    try:
        lines = Path(path).read_bytes().splitlines(keepends=True)
    except OSError as exc:
        raise BackupError(f"file: cannot read it ({exc.strerror})") from None
    if len(lines) < 2:
        raise BackupError("file: not a fellesskap backup (too short)")
    try:
        header = json.loads(lines[0])
        manifest = json.loads(lines[-1]).get("manifest")
    except (ValueError, AttributeError):
        raise BackupError("file: not a fellesskap backup (not JSON lines)") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != VERSION:
        raise BackupError(f"header: not a {FORMAT} version {VERSION} file")
    if not isinstance(manifest, dict):
        raise BackupError("manifest: missing; the file is cut short")
    for line in lines[:-1]:
        digest.update(line)
    if digest.hexdigest() != manifest.get("sha256"):
        raise BackupError("manifest: the checksum does not match; the file was changed or damaged")
    rows = [json.loads(line) for line in lines[1:-1]]
    counts = Counter(row["model"] for row in rows)
    expected = {label: n for label, n in manifest.get("counts", {}).items() if n}
    if dict(counts) != expected:
        raise BackupError("manifest: the row counts do not match the rows")
    return header, rows, manifest


def _genesis_tip(row: dict) -> bool:
    """The audit chain's tip as migration audit.0002 leaves a new database (no
    event yet): it is empty, and the backup's tip takes its place."""
    return row["model"] == "audit.chaintip" and row["fields"].get("seq") == 0


def _existing_rows_differ(model: type[models.Model], rows: list[dict]) -> bool:
    """True if the table holds rows that are not exactly rows of the backup.
    Rows put there by migrations (the five regions, the same in both; the
    chain's genesis tip) do not make a freshly migrated database non-empty."""
    existing = [r for r in serializers.serialize("python", model._base_manager.order_by("pk"),
                                                 use_natural_foreign_keys=True) if not _genesis_tip(r)]
    if not existing:
        return False
    wanted = {json.dumps(r, default=_encode, sort_keys=True) for r in rows}
    return any(json.dumps(r, default=_encode, sort_keys=True) not in wanted for r in existing)


def restore(path: str | Path) -> Summary:
    """Restores a backup into this (migrated, empty) database, all or nothing."""
    header, rows, manifest = read(path)
    applied = _applied_migrations()
    missing = [f"{app}.{name}" for app, names in header["migrations"].items() for name in names
               if name not in applied.get(app, [])]
    if missing:
        raise BackupError(f"migrations: the database lacks {', '.join(missing[:5])}; run migrate first")
    by_model: dict[str, list[dict]] = {}
    for row in rows:
        by_model.setdefault(row["model"], []).append(row)
    known = {m._meta.label_lower: m for m in backed_up_models()}
    unknown = sorted(set(by_model) - set(known))
    if unknown:
        raise BackupError(f"model: {', '.join(unknown)} is not in this version of fellesskap")
    with transaction.atomic():
        busy = [label for label, model in known.items()
                if (label in IN_USE and model._base_manager.exists())
                or _existing_rows_differ(model, by_model.get(label, []))]
        if busy:
            raise BackupError(f"database: not empty ({', '.join(busy[:5])} hold rows); restore only into an "
                              "empty, migrated database")
        with connection.constraint_checks_disabled():
            for obj in serializers.deserialize("python", rows, handle_forward_references=True):
                obj.save()
        connection.check_constraints(table_names=[m._meta.db_table for m in known.values()])
        statements = connection.ops.sequence_reset_sql(no_style(), list(known.values()))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
    return Summary({label: len(r) for label, r in by_model.items()}, manifest["sha256"])
