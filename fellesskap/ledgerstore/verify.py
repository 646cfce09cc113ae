"""Does the stored ledger equal a rebuild? Checked without changing anything.

After a load test (or at any time) the rows the registrations left must be
exactly the rows ``fellesskap ledger rebuild`` would write. A rebuild for the
whole service evaluates every person at one instant, but each person's stored
rows were evaluated when that person last changed (an open stay or record runs
up to that instant). So each person is rebuilt at the latest ``computed_at`` of
their own rows, in a savepoint that is rolled back, and the rows are compared
as read back from the database (without ``computed_at``). Days computed earlier
than that instant are whole days that ended before it, so they must agree too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max, Q

from fellesskap.ledger import build_ledger
from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.ledgerstore.refresh import BATCH, carry_streaks, history_start, local_date, person_scenario
from fellesskap.ledgerstore.rows import comparable_days, comparable_episodes, day_row, episode_row
from fellesskap.records import bridge
from fellesskap.registry.models import Person


@dataclass(frozen=True)
class Difference:
    """A person whose stored rows differ from a rebuild (opaque id only)."""

    person: str
    days_stored: int
    days_rebuilt: int
    first_date: str | None  # the first day that differs, if a day differs
    episodes_differ: bool


class _Rollback(Exception):
    pass


def _stored(pk: int) -> tuple[list, list]:
    return (comparable_days(LedgerDay.objects.filter(person_id=pk).order_by("date")),
            comparable_episodes(LedgerEpisode.objects.filter(person_id=pk)))


def _rebuilt(person: Person, at) -> tuple[list, list]:
    """The person's rows as a rebuild at ``at`` writes them, read back; nothing is kept."""
    result: tuple[list, list] = ([], [])
    try:
        with transaction.atomic():
            LedgerDay.objects.filter(person_id=person.pk).delete()
            LedgerEpisode.objects.filter(person_id=person.pk).delete()
            (record,) = bridge.scenario_persons([person], until=None)
            first = history_start(record)
            if first is not None:
                ledger = build_ledger(person_scenario(record, first, local_date(at) + timedelta(days=1), at))
                days = list(ledger.days)
                carry_streaks(days, first, 0)
                LedgerDay.objects.bulk_create([day_row(person.pk, d, at) for d in days], batch_size=BATCH)
                LedgerEpisode.objects.bulk_create([episode_row(person.pk, e, at) for e in ledger.episodes],
                                                  batch_size=BATCH)
            result = _stored(person.pk)
            raise _Rollback
    except _Rollback:
        pass
    return result


def _first_difference(stored: list, rebuilt: list) -> str | None:
    by_date = {row[1]: row for row in rebuilt}
    for row in stored:
        if by_date.get(row[1]) != row:
            return row[1].isoformat()
    missing = sorted(set(by_date) - {row[1] for row in stored})
    return missing[0].isoformat() if missing else None


def differences(person_ids=None) -> list[Difference]:
    """Persons (all with stored rows or a stay, or those pks) whose stored ledger differs from a rebuild."""
    latest = dict(LedgerDay.objects.values_list("person_id").annotate(at=Max("computed_at")))
    for pk, at in LedgerEpisode.objects.values_list("person_id").annotate(at=Max("computed_at")):
        latest[pk] = max(at, latest.get(pk, at))
    held = Person.all_objects.filter(stays__isnull=False).values("pk")
    persons = Person.all_objects.filter(Q(pk__in=held) | Q(pk__in=list(latest)))
    if person_ids is not None:
        persons = persons.filter(pk__in=list(person_ids))
    found = []
    for person in persons.order_by("pk"):
        at = latest.get(person.pk)
        stored = _stored(person.pk)
        if at is None:  # never stored although held: a refresh that did not happen
            found.append(Difference(str(person.public_id), 0, -1, None, True))
            continue
        rebuilt = _rebuilt(person, at)
        if stored != rebuilt:
            found.append(Difference(str(person.public_id), len(stored[0]), len(rebuilt[0]),
                                    _first_difference(stored[0], rebuilt[0]), stored[1] != rebuilt[1]))
    return found
