"""Subject access (innsyn, GDPR art. 15): everything fellesskap holds about one person.

:func:`collect` gathers the person record, every row of every app that points
at the person or at one of their stays (found from the foreign keys, so the
records app's tables are included as soon as they exist), every version of
each of those records, and every audit event about the person. :func:`to_json`
and :func:`to_pdf` turn it into the two forms the person may ask for.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.registry.models import Person, RecordVersion

FORMAT = "fellesskap-subject-access"
STYLESHEET = Path(__file__).resolve().parent / "pdf" / "subject_access.css"


def _row(obj: models.Model) -> dict:
    """Every concrete field, foreign keys as their ids; JSON-ready."""
    values = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    for field in obj._meta.many_to_many:
        values[field.name] = [o.pk for o in getattr(obj, field.name).all()]
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _pointing_at(model: type[models.Model]):
    """(model, field) for every foreign key in any app that points at ``model``."""
    for other in apps.get_models():
        for field in other._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is model:
                yield other, field


def _related(root: models.Model) -> dict[str, list[models.Model]]:
    """Rows that belong to the person, breadth first through the foreign keys
    (person → stays → placements, status periods, isolation records …).
    Withdrawn rows are included: they are data about the person too."""
    found: dict[str, dict[int, models.Model]] = {}
    queue = [root]
    while queue:
        obj = queue.pop(0)
        for model, field in _pointing_at(type(obj)):
            if model is AuditEvent:
                continue
            for row in model._base_manager.filter(**{field.name: obj}).order_by("pk"):
                bucket = found.setdefault(model._meta.label_lower, {})
                if row.pk not in bucket and row != root:
                    bucket[row.pk] = row
                    queue.append(row)
    return {label: list(rows.values()) for label, rows in sorted(found.items())}


def collect(person: Person) -> dict:
    """Everything about ``person`` as one JSON-ready document (read afresh
    from the database, not from the caller's possibly stale instance)."""
    person = Person.all_objects.get(pk=person.pk)
    related = _related(person)
    versioned = [person] + [row for rows in related.values() for row in rows if hasattr(row, "public_id")]
    versions = RecordVersion.objects.filter(
        record_id__in=[row.public_id for row in versioned]).order_by("record_type", "record_id", "version")
    events = AuditEvent.objects.filter(person=str(person.public_id)).order_by("seq")
    return {
        "format": FORMAT,
        "version": 1,
        "generated_at": timezone.now().isoformat(),
        "person": _row(person),
        "records": {label: [_row(r) for r in rows] for label, rows in related.items()},
        "versions": [_row(v) for v in versions],
        "audit_events": [_row(e) for e in events],
    }


def to_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode()


def _facts(rows: list[dict]) -> list[list[tuple[str, str]]]:
    """Each row as (field, value) pairs: records have too many fields for a
    table across the page, so each is printed as its own short list."""
    return [[(key, _cell(value)) for key, value in sorted(row.items())] for row in rows]


EVENT_COLUMNS = ("seq", "at", "username", "role", "action", "object_type", "object_id", "prison", "reason", "data")


def _cell(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def to_pdf(document: dict) -> bytes:
    """A readable PDF of the same document (WeasyPrint, from an HTML template)."""
    from weasyprint import CSS, HTML

    person = document["person"]
    context = {
        "doc": document,
        "person_fields": [(k, _cell(v)) for k, v in sorted(person.items())],
        "records": [(label, _facts(rows)) for label, rows in document["records"].items()],
        "versions": _facts(document["versions"]),
        "event_columns": EVENT_COLUMNS,
        "events": [[_cell(e.get(c)) for c in EVENT_COLUMNS] for e in document["audit_events"]],
        "generated_at": datetime.fromisoformat(document["generated_at"]),
    }
    html = render_to_string("security/subject_access.html", context)
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])


def export(person: Person, fmt: str, *, actor=None, request=None) -> bytes:
    """The export in ``fmt`` ("json" or "pdf"), recorded in the audit trail."""
    if fmt not in ("json", "pdf"):
        raise ValueError(f"format: must be json or pdf, not {fmt!r}")
    document = collect(person)
    data = to_json(document) if fmt == "json" else to_pdf(document)
    trail.record(actor=actor, action=AuditEvent.Action.EXPORT, obj=person, person=person, request=request,
                 data={"kind": "subject_access", "format": fmt})
    return data
