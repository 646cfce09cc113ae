"""Deadlines and findings of one person, from the rule engine over the ledger.

The alerts app will keep deadlines in the database and notify the responsible
role; until it does (and wherever it is absent) the screens compute them here
from the pure rule engine with the packs in force (``no-current``), which is
the same computation ``fellesskap evaluate`` does, so nothing is shown that the
engine would not say. A pack that fails to load degrades to "no deadlines"
instead of breaking the board.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.utils.translation import get_language

from fellesskap.ledger import build_ledger
from fellesskap.rules import evaluate_packs, find_rule
from fellesskap.rules.types import Deadline, Finding
from fellesskap.scenario.model import Person, Scenario

log = logging.getLogger(__name__)

PACKS_IN_FORCE = ("no-current",)


@dataclass(frozen=True, slots=True)
class RuleResult:
    findings: list[Finding]
    deadlines: list[Deadline]

    @property
    def pending(self) -> list[Deadline]:
        return sorted((d for d in self.deadlines if d.status == "pending"), key=lambda d: d.due)

    @property
    def missed(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.status == "missed"]

    @property
    def next(self) -> Deadline | None:
        pending = self.pending
        return pending[0] if pending else None


def evaluate_person(person: Person, first: date, end: date, now: datetime,
                    packs: tuple[str, ...] = PACKS_IN_FORCE) -> RuleResult:
    """Findings dated in ``[first, end)`` and the deadlines of the episodes overlapping it."""
    scenario = Scenario(timezone="Europe/Oslo", census_time=time(12), period_start=first, period_end=end,
                        evaluated_at=now.astimezone(UTC), persons=(person,))
    try:
        findings, deadlines = evaluate_packs(scenario, build_ledger(scenario), list(packs))
    except ValueError:
        log.exception("rule packs could not be evaluated")
        return RuleResult([], [])
    return RuleResult(findings, deadlines)


def evaluate_persons(persons: list[Person], first: date, end: date, now: datetime,
                     packs: tuple[str, ...] = PACKS_IN_FORCE) -> dict[str, RuleResult]:
    """:func:`evaluate_person` for many persons in one evaluation (the ward
    board's rows): one ledger build and one pass of the packs instead of one
    per person. The rules are per person, so each person's result is the same."""
    scenario = Scenario(timezone="Europe/Oslo", census_time=time(12), period_start=first, period_end=end,
                        evaluated_at=now.astimezone(UTC), persons=tuple(persons))
    out: dict[str, RuleResult] = {p.id: RuleResult([], []) for p in persons}
    try:
        findings, deadlines = evaluate_packs(scenario, build_ledger(scenario), list(packs))
    except ValueError:
        log.exception("rule packs could not be evaluated")
        return out
    for f in findings:
        out[f.person].findings.append(f)
    for d in deadlines:
        out[d.person].deadlines.append(d)
    return out


def rule_text(rule_id: str) -> str:
    """The rule's text in the active language (the id when the rule is unknown)."""
    try:
        rule = find_rule(rule_id)
    except (KeyError, LookupError, ValueError):
        return rule_id
    return rule.text("nb" if (get_language() or "nb").startswith(("nb", "no")) else "en")
