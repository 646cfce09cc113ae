"""Kind ``duration_cap``: an episode, a decision or a stay must not last longer
than a cap without a recorded extension.

- ``per = "episode"`` (default): the episode, or with ``grounds`` the time from
  the first to the last end of its decisions on those grounds;
- ``per = "decision"``: each decision of a matching episode on its own (e.g. a
  court order for isolation on remand, each at most 2 weeks);
- ``per = "stay"``: each stay in a unit named in ``units`` (reception units).

Length is counted up to the end or, while ongoing, to evaluated_at; it fires
when the length is strictly longer than the cap, once, on the local date the
cap ends. ``extension_levels``: a review at one of these levels of a decision of
the episode, made no later than the cap instant, lifts the cap (Denmark: the
directorate extends beyond 3 months). ``exempt_grounds``: no finding when every
decision in force at the cap instant has one of these grounds (Norway: over one
year only on the person's own wish).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from fellesskap.rules.context import Context
from fellesskap.rules.kinds.conditions import episode_matches
from fellesskap.rules.kinds.params import (
    EPISODE_FILTER,
    GROUND_LIST,
    LEVEL_LIST,
    Param,
    number,
    one_of,
    strings,
    validate,
)
from fellesskap.rules.pack import Rule
from fellesskap.rules.types import Finding

SCHEMA: dict[str, Param] = {
    **{k: Param(False, p.check, p.doc) for k, p in EPISODE_FILTER.items()},
    "max_hours": Param(False, number(0, strict=True), "the cap in hours"),
    "max_days": Param(False, number(0, strict=True), "the cap in days (x 24 h)"),
    "per": Param(False, one_of(("episode", "decision", "stay")), "what is capped"),
    "units": Param(False, strings, "unit names (per = stay)"),
    "extension_levels": Param(False, LEVEL_LIST, "review levels whose review extends the cap"),
    "exempt_grounds": Param(False, GROUND_LIST, "grounds on which the cap does not apply"),
}


def validate_parameters(params: dict[str, Any]) -> list[str]:
    problems = validate(SCHEMA, params)
    if ("max_hours" in params) == ("max_days" in params):
        problems.append("exactly one of 'max_hours' and 'max_days' is required")
    if params.get("per") == "stay":
        if "units" not in params:
            problems.append("parameter 'units' is required when per = stay")
    elif "episodes" not in params:
        problems.append("parameter 'episodes' is required unless per = stay")
    return problems


def _cap(params: dict[str, Any]) -> timedelta:
    if "max_hours" in params:
        return timedelta(hours=params["max_hours"])
    return timedelta(days=params["max_days"])


def evaluate(rule: Rule, ctx: Context) -> Iterator[Finding]:
    params = dict(rule.parameters)
    cap = _cap(params)
    per = params.get("per", "episode")
    if per == "stay":
        yield from _stays(rule, ctx, cap)
        return
    for episode in ctx.episodes:
        if not episode_matches(params, episode, ctx):
            continue
        decisions = ctx.episode_decisions(episode)
        if "grounds" in params:
            decisions = [d for d in decisions if getattr(d, "ground", None) in params["grounds"]]
        spans: list[tuple[datetime, datetime]]
        if per == "decision":
            spans = [(d.start, min(d.end or ctx.evaluated_at, ctx.evaluated_at)) for d in decisions]
        elif "grounds" in params:
            if not decisions:
                continue
            last = max(min(d.end or ctx.evaluated_at, ctx.evaluated_at) for d in decisions)
            spans = [(min(d.start for d in decisions), min(last, ctx.episode_end(episode)))]
        else:
            spans = [(episode.start, ctx.episode_end(episode))]
        for start, end in spans:
            if end - start <= cap:
                continue
            cap_at = start + cap
            if _extended(params, episode, ctx, start, cap_at) or _exempt(params, decisions, cap_at):
                continue
            yield Finding(episode.person, rule.pack, rule.id, ctx.local_date(cap_at), {}, rule.pack_version)


def _extended(params, episode, ctx: Context, start: datetime, cap_at: datetime) -> bool:
    levels = params.get("extension_levels")
    person = ctx.person(episode.person)
    if not levels or person is None:
        return False
    ids = set(episode.decisions)
    return any(
        r.subject in ids and r.level in levels and start <= r.at <= cap_at and r.at < ctx.evaluated_at
        for r in person.reviews
    )


def _exempt(params, decisions, cap_at: datetime) -> bool:
    exempt = params.get("exempt_grounds")
    if not exempt:
        return False
    in_force = [d for d in decisions if d.start <= cap_at and (d.end is None or d.end > cap_at)]
    return bool(in_force) and all(getattr(d, "ground", None) in exempt for d in in_force)


def _stays(rule: Rule, ctx: Context, cap: timedelta) -> Iterator[Finding]:
    units = set(rule.parameters["units"])
    for person in ctx.scenario.persons:
        for stay in person.stays:
            if stay.unit not in units or stay.start >= ctx.evaluated_at:
                continue
            end = min(stay.end or ctx.evaluated_at, ctx.evaluated_at)
            if end - stay.start > cap:
                day = ctx.local_date(stay.start + cap)
                yield Finding(person.id, rule.pack, rule.id, day, {}, rule.pack_version)
