"""One evaluator per rule kind (rules.md): ``KINDS[kind].evaluate(rule, ctx)``
yields findings or deadlines, ``validate(params)`` lists parameter problems.

A reader goes from a rule text to its pack entry, to the evaluator of its kind
here, to the test that shows it firing and not firing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    """A kind of rule: its parameter check and its evaluator."""

    name: str
    validate: Callable[[dict[str, Any]], list[str]]
    evaluate: Callable[..., Iterable[Any]]


def _registry() -> dict[str, Kind]:
    from fellesskap.rules.kinds import daily, deadline, duration_cap, notify, prohibited, streak, supervision

    return {
        "deadline": Kind("deadline", deadline.validate_parameters, deadline.evaluate),
        "daily_minimum": Kind("daily_minimum", daily.validate_minimum, daily.evaluate_minimum),
        "daily_maximum": Kind("daily_maximum", daily.validate_maximum, daily.evaluate_maximum),
        "streak": Kind("streak", streak.validate_parameters, streak.evaluate),
        "duration_cap": Kind("duration_cap", duration_cap.validate_parameters, duration_cap.evaluate),
        "prohibited_when": Kind("prohibited_when", prohibited.validate_parameters, prohibited.evaluate),
        "supervision_interval": Kind(
            "supervision_interval", supervision.validate_parameters, supervision.evaluate
        ),
        "notify_on": Kind("notify_on", notify.validate_parameters, notify.evaluate),
    }


_KINDS: dict[str, Kind] | None = None


def kind(name: str) -> Kind:
    global _KINDS
    if _KINDS is None:
        _KINDS = _registry()
    return _KINDS[name]


def validate_parameters(kind_name: str, params: dict[str, Any]) -> list[str]:
    return kind(kind_name).validate(params)
