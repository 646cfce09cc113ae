"""Kind ``notify_on``: an event requires a notification (to KDI, to the
supervisory board).

Scenarios record the incident, not the notification, so the finding is a
prompt dated on the incident's local date: "this must be (or have been)
notified". With ``min_count > 1`` only repeated incidents count: it fires on
each incident that makes at least ``min_count`` matching incidents within the
trailing ``within_days``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from fellesskap.rules.context import Context
from fellesskap.rules.kinds.params import INCIDENT_KIND_LIST, Param, boolean, number, validate
from fellesskap.rules.pack import Rule
from fellesskap.rules.types import Finding

SCHEMA: dict[str, Param] = {
    "incidents": Param(True, INCIDENT_KIND_LIST, "incident kinds that require a notification"),
    "serious_only": Param(False, boolean, "only incidents marked serious"),
    "min_count": Param(False, number(1), "how many incidents make it 'repeated'"),
    "within_days": Param(False, number(0, strict=True), "the window for min_count"),
}


def validate_parameters(params: dict[str, Any]) -> list[str]:
    problems = validate(SCHEMA, params)
    if params.get("min_count", 1) > 1 and "within_days" not in params:
        problems.append("parameter 'within_days' is required when min_count > 1")
    return problems


def evaluate(rule: Rule, ctx: Context) -> Iterator[Finding]:
    params = rule.parameters
    kinds = set(params["incidents"])
    need = int(params.get("min_count", 1))
    window = timedelta(days=params.get("within_days", 0))
    for person in ctx.scenario.persons:
        events = sorted(
            (i for i in person.incidents
             if i.kind in kinds and i.at < ctx.evaluated_at and (i.serious or not params.get("serious_only"))),
            key=lambda i: i.at,
        )
        for n, event in enumerate(events):
            count = 1 if need == 1 else sum(1 for e in events[: n + 1] if event.at - e.at < window)
            if count >= need:
                evidence = {"incident": event.kind} if need == 1 else {"incident": event.kind, "count": count}
                yield Finding(person.id, rule.pack, rule.id, ctx.local_date(event.at), evidence, rule.pack_version)
