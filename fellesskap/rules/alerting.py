"""When a deadline should raise an alert (varsel): each deadline rule carries a
warning window (``warn_hours``) and a responsible role in its pack entry, so the
alerts app can warn the right people before a deadline is missed without
knowing any rule. Pure: the alerts app stores and sends; this only computes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from fellesskap.rules.pack import find_rule
from fellesskap.rules.types import Deadline


def warning_opens_at(deadline: Deadline) -> datetime:
    """The instant from which a pending deadline is "coming due": due - warn_hours.

    Raises KeyError for a rule id that no shipped pack knows."""
    rule = find_rule(deadline.rule)
    return deadline.due - timedelta(hours=rule.warn_hours or 0)


def responsible_role(deadline: Deadline) -> str | None:
    """Who must act on the deadline (region, directorate, prison_leader, ...)."""
    return find_rule(deadline.rule).role


def coming_due(deadlines: Iterable[Deadline], now: datetime) -> list[Deadline]:
    """Pending deadlines whose warning window is open at ``now`` (opens <= now < due)."""
    return [
        d for d in deadlines
        if d.status == "pending" and warning_opens_at(d) <= now < d.due
    ]
