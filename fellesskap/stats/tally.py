"""Counting facts by grouping keys (opptelling), and the rounding of published figures.

A table is built in two steps: find the *facts* (one per counted thing — an
episode, a person at a census instant — with the placement at the table's
reference instant and the table's own attributes), then *tally* them by keys.
Separating the two is what lets the statistics app reuse a table's facts with
other keys (``region`` or ``nation`` instead of ``prison`` for the drill-down,
``sex``, ``security_level``, ``age_group``) or filter them first, without
redefining what is counted. Pure: no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fellesskap.stats.placement import Placement

# Keys a fact can be grouped by besides its own attributes (Placement fields).
PLACEMENT_KEYS: tuple[str, ...] = (
    "nation", "region", "prison", "security_level", "status", "custody_status", "sex", "age_group",
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One counted thing: where it belongs (``place``) and what it is (``attrs``, e.g. scope, band)."""

    place: Placement
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def key(self, name: str) -> Any:
        if name in self.attrs:
            return self.attrs[name]
        if name in PLACEMENT_KEYS:
            return getattr(self.place, name)
        raise KeyError(f"unknown grouping key {name!r}; known: {', '.join(PLACEMENT_KEYS + tuple(self.attrs))}")


def _sort_key(values: tuple) -> tuple:
    # None (e.g. a prison with no region) sorts last instead of breaking the comparison.
    return tuple((v is None, v) for v in values)


def tally(facts: Iterable[Fact], keys: Sequence[str],
          where: Callable[[Fact], bool] | None = None) -> list[tuple[tuple, int]]:
    """Count facts per combination of ``keys``; only counts above zero, sorted by the keys."""
    counts = Counter(tuple(f.key(k) for k in keys) for f in facts if where is None or where(f))
    return sorted(counts.items(), key=lambda item: _sort_key(item[0]))


def round_half_away(value: Decimal | float | int, places: int) -> float:
    """Round half away from zero (scenario-format.md), not Python's banker's rounding.

    Pass a Decimal built from exact integers when the value is a ratio, so that
    a true half (e.g. 0.05 h = 180 s) is not lost to binary floating point.
    """
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
