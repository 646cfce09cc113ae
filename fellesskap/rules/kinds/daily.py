"""Kinds ``daily_minimum`` and ``daily_maximum``: a ledger field of a
person-day must reach a minimum (outdoor time, out-of-cell time, contact) or
stay within a maximum (lock-in) on every day that satisfies ``when``.

One finding per failing day, dated that day. Values are the ledger's, so the
ward board, the statistics and the rules cannot disagree (measures.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fellesskap.ledger.types import PersonDay
from fellesskap.rules.context import Context
from fellesskap.rules.kinds.conditions import day_matches, validate_when
from fellesskap.rules.kinds.params import DAY_FIELD, Param, number, validate
from fellesskap.rules.pack import Rule
from fellesskap.rules.types import Finding

MIN_SCHEMA: dict[str, Param] = {
    "field": Param(True, DAY_FIELD, "the ledger field measured"),
    "min": Param(True, number(0), "the least minutes required (value < min fires)"),
    "when": Param(False, validate_when, "conditions on the day"),
}
MAX_SCHEMA: dict[str, Param] = {
    "field": Param(True, DAY_FIELD, "the ledger field measured"),
    "max": Param(True, number(0), "the most minutes allowed (value > max fires)"),
    "when": Param(False, validate_when, "conditions on the day"),
}


def validate_minimum(params: dict[str, Any]) -> list[str]:
    return validate(MIN_SCHEMA, params)


def validate_maximum(params: dict[str, Any]) -> list[str]:
    return validate(MAX_SCHEMA, params)


def day_value(day: PersonDay, field: str) -> int:
    """A ledger field, or the derived lock-in (custody minutes not out of cell)."""
    if field == "locked_minutes":
        return day.custody_minutes - day.out_of_cell_minutes
    return int(getattr(day, field))


def _evaluate(rule: Rule, ctx: Context, below: bool) -> Iterator[Finding]:
    params = rule.parameters
    field = params["field"]
    limit = params["min"] if below else params["max"]
    when = params.get("when", {})
    for day in ctx.days:
        if not day_matches(when, day, ctx):
            continue
        value = day_value(day, field)
        if (value < limit) if below else (value > limit):
            yield Finding(day.person, rule.pack, rule.id, day.date, {}, rule.pack_version)


def evaluate_minimum(rule: Rule, ctx: Context) -> Iterator[Finding]:
    return _evaluate(rule, ctx, below=True)


def evaluate_maximum(rule: Rule, ctx: Context) -> Iterator[Finding]:
    return _evaluate(rule, ctx, below=False)
