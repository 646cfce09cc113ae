"""From a missed deadline or a finding to a deviation's kind and severity.

Pure. The kinds are those of issue 5 (missed deadline, prolonged solitary,
unregistered isolation, missing supervision, missing week plan, unit lock-in,
other). Only *breaches* and *prompts* become deviations: an *indicator* (a
norm that is measured but is not a legal duty, such as the CPT's hour
outdoors) would raise one deviation a day for a whole unit; it stays a stored
finding that the statistics and the deadline screen show.
"""

from __future__ import annotations

from fellesskap.rules.pack import Rule

SEVERITY_OF_RULE = {"breach": "high", "prompt": "low"}


def deadline_kind(rule: Rule) -> str:
    if "week_plan" in rule.id:
        return "missing_week_plan"
    if "supervision" in rule.id:
        return "missing_supervision"
    return "missed_deadline"


def finding_kind(rule: Rule) -> str:
    if rule.id.endswith("unregistered_isolation"):
        return "unregistered_isolation"
    if rule.kind == "supervision_interval" or "supervision" in rule.id:
        return "missing_supervision"
    if "lock_in" in rule.id or "collective_exclusion" in rule.id:
        return "unit_lock_in"
    if rule.kind in ("streak", "duration_cap") and rule.severity == "breach":
        return "prolonged_solitary"
    return "other"


def finding_severity(rule: Rule) -> str | None:
    """The deviation severity of a finding of ``rule``, or None if it raises no deviation."""
    return SEVERITY_OF_RULE.get(rule.severity)


def deadline_severity(rule: Rule) -> str:
    """A missed deadline is a breach of a duty: high, or medium for a rule that is our reading."""
    return "medium" if rule.interpretation else "high"
