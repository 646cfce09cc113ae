"""Shared helpers: a fixed evaluation instant, and the stored ledger as comparable tuples."""

from __future__ import annotations

from datetime import datetime

from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.ledgerstore.rows import comparable_days, comparable_episodes


def stored() -> tuple[list, list]:
    return (comparable_days(LedgerDay.objects.order_by("person_id", "date")),
            comparable_episodes(LedgerEpisode.objects.all()))


def fix_clock(monkeypatch, at: datetime) -> None:
    """The incremental path evaluates at ``at`` instead of now, so that it can be
    compared with a rebuild at the same instant."""
    monkeypatch.setattr("fellesskap.ledgerstore.refresh.now", lambda: at)
