"""Kinds ``daily_minimum`` and ``daily_maximum``: a ledger field of a
person-day must reach a minimum (outdoor time, out-of-cell time, contact) or
stay within a maximum (lock-in) on every day that satisfies ``when``.

One finding per failing day, dated that day. Values are the ledger's, so the
ward board, the statistics and the rules cannot disagree (measures.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fellesskap.rules.context import Context
from fellesskap.rules.kinds.conditions import day_predicate, validate_when
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


def _evaluate(rule: Rule, ctx: Context, below: bool) -> Iterator[Finding]:
    params = rule.parameters
    field = params["field"]
    limit = params["min"] if below else params["max"]
    matches = day_predicate(params.get("when", {}), ctx)
    # locked_minutes is derived: custody minutes not out of cell (lock-in maxima).
    derived = field == "locked_minutes"
    for day in ctx.days:
        value = day.custody_minutes - day.out_of_cell_minutes if derived else getattr(day, field)
        # The limit test first: it is the cheap one, and most days pass it.
        if ((value < limit) if below else (value > limit)) and ctx.in_period(day.date) and matches(day):
            yield Finding(day.person, rule.pack, rule.id, day.date, {}, rule.pack_version)


def evaluate_minimum(rule: Rule, ctx: Context) -> Iterator[Finding]:
    return _evaluate(rule, ctx, below=True)


def evaluate_maximum(rule: Rule, ctx: Context) -> Iterator[Finding]:
    return _evaluate(rule, ctx, below=False)
