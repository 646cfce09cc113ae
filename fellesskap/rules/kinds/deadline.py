"""Kind ``deadline`` (frist): something must be recorded by an instant computed
from an episode's start (or end), once or every N days.

Semantics (rules.md, "Stable rule ids"):
- a deadline exists only while the episode is in force at ``due`` (ongoing, or
  ended after ``due``); with ``anchor = "end"`` it exists once the episode has
  ended and falls ``after`` its end (a check made after the placement);
- a record qualifies when ``due - window < at <= due``; the window of a one-off
  deadline is the whole episode, taken to include its start instant (intervals
  are half-open ``[start, end)``); the window of a repeating one is the repeat
  interval, so a review at exactly ``due - interval`` belongs to the previous due;
- records at or after ``evaluated_at`` do not count (they have not happened yet);
- ``status`` is met (``met_at`` = earliest qualifying record), missed
  (``due <= evaluated_at`` and none) or pending;
- listing (scenario-format.md): a repeating deadline of an ongoing episode is
  listed only once its window has opened (``due - interval <= evaluated_at``);
  a one-off deadline is listed however far ahead it falls.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from fellesskap.ledger.types import Episode
from fellesskap.rules.context import Context
from fellesskap.rules.kinds.conditions import episode_matches
from fellesskap.rules.kinds.params import (
    CONTACT_KIND_LIST,
    EPISODE_FILTER,
    LEVEL_LIST,
    Param,
    number,
    one_of,
    validate,
)
from fellesskap.rules.pack import Rule
from fellesskap.rules.types import Deadline

RECORDS = ("review", "week_plan", "supervision", "contact")

SCHEMA: dict[str, Param] = {
    **EPISODE_FILTER,
    "after_hours": Param(False, number(0), "due this many hours after the anchor"),
    "after_days": Param(False, number(0), "due this many days (x 24 h) after the anchor"),
    "repeat_hours": Param(False, number(0, strict=True), "then again every N hours"),
    "repeat_days": Param(False, number(0, strict=True), "then again every N days (x 24 h)"),
    "anchor": Param(False, one_of(("start", "end")), "count from the episode start (default) or end"),
    "record": Param(True, one_of(RECORDS), "what must be recorded"),
    "levels": Param(False, LEVEL_LIST, "review levels that qualify (record = review)"),
    "contact_kinds": Param(False, CONTACT_KIND_LIST, "contact kinds that qualify (record = contact)"),
}


def validate_parameters(params: dict[str, Any]) -> list[str]:
    problems = validate(SCHEMA, params)
    if ("after_hours" in params) == ("after_days" in params):
        problems.append("exactly one of 'after_hours' and 'after_days' is required")
    if "repeat_hours" in params and "repeat_days" in params:
        problems.append("give at most one of 'repeat_hours' and 'repeat_days'")
    if params.get("anchor") == "end" and ("repeat_hours" in params or "repeat_days" in params):
        problems.append("a deadline anchored at the episode end cannot repeat")
    if params.get("record") == "review" and "levels" not in params:
        problems.append("parameter 'levels' is required when record = review")
    if params.get("record") == "contact" and "contact_kinds" not in params:
        problems.append("parameter 'contact_kinds' is required when record = contact")
    return problems


def _hours(params: dict[str, Any], stem: str) -> timedelta | None:
    if f"{stem}_hours" in params:
        return timedelta(hours=params[f"{stem}_hours"])
    if f"{stem}_days" in params:
        return timedelta(days=params[f"{stem}_days"])
    return None


def record_instants(params: dict[str, Any], episode: Episode, ctx: Context) -> list[datetime]:
    """Instants of the records that could meet a deadline of this episode, sorted;
    only those before evaluated_at (later ones have not happened yet)."""
    person = ctx.person(episode.person)
    if person is None:
        return []
    decisions = set(episode.decisions)
    kind = params["record"]
    if kind == "review":
        levels = set(params["levels"])
        found = [r.at for r in person.reviews if r.subject in decisions and r.level in levels]
    elif kind == "week_plan":
        found = [w.at for w in person.week_plans if w.subject in decisions]
    elif kind == "supervision":
        found = [s.at for s in person.supervisions if s.subject in decisions]
    else:
        kinds = set(params["contact_kinds"])
        found = [c.start for c in person.contacts if c.kind in kinds]
    return sorted(t for t in found if t < ctx.evaluated_at)


def subject_of(episode: Episode, ctx: Context) -> str:
    """The first decision of the episode (by start, then by listed order)."""
    decisions = ctx.episode_decisions(episode)
    if not decisions:
        return episode.decisions[0] if episode.decisions else ""
    return min(decisions, key=lambda d: d.start).id


def _deadline(
    rule: Rule, ctx: Context, episode: Episode, subject: str, records: list[datetime],
    due: datetime, lo: datetime, inclusive: bool,
) -> Deadline:
    """One due instant of one episode, with its status from the qualifying records."""
    met_at = next((t for t in records if (lo <= t if inclusive else lo < t) and t <= due), None)
    if met_at is not None:
        status = "met"
    elif due <= ctx.evaluated_at:
        status = "missed"
    else:
        status = "pending"
    return Deadline(
        person=episode.person,
        pack=rule.pack,
        rule=rule.id,
        subject=subject,
        due=due,
        status=status,
        met_at=met_at,
        pack_version=rule.pack_version,
    )


def evaluate(rule: Rule, ctx: Context) -> Iterator[Deadline]:
    params = dict(rule.parameters)
    after = _hours(params, "after") or timedelta(0)
    repeat = _hours(params, "repeat")
    anchor = params.get("anchor", "start")
    for episode in ctx.episodes:
        if not episode_matches(params, episode, ctx):
            continue
        records = record_instants(params, episode, ctx)
        subject = subject_of(episode, ctx)
        args = (rule, ctx, episode, subject, records)
        if anchor == "end":
            if episode.end is not None:
                yield _deadline(*args, episode.end + after, episode.start, True)
            continue
        if repeat is None:
            due = episode.start + after
            if episode.end is None or episode.end > due:
                yield _deadline(*args, due, episode.start, True)
            continue
        due = episode.start + after
        while episode.end is None or episode.end > due:
            if episode.end is None and due - repeat > ctx.evaluated_at:
                break
            yield _deadline(*args, due, due - repeat, False)
            due += repeat
