"""The isolation ledger (measures.md): pure functions from records to
person-day rows and episodes. No ORM and no Django imports here."""

from fellesskap.ledger.build import Ledger, build_ledger, period_instants
from fellesskap.ledger.days import DayParams, compute_days
from fellesskap.ledger.episodes import EpisodeParams, compute_episodes, round_hours
from fellesskap.ledger.types import EPISODE_KINDS, REGIMES, Episode, PersonDay

__all__ = [
    "EPISODE_KINDS", "REGIMES", "DayParams", "Episode", "EpisodeParams", "Ledger", "PersonDay",
    "build_ledger", "compute_days", "compute_episodes", "period_instants", "round_hours",
]
