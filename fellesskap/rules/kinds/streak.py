"""Kind ``streak``: consecutive days satisfying ``when`` must not exceed
``max_days``; one finding per streak, on day ``max_days + 1``.

For the plain isolated-day streak (Mandela rule 44) the ledger's own
``isolated_streak`` is used, so that the finding and the ward board count the
same days; any other condition is counted here over consecutive local dates.
A streak that began before the period cannot be seen (the ledger starts at
``period.start``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from fellesskap.rules.context import Context
from fellesskap.rules.kinds.conditions import day_matches, validate_when
from fellesskap.rules.kinds.params import Param, number, validate
from fellesskap.rules.pack import Rule
from fellesskap.rules.types import Finding

SCHEMA: dict[str, Param] = {
    "max_days": Param(True, number(1), "the longest allowed streak in days"),
    "when": Param(True, validate_when, "the condition each day of the streak satisfies"),
}


def validate_parameters(params: dict[str, Any]) -> list[str]:
    problems = validate(SCHEMA, params)
    if isinstance(params.get("max_days"), float):
        problems.append("parameter 'max_days' must be a whole number")
    return problems


def evaluate(rule: Rule, ctx: Context) -> Iterator[Finding]:
    params = rule.parameters
    limit = int(params["max_days"])
    when = dict(params["when"])
    ledger_streak = when == {"isolated": True}
    for person, days in ctx.days_by_person.items():
        count = 0
        previous = None
        for day in days:
            if ledger_streak:
                count = day.isolated_streak
            elif day_matches(when, day, ctx):
                follows = previous is not None and day.date - previous == timedelta(days=1)
                count = count + 1 if follows and count > 0 else 1
            else:
                count = 0
            previous = day.date
            if count == limit + 1:
                key = "isolated_streak" if ledger_streak else "streak_days"
                yield Finding(person, rule.pack, rule.id, day.date, {key: count}, rule.pack_version)
