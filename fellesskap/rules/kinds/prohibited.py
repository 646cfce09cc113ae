"""Kind ``prohibited_when``: a regime must not apply to a person with a flag
(a child, a pregnant woman, a person with a mental illness or a disability).

``on = "isolated_streak"`` fires once per isolated streak, on its first day,
when the person has one of ``flags_any`` that day (``minor`` derived from the
birth date on that local date). ``on = "episode"`` fires once per matching
episode, on the local date its first matching decision starts. Firing on the
flag alone is a prompt to check, not proof that the rule was broken
(Mandela rule 45 speaks of conditions that would be exacerbated).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fellesskap.rules.context import Context
from fellesskap.rules.kinds.conditions import episode_matches, person_has
from fellesskap.rules.kinds.params import (
    EPISODE_KIND_LIST,
    FLAG_LIST,
    GROUND_LIST,
    Param,
    one_of,
    validate,
)
from fellesskap.rules.pack import Rule
from fellesskap.rules.types import Finding

SCHEMA: dict[str, Param] = {
    "on": Param(True, one_of(("isolated_streak", "episode")), "what the prohibition is about"),
    "flags_any": Param(True, FLAG_LIST, "the flags (or minor) that forbid it"),
    "episodes": Param(False, EPISODE_KIND_LIST, "episode kinds (on = episode)"),
    "grounds": Param(False, GROUND_LIST, "only decisions on these grounds (on = episode)"),
}


def validate_parameters(params: dict[str, Any]) -> list[str]:
    problems = validate(SCHEMA, params)
    if params.get("on") == "episode" and "episodes" not in params:
        problems.append("parameter 'episodes' is required when on = episode")
    if params.get("on") == "isolated_streak" and ("episodes" in params or "grounds" in params):
        problems.append("'episodes' and 'grounds' apply only when on = episode")
    return problems


def evaluate(rule: Rule, ctx: Context) -> Iterator[Finding]:
    params = dict(rule.parameters)
    flags = params["flags_any"]
    if params["on"] == "isolated_streak":
        for day in ctx.days:
            if day.isolated and day.isolated_streak == 1:
                reasons = person_has(ctx, day.person, day.date, flags)
                if reasons:
                    yield Finding(day.person, rule.pack, rule.id, day.date, {"reasons": reasons}, rule.pack_version)
        return
    for episode in ctx.episodes:
        if not episode_matches(params, episode, ctx):
            continue
        decisions = ctx.episode_decisions(episode)
        if "grounds" in params:
            decisions = [d for d in decisions if getattr(d, "ground", None) in params["grounds"]]
        start = min((d.start for d in decisions), default=episode.start)
        day = ctx.local_date(max(start, episode.start))
        reasons = person_has(ctx, episode.person, day, flags)
        if reasons:
            yield Finding(episode.person, rule.pack, rule.id, day, {"reasons": reasons}, rule.pack_version)
