"""``fellesskap stats SCENARIO.json --table NAME [--month YYYY-MM] [--date YYYY-MM-DD] [--from DATE --to DATE]``.

Prints ``{"table": NAME, "rows": [...]}``. Any invalid input — a missing or
unreadable file, bad JSON, an invalid scenario, an unknown table, a missing,
malformed or foreign option — exits 2 with one line on stderr saying what to
fix, never a traceback, so that the command can be scripted and trusted by
people checking published figures. A period with no data is an empty table.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any

from fellesskap.scenario.model import Scenario
from fellesskap.scenario.parse import ScenarioError, parse_scenario
from fellesskap.stats.compute import TABLES, compute_table
from fellesskap.stats.tables import rows_to_dicts

_MONTH = re.compile(r"\d{4}-\d{2}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Years near the ends of the calendar overflow when local midnight is converted to UTC.
_YEARS = (1000, 9000)
OPTIONS_OF = {"month": ("month",), "date": ("date",), "range": ("from", "to")}


class UsageError(Exception):
    """Invalid input from the command line; the message is shown as is."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit itself; we want one exit path
        raise UsageError(message)


def _parser() -> _Parser:
    p = _Parser(prog="fellesskap stats", description="Statistics tables computed from a scenario file.",
                add_help=True)
    p.add_argument("scenario", help="scenario file (JSON, scenario-format.md)")
    p.add_argument("--table", required=True, help=f"one of {', '.join(TABLES)}")
    p.add_argument("--month", help="YYYY-MM (started, long)")
    p.add_argument("--date", help="YYYY-MM-DD (stock, day, association, isolated)")
    p.add_argument("--from", dest="from_", metavar="DATE", help="YYYY-MM-DD, first day (grounds, over22)")
    p.add_argument("--to", metavar="DATE", help="YYYY-MM-DD, day after the last (grounds, over22)")
    return p


def parse_month(value: str) -> tuple[int, int]:
    if not _MONTH.fullmatch(value) or not 1 <= int(value[5:]) <= 12:
        raise UsageError(f"--month: {value!r} is not a month YYYY-MM")
    if not _YEARS[0] <= int(value[:4]) <= _YEARS[1]:
        raise UsageError(f"--month: year must lie between {_YEARS[0]} and {_YEARS[1]}")
    return int(value[:4]), int(value[5:])


def parse_day(value: str, option: str) -> date:
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--{option}: {value!r} is not a date YYYY-MM-DD") from None
    if not _YEARS[0] <= day.year <= _YEARS[1]:
        raise UsageError(f"--{option}: year must lie between {_YEARS[0]} and {_YEARS[1]}")
    return day


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """Check that the table gets exactly the options it takes, and convert them."""
    if args.table not in TABLES:
        raise UsageError(f"--table: unknown table {args.table!r}; expected one of {', '.join(TABLES)}")
    given = {name for name, value in (("month", args.month), ("date", args.date),
                                      ("from", args.from_), ("to", args.to)) if value is not None}
    wanted = set(OPTIONS_OF[TABLES[args.table].option])
    for extra in sorted(given - wanted):
        raise UsageError(f"--{extra}: not taken by table {args.table} "
                         f"(it takes {' and '.join('--' + w for w in sorted(wanted))})")
    for missing in sorted(wanted - given):
        raise UsageError(f"--{missing}: required by table {args.table}")
    if "month" in wanted:
        return {"month": parse_month(args.month)}
    if "date" in wanted:
        return {"on": parse_day(args.date, "date")}
    start, end = parse_day(args.from_, "from"), parse_day(args.to, "to")
    if end <= start:
        raise UsageError(f"--to: {args.to} must be after --from {args.from_} (the end is exclusive)")
    return {"start": start, "end": end}


def load_scenario(path: str) -> Scenario:
    """Read and validate a scenario file; UsageError names the file, the JSON position or the field."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a scenario file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise UsageError(f"{path}: invalid JSON: nested too deeply") from None
    try:
        return parse_scenario(doc)
    except ScenarioError as exc:
        raise UsageError(f"{path}: invalid scenario: {exc.path}: {exc.message}") from None


def stats_main(argv: list[str]) -> int:
    """Entry point of ``fellesskap stats``; returns the exit code (0 success, 2 invalid input)."""
    try:
        args = _parser().parse_args(argv)
        options = _options(args)
        scenario = load_scenario(args.scenario)
        rows = compute_table(scenario, args.table, **options)
    except UsageError as exc:
        print(f"fellesskap stats: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    json.dump({"table": args.table, "rows": rows_to_dicts(rows)}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0
