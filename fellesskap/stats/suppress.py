"""Small-number suppression (prikking) of public tables (measures.md "Small numbers").

A prison holds few people; a public count of 1, 2 or 3 persons isolated in one
prison on one day can identify them. Public tables at prison level therefore
show any count from 1 to ``suppress_max`` (default 3) as "≤ 3" and mark the
cell. National totals are never suppressed: they identify no one, and the
published national series must add up. Internal screens show the real
numbers, so suppression is applied only when a public edition is produced,
never stored in place of the real count. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

DEFAULT_SUPPRESS_MAX = 3
# Levels of a table's geography: only prison rows are suppressed (measures.md).
LEVELS = ("prison", "region", "nation")
SUPPRESSED_LEVELS = frozenset({"prison"})


def suppressed_label(suppress_max: int = DEFAULT_SUPPRESS_MAX) -> str:
    """What a reader sees in a suppressed cell: "≤ 3" for the default."""
    return f"≤ {suppress_max}"


@dataclass(frozen=True, slots=True)
class PublicCount:
    """One count as published: ``value`` is None when suppressed; ``label`` is what is shown."""

    value: int | None
    suppressed: bool
    label: str


def _check(level: str, suppress_max: int) -> None:
    if level not in LEVELS:
        raise ValueError(f"level: unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    if isinstance(suppress_max, bool) or not isinstance(suppress_max, int) or suppress_max < 0:
        raise ValueError(f"suppress_max: must be a whole number ≥ 0, got {suppress_max!r}")


def public_count(count: int, *, level: str, suppress_max: int = DEFAULT_SUPPRESS_MAX) -> PublicCount:
    """A count as a public table at ``level`` shows it.

    Zero is shown as is: it says that nobody was counted, which identifies no one.
    """
    _check(level, suppress_max)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"count: must be a whole number ≥ 0, got {count!r}")
    if level in SUPPRESSED_LEVELS and 1 <= count <= suppress_max:
        return PublicCount(value=None, suppressed=True, label=suppressed_label(suppress_max))
    return PublicCount(value=count, suppressed=False, label=str(count))


def suppress_rows(rows: Iterable[Mapping[str, Any]], *, level: str, fields: Sequence[str] = ("count",),
                  suppress_max: int = DEFAULT_SUPPRESS_MAX) -> list[dict[str, Any]]:
    """Public copies of a table's rows (as from ``rows_to_dicts``).

    Each count field keeps its name with the published value (None when
    suppressed), ``<field>_label`` carries what is shown, and ``suppressed``
    marks a row with any suppressed cell. The input rows are not changed.
    """
    _check(level, suppress_max)
    out = []
    for i, row in enumerate(rows):
        public = dict(row)
        marked = False
        for name in fields:
            if name not in row:
                raise ValueError(f"rows[{i}].{name}: no such count field in the row")
            cell = public_count(row[name], level=level, suppress_max=suppress_max)
            public[name] = cell.value
            public[f"{name}_label"] = cell.label
            marked = marked or cell.suppressed
        public["suppressed"] = marked
        out.append(public)
    return out
