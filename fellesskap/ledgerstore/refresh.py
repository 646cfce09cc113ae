"""The incremental path: recompute the stored ledger of a few persons after a change.

A change to one person's records can only change that person's rows (the
ledger is independent per person), and only the days from the change's
earliest instant on. So for each person we recompute the days from
``since`` (the earliest start among the old and new versions of what
changed) up to today, with the per-person sweep of :mod:`fellesskap.ledger`,
and carry ``isolated_streak`` forward from the stored day before. Episodes
are recomputed whole: a decision can join or split an episode that began long
before ``since``, and a person has only a handful.

The window always reaches today because the stored "today" is evaluated at
the instant it was computed (an open record runs up to it): the last stored
day is recomputed too, so that a day computed while it was still running is
completed. Days before the window are complete and cannot change.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from fellesskap.ledger import compute_days, compute_episodes
from fellesskap.ledger.types import PersonDay
from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.ledgerstore.rows import day_row, episode_row
from fellesskap.records import bridge, states
from fellesskap.records.models import Exclusion
from fellesskap.registry.models import Person
from fellesskap.scenario import model as m

TZ = ZoneInfo(bridge.TIMEZONE)
BATCH = 2000


def now() -> datetime:
    """The instant the stored ledger is evaluated at (a function so tests can fix it)."""
    return timezone.now()


def local_date(instant: datetime) -> date:
    return instant.astimezone(TZ).date()


def history_start(person: m.Person) -> date | None:
    """The local date of the person's first day in custody."""
    return min((local_date(s.start) for s in person.stays), default=None)


def person_scenario(person: m.Person, start: date, end: date, at: datetime) -> m.Scenario:
    return m.Scenario(timezone=bridge.TIMEZONE, census_time=bridge.CENSUS_TIME, period_start=start, period_end=end,
                      evaluated_at=at, persons=(person,))


def carry_streaks(days: list[PersonDay], start: date, carry: int) -> None:
    """Add the streak of the day before ``start`` to the days that continue it.

    A day's streak computed from ``start`` equals its distance from ``start``
    + 1 exactly when every day since ``start`` was isolated, i.e. when the
    streak running into ``start`` continues up to it.
    """
    if not carry:
        return
    for day in days:
        if day.isolated_streak != (day.date - start).days + 1:
            break
        day.isolated_streak += carry


def stored_streak(person_pk: int, day: date) -> int:
    row = LedgerDay.objects.filter(person_id=person_pk, date=day).values_list("isolated_streak", flat=True).first()
    return row or 0


def _records(person: Person, since: datetime | date | None) -> m.Person:
    """The person's records with only the sessions the refresh can need: those
    ending after the window's first midnight, or after the start of the
    earliest full exclusion (whose episode's ``over_22h`` reads contacts).
    A year of sessions is most of a person's records; skipping them is what
    makes one registration cheap."""
    last_stored = LedgerDay.objects.filter(person=person).aggregate(last=Max("date"))["last"]
    if since is None or last_stored is None:
        return bridge.scenario_person(person, until=None)
    since_day = since if isinstance(since, date) and not isinstance(since, datetime) else local_date(since)
    # The day before the window too: a session ending exactly at midnight is harmless, an earlier one is not needed.
    cut = datetime.combine(min(since_day, last_stored) - timedelta(days=1), time(0), TZ)
    # One cheap query first, so that the records are usually loaded once.
    full_start = Exclusion.objects.filter(person=person, scope="full", state__in=states.COUNTED).aggregate(
        first=Min("start"))["first"]
    if full_start is not None:
        cut = min(cut, full_start)
    record = bridge.scenario_person(person, until=None, sessions_from=cut)
    # A unit lock-in is a full exclusion too (the bridge makes it one).
    full = [x.start for x in record.exclusions if x.scope == "full"]
    if full and min(full) < cut:
        record = bridge.scenario_person(person, until=None, sessions_from=min(full))
    return record


def refresh_person(person: Person, since: datetime | date | None = None, at: datetime | None = None) -> int:
    """Recompute one person's stored days from ``since`` (None: the whole
    history) and all their episodes, evaluated at ``at`` (default now).
    Returns the number of day rows written."""
    at = at or now()
    end = local_date(at) + timedelta(days=1)
    with transaction.atomic():
        record = _records(person, since)
        first = history_start(record)
        if first is None:
            LedgerDay.objects.filter(person=person).delete()
            LedgerEpisode.objects.filter(person=person).delete()
            return 0
        lo = first
        last_stored = LedgerDay.objects.filter(person=person).aggregate(last=Max("date"))["last"]
        if since is not None and last_stored is not None:
            since_day = since if isinstance(since, date) and not isinstance(since, datetime) else local_date(since)
            lo = max(first, min(since_day, last_stored))
        days = compute_days(record, person_scenario(record, lo, end, at)) if lo < end else []
        carry_streaks(days, lo, stored_streak(person.pk, lo - timedelta(days=1)) if lo > first else 0)
        LedgerDay.objects.filter(person=person, date__gte=lo).delete()
        LedgerDay.objects.filter(person=person, date__lt=first).delete()
        LedgerDay.objects.bulk_create([day_row(person.pk, d, at) for d in days], batch_size=BATCH)
        LedgerEpisode.objects.filter(person=person).delete()
        LedgerEpisode.objects.bulk_create([episode_row(person.pk, e, at) for e in compute_episodes(record, at)],
                                          batch_size=BATCH)
    return len(days)


def refresh_persons(changes: dict[int, datetime | date | None], at: datetime | None = None) -> int:
    """:func:`refresh_person` for each person pk in ``changes`` (pk → since)."""
    at = at or now()
    written = 0
    for person in Person.all_objects.filter(pk__in=list(changes)).order_by("pk"):
        written += refresh_person(person, changes[person.pk], at)
    return written
