"""Retention (sletting og pseudonymisering etter løslatelse).

The Personal Data Act (GDPR art. 5(1)(e)) wants identifying data kept no longer
than needed. The figures on isolation must stay: stays, status periods,
placements and isolation records are kept, while a person released more than
``RETENTION_DAYS_AFTER_RELEASE`` days ago loses what identifies them: names,
national identity number and alias are replaced by a pseudonym, and the birth
date is cut to the year (1 January), which is all the statistics use. The
earlier versions of the person record are scrubbed the same way, since they
hold the same data. Each pseudonymisation is an audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from fellesskap.audit import trail
from fellesskap.registry import versioning
from fellesskap.registry.models import Person, RecordVersion, Stay

IDENTIFYING = ("given_name", "family_name", "national_id", "alias")


@dataclass(frozen=True)
class RetentionResult:
    """What a run did (or would do): the count and the opaque ids, never names."""

    cutoff: datetime
    persons: list[str]
    applied: bool


def cutoff(now: datetime | None = None, days: int | None = None) -> datetime:
    days = settings.RETENTION_DAYS_AFTER_RELEASE if days is None else days
    return (now or timezone.now()) - timedelta(days=days)


def due(before: datetime):
    """Persons not yet pseudonymised whose last stay ended before ``before`` and
    who have no ongoing stay. Withdrawn persons and stays count too: a record
    registered in error holds personal data all the same."""
    ongoing = Stay.all_objects.filter(person=OuterRef("pk"), end__isnull=True, withdrawn_at__isnull=True)
    return (Person.all_objects.filter(pseudonymised_at__isnull=True)
            .annotate(last_end=Max("stays__end"), ongoing=Exists(ongoing))
            .filter(Q(last_end__lt=before), ongoing=False)
            .order_by("pk"))


def pseudonym(person: Person) -> str:
    """Derived from the random public id, so that it says nothing about the person."""
    return f"P-{person.public_id.hex[:10].upper()}"


def _reduced(person: Person) -> dict:
    birth = person.birth_date
    return {
        "given_name": "",
        "family_name": "",
        "national_id": None,
        "alias": pseudonym(person),
        "birth_date": date(birth.year, 1, 1) if birth else None,
    }


def pseudonymise(person: Person, *, actor=None, days: int, now: datetime | None = None) -> None:
    """Replaces the identity of one person, in the record and in its history, and audits it."""
    now = now or timezone.now()
    values = _reduced(person)
    with transaction.atomic():
        for name, value in values.items():
            setattr(person, name, value)
        person.pseudonymised_at = now
        person.save(update_fields=[*values, "pseudonymised_at"])
        for version in RecordVersion.objects.filter(record_type=versioning.record_type(person),
                                                    record_id=person.public_id):
            snap = dict(version.snapshot)
            for name, value in values.items():
                if name in snap:
                    snap[name] = value.isoformat() if isinstance(value, date) else value
            RecordVersion.objects.filter(pk=version.pk).update(snapshot=snap)
        trail.record(actor=actor, action="pseudonymise", obj=person, person=person,
                     reason=f"retention: released more than {days} days ago",
                     data={"fields": sorted(values), "days": days})


def apply(*, dry_run: bool = False, actor=None, now: datetime | None = None, days: int | None = None
          ) -> RetentionResult:
    """Pseudonymises every person due (or only lists them with ``dry_run``)."""
    days = settings.RETENTION_DAYS_AFTER_RELEASE if days is None else days
    limit = cutoff(now, days)
    persons = list(due(limit))
    if not dry_run:
        for person in persons:
            pseudonymise(person, actor=actor, days=days, now=now)
    return RetentionResult(cutoff=limit, persons=[str(p.public_id) for p in persons], applied=not dry_run)
