"""Between the pure ledger's rows and the stored rows: one function each way,
so that what is written is exactly what is read back."""

from __future__ import annotations

from datetime import UTC, datetime

from fellesskap.ledger.types import Episode, PersonDay
from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode

MINUTE_FIELDS = ("custody_minutes", "contact_minutes", "association_minutes", "outdoor_minutes",
                 "out_of_cell_minutes", "no_contact_minutes")
DAY_FIELDS = (*MINUTE_FIELDS, "isolated", "cause", "isolated_streak")


def day_row(person_pk: int, day: PersonDay, computed_at: datetime) -> LedgerDay:
    # No cause is stored as "" (Django's convention for text columns), read back as None.
    return LedgerDay(person_id=person_pk, date=day.date, states=dict(day.states or {}), computed_at=computed_at,
                     isolated=day.isolated, cause=day.cause or "", isolated_streak=day.isolated_streak,
                     **{f: getattr(day, f) for f in MINUTE_FIELDS})


def person_day(row: LedgerDay, person_id: str) -> PersonDay:
    return PersonDay(person_id, row.date, *(getattr(row, f) for f in MINUTE_FIELDS), row.isolated,
                     row.cause or None, row.isolated_streak, states=dict(row.states))


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def episode_row(person_pk: int, episode: Episode, computed_at: datetime) -> LedgerEpisode:
    return LedgerEpisode(person_id=person_pk, kind=episode.kind, decisions=list(episode.decisions),
                         start=episode.start, end=episode.end, hours=episode.hours, long=episode.long,
                         over_22h=episode.over_22h, computed_at=computed_at)


def episode(row: LedgerEpisode, person_id: str) -> Episode:
    return Episode(person_id, row.kind, tuple(row.decisions), _utc(row.start), _utc(row.end), row.hours, row.long,
                   row.over_22h)


def comparable_days(rows) -> list[tuple]:
    """Stored day rows as plain tuples (without ``computed_at``), for comparing two ledgers."""
    return [(r.person_id, r.date, *(getattr(r, f) for f in DAY_FIELDS), r.states) for r in rows]


def comparable_episodes(rows) -> list[tuple]:
    return sorted((r.person_id, r.kind, tuple(r.decisions), r.start, r.end, r.hours, r.long, r.over_22h)
                  for r in rows)
