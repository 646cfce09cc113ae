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

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fellesskap.ledger import compute_days, compute_episodes
from fellesskap.ledger.episodes import DEFAULT_MERGE_GAP
from fellesskap.ledger.types import PersonDay
from fellesskap.ledgerstore import load
from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.ledgerstore.rows import day_row, episode_row
from fellesskap.records import bridge
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


def _kept_episodes(person_pk: int, cut: datetime, merge_gap: timedelta) -> tuple[list[int], set[str]]:
    """The stored episodes that a change from ``cut`` on cannot touch: ended more
    than ``merge_gap`` before it (a decision starting at ``cut`` or later can
    neither join them nor add time to them, and their contacts are older).
    Returns their row ids and the decisions they hold. An episode sharing a
    decision with one that is recomputed (a security bed is in a bed and a cell
    episode) is recomputed too."""
    rows = list(LedgerEpisode.objects.filter(person_id=person_pk).values_list("pk", "end", "decisions"))
    limit = cut - merge_gap
    kept = {pk: set(ds) for pk, end, ds in rows if end is not None and end < limit}
    redo = set().union(*(set(ds) for pk, _e, ds in rows if pk not in kept)) if len(kept) < len(rows) else set()
    changed = True
    while changed:
        changed = False
        for pk in [pk for pk, ds in kept.items() if ds & redo]:
            redo |= kept.pop(pk)
            changed = True
    return list(kept), set().union(*kept.values()) if kept else set()


def _ledger_record(person: Person, since: datetime | date | None, last_stored: date | None
                   ) -> tuple[m.Person, list[int]]:
    """The person's records as the refresh needs them, with the ids of the stored
    episodes to keep (see :func:`_kept_episodes`).

    Read by the ledger's own loader (:mod:`.load`): stays and decisions, and only
    the sessions ending after the window's first midnight (or after the start
    of the earliest full exclusion still recomputed, whose episode's
    ``over_22h`` reads contacts). Never reviews, supervisions, week plans or
    incidents: the ledger does not read them. A year of sessions is most of a
    person's records; skipping them is what makes one registration cheap."""
    record = load.decision_persons([(person.pk, person.public_id)])[0]
    if since is None or last_stored is None:
        return load.with_sessions(record, person.pk, None), []
    since_day = since if isinstance(since, date) and not isinstance(since, datetime) else local_date(since)
    # The day before the window too: a session ending exactly at midnight is harmless, an earlier one is not needed.
    cut = datetime.combine(min(since_day, last_stored) - timedelta(days=1), time(0), TZ)
    kept, decisions = _kept_episodes(person.pk, cut, DEFAULT_MERGE_GAP)
    if decisions:
        # The kept episodes' decisions end before the window: they give no day a state.
        record = dataclasses.replace(
            record, exclusions=tuple(x for x in record.exclusions if x.id not in decisions),
            coercive_means=tuple(c for c in record.coercive_means if c.id not in decisions))
    full = [x.start for x in record.exclusions if x.scope == "full"]
    sessions_from = min([cut, *full])
    return load.with_sessions(record, person.pk, sessions_from), kept


def refresh_person(person: Person, since: datetime | date | None = None, at: datetime | None = None) -> int:
    """Recompute one person's stored days from ``since`` (None: the whole
    history) and their episodes, evaluated at ``at`` (default now).
    Returns the number of day rows written."""
    at = at or now()
    end = local_date(at) + timedelta(days=1)
    with transaction.atomic():
        last_stored = LedgerDay.objects.filter(person=person).aggregate(last=Max("date"))["last"]
        record, kept = _ledger_record(person, since, last_stored)
        first = history_start(record)
        if first is None:
            LedgerDay.objects.filter(person=person).delete()
            LedgerEpisode.objects.filter(person=person).delete()
            return 0
        lo = first
        if since is not None and last_stored is not None:
            since_day = since if isinstance(since, date) and not isinstance(since, datetime) else local_date(since)
            lo = max(first, min(since_day, last_stored))
        days = compute_days(record, person_scenario(record, lo, end, at)) if lo < end else []
        carry_streaks(days, lo, stored_streak(person.pk, lo - timedelta(days=1)) if lo > first else 0)
        LedgerDay.objects.filter(person=person, date__gte=lo).delete()
        LedgerDay.objects.filter(person=person, date__lt=first).delete()
        LedgerDay.objects.bulk_create([day_row(person.pk, d, at) for d in days], batch_size=BATCH)
        LedgerEpisode.objects.filter(person=person).exclude(pk__in=kept).delete()
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
