"""``fellesskap rules list [--pack ID] [--lang nb|en]`` and
``fellesskap rules show RULE_ID``: read the rule packs without a database, so
that anyone can see which rules exist, what they say and where they come from."""

from __future__ import annotations

import argparse
import json
import sys

from fellesskap.rules.pack import PackError, Rule, available_packs, find_rule, load_pack


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a message, never a traceback
        raise SystemExit(_fail(message))


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fellesskap rules", description="Rule packs: list and show rules.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    lst = sub.add_parser("list", help="list the rules of every pack (or one)")
    lst.add_argument("--pack", help="only this pack id")
    lst.add_argument("--lang", choices=("nb", "en"), default="nb")
    show = sub.add_parser("show", help="show one rule with its source and parameters")
    show.add_argument("rule_id")
    show.add_argument("--lang", choices=("nb", "en"), default=None, help="one language (default both)")
    return parser


def rules_main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "list":
            return _list(args.pack, args.lang)
        return _show(args.rule_id, args.lang)
    except PackError as exc:
        return _fail(str(exc))


def _flags(rule: Rule) -> str:
    marks = []
    if rule.interpretation:
        marks.append("interpretation")
    if rule.severity != "breach":
        marks.append(rule.severity)
    if not rule.evaluated:
        marks.append("not evaluated")
    return f" [{', '.join(marks)}]" if marks else ""


def _list(pack_id: str | None, lang: str) -> int:
    ids = [pack_id] if pack_id else available_packs()
    for pid in ids:
        pack = load_pack(pid)
        if pack.valid_from_pending:
            valid = "in force from a date to be set"
        elif pack.valid_from:
            valid = f"from {pack.valid_from.isoformat()}"
        else:
            valid = "no start date"
        print(f"{pack.id} {pack.version} — {pack.title(lang)} ({valid})")
        for rule in pack.rules:
            print(f"  {rule.id:<52} {rule.kind:<20} {rule.text(lang)}{_flags(rule)}")
    return 0


def _show(rule_id: str, lang: str | None) -> int:
    try:
        rule = find_rule(rule_id)
    except KeyError:
        return _fail(f"unknown rule id {rule_id!r}; see `fellesskap rules list`")
    pack = load_pack(rule.pack)
    print(f"{rule.id}  ({rule.kind})")
    print(f"pack: {pack.id} {pack.version} — {pack.title(lang or 'en')}")
    if lang in (None, "nb"):
        print(f"nb: {rule.text_nb}")
    if lang in (None, "en"):
        print(f"en: {rule.text_en}")
    print(f"source: {rule.source}")
    print(f"interpretation: {'yes (to be verified)' if rule.interpretation else 'no'}")
    print(f"severity: {rule.severity}")
    if rule.role:
        print(f"responsible: {rule.role}")
    if rule.warn_hours is not None:
        print(f"warning window: {rule.warn_hours:g} h before due")
    if not rule.evaluated:
        print(f"evaluated: no — {rule.note}")
    elif rule.note:
        print(f"note: {rule.note}")
    print("parameters: " + json.dumps(dict(rule.parameters), ensure_ascii=False, sort_keys=True))
    return 0
