"""The ledger's output rows (measures.md, scenario-format.md "Output").

These are the only shapes that leave the ledger: the rule engine, the
statistics, the database cache and ``fellesskap evaluate`` all read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# Regimes, in the order that breaks ties when choosing an isolated day's cause.
REGIMES: tuple[str, ...] = ("security_bed", "security_cell", "full_exclusion", "partial_exclusion")

EPISODE_KINDS: tuple[str, ...] = ("full_exclusion", "partial_exclusion", "security_cell", "security_bed")


@dataclass(slots=True)
class PersonDay:
    """One person's one local day in custody (a ledger row).

    Read-only by convention, not ``frozen``: a full rebuild makes a million of
    these, and a frozen dataclass's ``__init__`` is five times slower
    (docs/performance.md). It was never hashable anyway (``states`` is a dict).
    """

    person: str
    date: date
    custody_minutes: int
    contact_minutes: int
    association_minutes: int
    outdoor_minutes: int
    out_of_cell_minutes: int
    no_contact_minutes: int
    isolated: bool
    cause: str | None
    isolated_streak: int
    states: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Episode:
    """An exclusion, security-cell or security-bed episode (measures.md "Episodes").

    ``end`` is None while the episode is ongoing at ``evaluated_at``; ``hours``
    is then counted up to ``evaluated_at``.
    """

    person: str
    kind: str
    decisions: tuple[str, ...]
    start: datetime
    end: datetime | None
    hours: float
    long: bool
    over_22h: bool | None
