"""Kind ``supervision_interval``: documented checks (tilsyn) at most every
``max_gap_minutes`` while a regime holds.

Each gap longer than the limit is one finding: from the episode start to the
first check, between checks, and from the last check to the episode end (or
evaluated_at while ongoing). Only checks of a decision of the episode, inside
the episode and before evaluated_at, count. The finding is dated on the local
date where the gap began, with evidence ``gap_minutes`` (whole minutes, rounded
down).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fellesskap.rules.context import Context
from fellesskap.rules.kinds.conditions import episode_matches
from fellesskap.rules.kinds.params import EPISODE_FILTER, Param, number, validate
from fellesskap.rules.pack import Rule
from fellesskap.rules.types import Finding

SCHEMA: dict[str, Param] = {
    **EPISODE_FILTER,
    "max_gap_minutes": Param(True, number(0, strict=True), "the longest allowed time without a check"),
}


def validate_parameters(params: dict[str, Any]) -> list[str]:
    return validate(SCHEMA, params)


def evaluate(rule: Rule, ctx: Context) -> Iterator[Finding]:
    params = dict(rule.parameters)
    limit = params["max_gap_minutes"] * 60
    for episode in ctx.episodes:
        if not episode_matches(params, episode, ctx):
            continue
        person = ctx.person(episode.person)
        end = ctx.episode_end(episode)
        ids = set(episode.decisions)
        checks = sorted(
            s.at
            for s in (person.supervisions if person else ())
            if s.subject in ids and episode.start <= s.at < end
        )
        points = [episode.start, *checks, end]
        for a, b in zip(points, points[1:], strict=False):
            gap = (b - a).total_seconds()
            if gap > limit:
                evidence = {"gap_minutes": int(gap // 60)}
                yield Finding(episode.person, rule.pack, rule.id, ctx.local_date(a), evidence, rule.pack_version)
