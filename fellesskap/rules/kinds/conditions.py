"""Conditions on a person-day (the ``when`` table of daily and streak rules)
and on an episode (``episodes``, ``grounds``, ``minor``).

One vocabulary of conditions for every kind keeps the packs readable: "each
full day under exclusion" is written the same way in every pack.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fellesskap.ledger.types import Episode, PersonDay
from fellesskap.rules.context import Context
from fellesskap.rules.kinds.params import (
    FLAG_LIST,
    SECURITY_LEVEL_LIST,
    STATE_LIST,
    STATUS_LIST,
    Param,
    boolean,
    number,
    strings,
    validate,
)


def _in_episode(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be a table {kinds, min_days}"
    problems = validate(
        {
            "kinds": Param(True, STATE_LIST, "episode kinds"),
            "min_days": Param(True, number(0), "days the episode has lasted by the end of the day"),
        },
        value,
    )
    return "; ".join(problems) or None


WHEN: dict[str, Param] = {
    "min_custody_minutes": Param(False, number(0), "the day has at least this many custody minutes"),
    "isolated": Param(False, boolean, "the day is (true) or is not (false) isolated"),
    "states_any": Param(False, STATE_LIST, "a regime in the list covered a minute of the day"),
    "states_none": Param(False, STATE_LIST, "no regime in the list covered a minute of the day"),
    "cause_prefixes": Param(False, strings, "the isolated day's cause starts with one of these"),
    "minor": Param(False, boolean, "the person is (true) or is not (false) under 18 that day"),
    "flags_any": Param(False, FLAG_LIST, "the person has one of these flags (minor: derived)"),
    "security_levels": Param(False, SECURITY_LEVEL_LIST, "security level of the prison of the day's stay"),
    "statuses": Param(False, STATUS_LIST, "custody status of the day's stay"),
    "in_episode": Param(False, _in_episode, "the day lies in an episode that has lasted min_days"),
}


def validate_when(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be a table of conditions"
    return "; ".join(validate(WHEN, value, "when.")) or None


def person_has(ctx: Context, person: str, day, flags: list[str]) -> list[str]:
    """Which of ``flags`` the person has on ``day`` (minor derived from birth date)."""
    have = []
    for f in flags:
        if f == "minor":
            if ctx.is_minor(person, day):
                have.append(f)
        elif f in ctx.flags(person):
            have.append(f)
    return have


def day_matches(when: dict[str, Any], day: PersonDay, ctx: Context) -> bool:
    """Whether a person-day satisfies every condition of ``when`` (empty: always)."""
    if day.custody_minutes < when.get("min_custody_minutes", 1):
        return False
    if "isolated" in when and day.isolated != when["isolated"]:
        return False
    states = {k for k, m in day.states.items() if m > 0}
    if "states_any" in when and not states.intersection(when["states_any"]):
        return False
    if "states_none" in when and states.intersection(when["states_none"]):
        return False
    if "cause_prefixes" in when:
        if not day.cause or not any(day.cause.startswith(p) for p in when["cause_prefixes"]):
            return False
    if "minor" in when and ctx.is_minor(day.person, day.date) != when["minor"]:
        return False
    if "flags_any" in when and not person_has(ctx, day.person, day.date, when["flags_any"]):
        return False
    if "security_levels" in when or "statuses" in when:
        stay = ctx.stay_on(day.person, day.date)
        if stay is None:
            return False
        if "statuses" in when and stay.status not in when["statuses"]:
            return False
        if "security_levels" in when:
            prison = ctx.prisons.get(stay.prison)
            if prison is None or prison.security_level not in when["security_levels"]:
                return False
    if "in_episode" in when and not _day_in_long_episode(when["in_episode"], day, ctx):
        return False
    return True


def _day_in_long_episode(spec: dict[str, Any], day: PersonDay, ctx: Context) -> bool:
    lo, hi = ctx.day_bounds(day.date)
    need = timedelta(days=spec["min_days"])
    for ep in ctx.episodes:
        if ep.person != day.person or ep.kind not in spec["kinds"]:
            continue
        end = ctx.episode_end(ep)
        if ep.start < hi and end > lo and ep.start + need < hi:
            return True
    return False


def episode_matches(params: dict[str, Any], episode: Episode, ctx: Context) -> bool:
    """Whether an episode is one the rule applies to (kind, ground, age at start)."""
    if episode.kind not in params["episodes"]:
        return False
    if "grounds" in params:
        grounds = {getattr(d, "ground", None) for d in ctx.episode_decisions(episode)}
        if not grounds.intersection(params["grounds"]):
            return False
    if "minor" in params:
        if ctx.is_minor(episode.person, ctx.local_date(episode.start)) != params["minor"]:
            return False
    return True
