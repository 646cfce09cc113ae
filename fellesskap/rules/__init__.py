"""Rule packs as data (rules.md) and the one generic engine that evaluates
them over the ledger. No ORM and no Django imports here.

Public entry points: ``evaluate_packs`` (engine), ``load_pack``,
``load_packs``, ``available_packs``, ``find_rule`` and ``DEFAULT_PACKS``.
"""

from fellesskap.rules.engine import evaluate_packs, evaluate_rules
from fellesskap.rules.pack import (
    DEFAULT_PACKS,
    Pack,
    PackError,
    Rule,
    UnknownPackError,
    available_packs,
    find_rule,
    load_pack,
    load_packs,
)

__all__ = [
    "DEFAULT_PACKS",
    "Pack",
    "PackError",
    "Rule",
    "UnknownPackError",
    "available_packs",
    "evaluate_packs",
    "evaluate_rules",
    "find_rule",
    "load_pack",
    "load_packs",
]
