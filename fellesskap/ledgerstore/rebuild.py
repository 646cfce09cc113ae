"""``fellesskap ledger rebuild``: the stored ledger recomputed from the records.

The same rows as the incremental path (:mod:`.refresh`), computed with
``build_ledger``'s columnar path over many persons at once. Persons are taken
in chunks so that memory stays bounded whatever the size of the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction

from fellesskap.ledger import build_ledger, compute_episodes
from fellesskap.ledgerstore import load
from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.ledgerstore.refresh import (
    BATCH,
    TZ,
    carry_streaks,
    history_start,
    local_date,
    now,
    stored_streak,
)
from fellesskap.ledgerstore.rows import day_row, episode_row
from fellesskap.records import bridge
from fellesskap.registry.models import Person
from fellesskap.scenario import model as m

CHUNK = 300


@dataclass(frozen=True)
class Rebuilt:
    persons: int
    days: int
    episodes: int


def persons_to_rebuild(prison: str | None = None, date_from: date | None = None, date_to: date | None = None):
    """Persons with a stay (in ``prison``, overlapping ``[date_from, date_to)`` if given)."""
    if date_from is None and date_to is None:
        qs = Person.all_objects.filter(stays__isnull=False)
        if prison:
            qs = qs.filter(stays__prison__code=prison)
        return qs.distinct().order_by("pk")
    lo = datetime.combine(date_from or date(1900, 1, 1), time(0), TZ)
    hi = datetime.combine(date_to or date(9999, 1, 1), time(0), TZ)
    return bridge.persons_held(lo, hi, prison).order_by("pk")


def rebuild(prison: str | None = None, date_from: date | None = None, date_to: date | None = None,
            at: datetime | None = None) -> Rebuilt:
    """Recompute the stored rows: every day of each person's history, or only
    the days in ``[date_from, date_to)`` (then the streak is carried in from the
    day before and carried on after the window until it stops changing).
    Episodes of every person touched are recomputed whole."""
    at = at or now()
    persons = list(persons_to_rebuild(prison, date_from, date_to))
    if date_from is None and date_to is None:
        pairs = [(p.pk, p.public_id) for p in persons]
        days_written = episodes_written = 0
        for i in range(0, len(pairs), CHUNK):
            d, e = rebuild_chunk(pairs[i:i + CHUNK], at)
            days_written += d
            episodes_written += e
        return Rebuilt(len(persons), days_written, episodes_written)
    return _rebuild_window(persons, date_from, date_to, at)


def chunk_ledger(pairs: list[tuple[int, object]], at: datetime):
    """The whole-history ledger of a chunk of persons (pk, public id), computed
    on columns: stays and decisions from :func:`load.decision_persons`, the
    sessions straight into a :class:`SessionFrame` (no model instance, no
    ``datetime`` per session). Returns (ledger, pk by public id) or None."""
    records = load.decision_persons(pairs)
    starts = [f for f in (history_start(r) for r in records) if f is not None]
    if not starts:
        return None
    lo, hi = min(starts), local_date(at) + timedelta(days=1)
    frame = load.session_frame([pk for pk, _ in pairs], at)
    scenario = m.Scenario(timezone=bridge.TIMEZONE, census_time=bridge.CENSUS_TIME, period_start=lo,
                          period_end=max(lo, hi), evaluated_at=at, persons=tuple(records))
    return build_ledger(scenario, sessions=frame), {r.id: pk for r, (pk, _) in zip(records, pairs, strict=True)}


def rebuild_chunk(pairs: list[tuple[int, object]], at: datetime) -> tuple[int, int]:
    """Replace the stored rows of a chunk of persons by a fresh columnar computation;
    returns (days, episodes) written."""
    built = chunk_ledger(pairs, at)
    pks = [pk for pk, _ in pairs]
    with transaction.atomic():
        LedgerDay.objects.filter(person_id__in=pks).delete()
        LedgerEpisode.objects.filter(person_id__in=pks).delete()
        if built is None:
            return 0, 0
        ledger, pk_of = built
        LedgerDay.objects.bulk_create((day_row(pk_of[d.person], d, at) for d in ledger.days), batch_size=BATCH)
        LedgerEpisode.objects.bulk_create([episode_row(pk_of[e.person], e, at) for e in ledger.episodes],
                                          batch_size=BATCH)
    return len(ledger.days), len(ledger.episodes)


def _rebuild_window(persons: list[Person], date_from: date | None, date_to: date | None, at: datetime) -> Rebuilt:
    """A rebuild of the days ``[date_from, date_to)`` only (rare: a repair).
    Goes through the records bridge, as episodes are recomputed whole."""
    end = local_date(at) + timedelta(days=1)
    days_written = episodes_written = 0
    for i in range(0, len(persons), CHUNK):
        chunk = persons[i:i + CHUNK]
        records = bridge.scenario_persons(chunk, until=None)
        pk_of = {str(p.public_id): p.pk for p in chunk}
        firsts = {r.id: history_start(r) for r in records}
        starts = [f for f in firsts.values() if f is not None]
        if not starts:
            continue
        lo = max(min(starts), date_from) if date_from else min(starts)
        hi = min(end, date_to) if date_to else end
        scenario = m.Scenario(timezone=bridge.TIMEZONE, census_time=bridge.CENSUS_TIME, period_start=lo,
                              period_end=max(lo, hi), evaluated_at=at, persons=tuple(records))
        ledger = build_ledger(scenario)
        by_person: dict[str, list] = {}
        for d in ledger.days:
            by_person.setdefault(d.person, []).append(d)
        with transaction.atomic():
            pks = list(pk_of.values())
            carries = {r.id: stored_streak(pk_of[r.id], lo - timedelta(days=1)) for r in records}
            LedgerDay.objects.filter(person_id__in=pks, date__gte=lo, date__lt=hi).delete()
            rows = []
            for r in records:
                days = by_person.get(r.id, [])
                carry_streaks(days, lo, carries.get(r.id, 0))
                rows.extend(day_row(pk_of[r.id], d, at) for d in days)
            LedgerDay.objects.bulk_create(rows, batch_size=BATCH)
            days_written += len(rows)
            for r in records:
                carry_on(pk_of[r.id], hi - timedelta(days=1))
            LedgerEpisode.objects.filter(person_id__in=pks).delete()
            episodes = [episode_row(pk_of[r.id], e, at) for r in records for e in compute_episodes(r, at)]
            LedgerEpisode.objects.bulk_create(episodes, batch_size=BATCH)
            episodes_written += len(episodes)
    return Rebuilt(len(persons), days_written, episodes_written)


def carry_on(person_pk: int, after: date) -> int:
    """Update the streaks of the stored days after ``after`` until they stop
    changing (a later day's streak depends only on the run of isolated days
    before it). Returns how many rows changed."""
    prev_date, prev = after, stored_streak(person_pk, after)
    changed = 0
    for row in LedgerDay.objects.filter(person_id=person_pk, date__gt=after).order_by("date").iterator():
        expected = (prev + 1 if row.date == prev_date + timedelta(days=1) else 1) if row.isolated else 0
        if expected == row.isolated_streak:
            break
        row.isolated_streak = expected
        row.save(update_fields=["isolated_streak"])
        changed += 1
        prev_date, prev = row.date, expected
    return changed
