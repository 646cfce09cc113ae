"""The whole ledger of a scenario: person-days of the period and the episodes that overlap it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fellesskap.ledger.days import DEFAULT_DAY_PARAMS, DayParams, days_from_intervals, person_intervals
from fellesskap.ledger.episodes import (
    DEFAULT_EPISODE_PARAMS,
    DEFAULT_MERGE_GAP,
    EpisodeParams,
    compute_episodes,
    overlaps,
)
from fellesskap.ledger.intervals import day_bounds, to_seconds
from fellesskap.ledger.types import EPISODE_KINDS, Episode, PersonDay
from fellesskap.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class Ledger:
    """The ledger of one scenario (measures.md).

    ``days``: every person-day of the period with custody > 0, ordered by
    person then date. ``episodes``: every episode overlapping the period,
    ordered by person, start, kind. Persons are ordered by id so that the same
    records give the same ledger whatever order they came in.
    """

    days: list[PersonDay] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)


def period_instants(scenario: Scenario) -> tuple[datetime, datetime]:
    """The period as UTC instants: local midnight of the first day to local midnight after the last."""
    tz = ZoneInfo(scenario.timezone)
    lo = datetime.combine(scenario.period_start, time(0), tzinfo=tz).astimezone(UTC)
    hi = datetime.combine(scenario.period_end, time(0), tzinfo=tz).astimezone(UTC)
    return lo, hi


def build_ledger(scenario: Scenario, *, merge_gap: timedelta = DEFAULT_MERGE_GAP,
                 day_params: DayParams = DEFAULT_DAY_PARAMS,
                 episode_params: EpisodeParams = DEFAULT_EPISODE_PARAMS) -> Ledger:
    """Days and episodes of every person, each person's records swept once."""
    tz = ZoneInfo(scenario.timezone)
    bounds = day_bounds(scenario.period_start, scenario.period_end, tz)
    at = to_seconds(scenario.evaluated_at)
    lo, hi = period_instants(scenario)
    days: list[PersonDay] = []
    episodes: list[Episode] = []
    for person in sorted(scenario.persons, key=lambda p: p.id):
        pi = person_intervals(person, at)
        days.extend(days_from_intervals(person, scenario, bounds, at, pi, day_params))
        eps = compute_episodes(person, scenario.evaluated_at, merge_gap=merge_gap,
                               params=episode_params, intervals=pi)
        episodes.extend(e for e in eps if overlaps(e, lo, hi, scenario.evaluated_at))
    episodes.sort(key=lambda e: (e.person, e.start, EPISODE_KINDS.index(e.kind), e.decisions))
    return Ledger(days=days, episodes=episodes)
