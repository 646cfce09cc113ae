"""The one generic rule engine: evaluates rule packs over a scenario and its
ledger and returns findings (brudd/avvik) and deadlines (frister).

Pure: no Django, no database. The engine knows kinds, not rules: every rule is
a pack entry (packs/*.toml) evaluated by the evaluator of its kind
(kinds/*.py), so adding a rule is a data change.
"""

from __future__ import annotations

from typing import Any, Protocol

from fellesskap.ledger.types import Episode, PersonDay
from fellesskap.rules.context import Context
from fellesskap.rules.kinds import kind
from fellesskap.rules.pack import DEFAULT_PACKS, Pack, UnknownPackError, load_packs
from fellesskap.rules.types import Deadline, Finding
from fellesskap.scenario.model import Scenario

__all__ = ["evaluate_packs", "evaluate_rules", "UnknownPackError", "DEFAULT_PACKS"]


class LedgerLike(Protocol):
    """What the engine needs from a ledger: the period's days (ordered by
    person, date) and the episodes that overlap the period."""

    days: list[PersonDay]
    episodes: list[Episode]


def evaluate_packs(
    scenario: Scenario, ledger: Any, packs: list[str] | None = None
) -> tuple[list[Finding], list[Deadline]]:
    """Evaluate the packs (default DEFAULT_PACKS) and return (findings, deadlines).

    Findings are those whose date lies in the period; deadlines are those of
    the ledger's episodes, listed as scenario-format.md says. Raises
    UnknownPackError (a ValueError) for an unknown pack id.
    """
    return evaluate_rules(scenario, ledger, load_packs(packs))


def evaluate_rules(scenario: Scenario, ledger: Any, packs: list[Pack]) -> tuple[list[Finding], list[Deadline]]:
    """Evaluate already loaded packs (e.g. a pack under test)."""
    ctx = Context.from_ledger(scenario, ledger)
    findings: list[tuple[tuple, Finding]] = []
    deadlines: list[tuple[tuple, Deadline]] = []
    for p_index, pack in enumerate(packs):
        for r_index, rule in enumerate(pack.rules):
            if not rule.evaluated:
                continue
            for item in kind(rule.kind).evaluate(rule, ctx):
                if isinstance(item, Finding):
                    if ctx.in_period(item.date):
                        findings.append(((item.person, item.date, p_index, r_index), item))
                else:
                    deadlines.append(((item.person, item.due, p_index, r_index), item))
    findings.sort(key=lambda pair: pair[0])
    deadlines.sort(key=lambda pair: pair[0])
    return [f for _, f in findings], [d for _, d in deadlines]
