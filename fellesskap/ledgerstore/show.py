"""The stored ledger of a period in ``fellesskap evaluate``'s output format.

Days and episodes are read from the stored rows, not recomputed; findings and
deadlines come from the rule engine over those rows and the persons' records.
The persons are those held in the period (in one prison if given), exactly
as ``fellesskap scenario export`` chooses them, so that ``ledger show`` and
``evaluate`` on the export can be compared.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Max
from django.utils import timezone

from fellesskap.ledger import EPISODE_KINDS, Ledger
from fellesskap.ledger.episodes import overlaps
from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.ledgerstore.refresh import TZ
from fellesskap.ledgerstore.rows import episode, person_day
from fellesskap.records import bridge
from fellesskap.scenario.cli import run_rules
from fellesskap.scenario.serialize import output_document


def recount_streaks(days: list, start: date) -> None:
    """Streaks counted from the period's first day (measures.md), as
    ``evaluate`` counts them: the stored streak counts from the first day in
    custody, so a run that began before the period is cut at its start."""
    for day in days:
        day.isolated_streak = min(day.isolated_streak, (day.date - start).days + 1)


def stored_document(date_from: date, date_to: date, prison: str | None = None,
                    packs: list[str] | None = None) -> dict[str, Any]:
    """The evaluate output document of the stored ledger for ``[date_from, date_to)``.

    ``evaluated_at`` is the latest instant any of these rows was computed at
    (the stored ledger's "as of").
    """
    lo = datetime.combine(date_from, time(0), TZ)
    hi = datetime.combine(date_to, time(0), TZ)
    persons = list(bridge.persons_held(lo, hi, prison))
    public = {p.pk: str(p.public_id) for p in persons}
    day_rows = LedgerDay.objects.filter(person_id__in=public, date__gte=date_from, date__lt=date_to)
    episode_rows = LedgerEpisode.objects.filter(person_id__in=public)
    at = max((x for x in (day_rows.aggregate(at=Max("computed_at"))["at"],
                          episode_rows.aggregate(at=Max("computed_at"))["at"]) if x is not None),
             default=timezone.now())
    days = [person_day(r, public[r.person_id]) for r in day_rows]
    days.sort(key=lambda d: (d.person, d.date))
    recount_streaks(days, date_from)
    episodes = [e for e in (episode(r, public[r.person_id]) for r in episode_rows) if overlaps(e, lo, hi, at)]
    episodes.sort(key=lambda e: (e.person, e.start, EPISODE_KINDS.index(e.kind), e.decisions))
    scenario = bridge.scenario_for(persons, date_from, date_to, at)
    findings, deadlines = run_rules(scenario, Ledger(days=days, episodes=episodes), packs)
    findings = [f for f in findings if date_from <= f.date < date_to]
    return output_document(days, episodes, findings, deadlines, TZ)
