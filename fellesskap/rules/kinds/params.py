"""Small checkers for pack parameters, so that a typo in a pack file is a clear
error at load time (naming the parameter) rather than a silent non-firing rule."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fellesskap import vocabulary as v
from fellesskap.ledger.types import EPISODE_KINDS

# Ledger fields a daily rule may read; `locked_minutes` is derived
# (custody - out of cell) for lock-in maxima (Sweden, Denmark).
DAY_FIELDS: frozenset[str] = frozenset(
    {
        "custody_minutes",
        "contact_minutes",
        "association_minutes",
        "outdoor_minutes",
        "out_of_cell_minutes",
        "no_contact_minutes",
        "locked_minutes",
    }
)

Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class Param:
    """One parameter of a kind: whether it is required and how to check it."""

    required: bool
    check: Check
    doc: str


def number(minimum: float = 0, strict: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if value < minimum or (strict and value == minimum):
            return f"must be {'>' if strict else '>='} {minimum}"
        return None

    return check


def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def one_of(choices: Iterable[str]) -> Check:
    allowed = frozenset(choices)

    def check(value: Any) -> str | None:
        return None if value in allowed else f"must be one of {', '.join(sorted(allowed))}"

    return check


def list_of(choices: Iterable[str]) -> Check:
    allowed = frozenset(choices)

    def check(value: Any) -> str | None:
        if not isinstance(value, list) or not value or not all(isinstance(x, str) for x in value):
            return "must be a non-empty list of strings"
        bad = [x for x in value if x not in allowed]
        if bad:
            return f"unknown value(s) {', '.join(bad)}; known: {', '.join(sorted(allowed))}"
        return None

    return check


def strings(value: Any) -> str | None:
    if not isinstance(value, list) or not value or not all(isinstance(x, str) and x for x in value):
        return "must be a non-empty list of strings"
    return None


EPISODE_KIND_LIST = list_of(EPISODE_KINDS)
GROUND_LIST = list_of(v.GROUND_CODES)
LEVEL_LIST = list_of(v.REVIEW_LEVEL_CODES)
CONTACT_KIND_LIST = list_of(v.CONTACT_KIND_CODES)
FLAG_LIST = list_of(v.PERSON_FLAG_CODES | {"minor"})
INCIDENT_KIND_LIST = list_of(v.INCIDENT_KIND_CODES)
SECURITY_LEVEL_LIST = list_of(v.SECURITY_LEVEL_CODES)
STATUS_LIST = list_of(v.STATUS_CODES)
STATE_LIST = list_of(EPISODE_KINDS)
DAY_FIELD = one_of(DAY_FIELDS)

# Filters that pick the episodes an episode-based kind looks at.
EPISODE_FILTER: dict[str, Param] = {
    "episodes": Param(True, EPISODE_KIND_LIST, "episode kinds the rule applies to"),
    "grounds": Param(False, GROUND_LIST, "only episodes with a decision on one of these grounds"),
    "minor": Param(False, boolean, "true: only a person under 18 at the episode start; false: only adults"),
}


def validate(schema: dict[str, Param], params: dict[str, Any], prefix: str = "") -> list[str]:
    """Every problem with ``params`` against ``schema``, each naming the parameter."""
    problems: list[str] = []
    for key in params:
        if key not in schema:
            problems.append(f"unknown parameter {prefix}{key!r}; known: {', '.join(sorted(schema))}")
    for key, spec in schema.items():
        if key not in params:
            if spec.required:
                problems.append(f"parameter {prefix}{key!r} is required ({spec.doc})")
            continue
        msg = spec.check(params[key])
        if msg:
            problems.append(f"parameter {prefix}{key!r} {msg}")
    return problems
