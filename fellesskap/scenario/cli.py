"""``fellesskap evaluate SCENARIO.json [--packs a,b] [--at INSTANT]`` (scenario-format.md).

A pure command: no Django, no database, so that anyone can check the figures
from a scenario file. Every bad input ends with exit 2 and one line
``error: FIELD: message`` on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any
from zoneinfo import ZoneInfo

from fellesskap.ledger import Ledger, build_ledger
from fellesskap.scenario.model import Scenario
from fellesskap.scenario.parse import ScenarioError, parse_instant, parse_scenario
from fellesskap.scenario.serialize import output_document

# Used only to check --packs while the rule engine is absent; the engine's own
# list is authoritative once it is there.
KNOWN_PACKS = ("no-current", "no-2026", "mandela", "cpt", "se", "dk", "fi")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors follow the same one-line ``error:`` form and exit 2."""

    def error(self, message: str):  # type: ignore[override]
        raise ScenarioError("arguments", message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="fellesskap evaluate",
                description="Evaluate a scenario: ledger days, episodes, findings and deadlines as JSON.")
    p.add_argument("scenario", help="scenario JSON file, or - for standard input")
    p.add_argument("--packs", help="comma-separated rule packs (default: no-current,no-2026,mandela,cpt)")
    p.add_argument("--at", help="evaluate at this instant (ISO 8601 with offset) instead of evaluated_at")
    return p


def read_document(name: str) -> Any:
    """The decoded JSON of a file or of stdin ('-'), with errors naming the input."""
    label = "stdin" if name == "-" else name
    try:
        text = sys.stdin.read() if name == "-" else open(name, encoding="utf-8").read()
    except FileNotFoundError:
        raise ScenarioError(label, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(label, f"cannot be read ({exc.__class__.__name__})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(label, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None


def parse_packs(raw: str | None) -> list[str] | None:
    if raw is None:
        return None
    packs = [p.strip() for p in raw.split(",") if p.strip()]
    if not packs:
        raise ScenarioError("--packs", "names no pack")
    return packs


def run_rules(scenario: Scenario, ledger: Ledger, packs: list[str] | None) -> tuple[list, list]:
    """Findings and deadlines from the rule engine; empty lists while it is not installed."""
    try:
        from fellesskap.rules.engine import evaluate_packs
    except ImportError:
        for p in packs or ():
            if p not in KNOWN_PACKS:
                raise ScenarioError("--packs", f"unknown pack {p!r}; known: {', '.join(KNOWN_PACKS)}") from None
        return [], []
    try:
        findings, deadlines = evaluate_packs(scenario, ledger, packs)
    except (KeyError, LookupError) as exc:
        # The engine's UnknownPackError already reads "unknown rule pack 'xx'; available: ...":
        # print it as it is, and only word a bare KeyError ourselves.
        detail = str(exc.args[0]) if exc.args else ""
        raise ScenarioError("--packs", detail if "unknown" in detail else f"unknown pack {detail}") from None
    return list(findings), list(deadlines)


def evaluate_document(doc: Any, packs: list[str] | None = None, at: str | None = None) -> dict[str, Any]:
    """Evaluate a decoded scenario document into the output document (also for the API)."""
    scenario = parse_scenario(doc)
    if at is not None:
        scenario = dataclasses.replace(scenario, evaluated_at=parse_instant(at, "--at"))
    ledger = build_ledger(scenario)
    findings, deadlines = run_rules(scenario, ledger, packs)
    findings = [f for f in findings if scenario.period_start <= f.date < scenario.period_end]
    return output_document(ledger.days, ledger.episodes, findings, deadlines, ZoneInfo(scenario.timezone))


def evaluate_main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
        packs = parse_packs(args.packs)
        doc = read_document(args.scenario)
        out = evaluate_document(doc, packs, args.at)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0
