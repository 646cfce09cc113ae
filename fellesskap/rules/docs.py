"""Render the rule reference of docs/rules.md from the pack files, so that the
documentation lists exactly the rules the engine runs.

``python -m fellesskap.rules.docs`` rewrites the part of docs/rules.md between
the two markers; the rest of the file is written by hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fellesskap.rules.pack import DEFAULT_PACKS, available_packs, load_pack

BEGIN = "<!-- BEGIN GENERATED RULE REFERENCE (python -m fellesskap.rules.docs) -->"
END = "<!-- END GENERATED RULE REFERENCE -->"
ORDER = (*DEFAULT_PACKS, "se", "dk", "fi")


def render_reference() -> str:
    ids = [p for p in ORDER if p in available_packs()] + [p for p in available_packs() if p not in ORDER]
    out: list[str] = []
    for pid in ids:
        pack = load_pack(pid)
        if pack.valid_from_pending:
            valid = "in force from a date still to be set"
        elif pack.valid_from:
            valid = f"valid from {pack.valid_from.isoformat()}"
        else:
            valid = "standards without a start date"
        out.append(f"### `{pack.id}` — {pack.title_en}")
        out.append("")
        out.append(f"*{pack.title_nb}.* Version `{pack.version}`, rule prefix `{pack.prefix}`, {valid}.")
        out.append("Sources: " + "; ".join(f"{s.name}" + (f" ({s.where})" if s.where else "") for s in pack.sources)
                   + ".")
        out.append("")
        for rule in pack.rules:
            marks = [rule.kind]
            if rule.interpretation:
                marks.append("**interpretation — to be verified**")
            if rule.severity != "breach":
                marks.append(rule.severity)
            if not rule.evaluated:
                marks.append("not evaluated")
            out.append(f"- **`{rule.id}`** ({', '.join(marks)})")
            out.append(f"  - en: {rule.text_en}")
            out.append(f"  - nb: {rule.text_nb}")
            out.append(f"  - source: {rule.source}")
            extra = []
            if rule.role:
                extra.append(f"responsible: {rule.role}")
            if rule.warn_hours is not None:
                extra.append(f"warning window: {rule.warn_hours:g} h")
            if extra:
                out.append("  - " + "; ".join(extra))
            params = json.dumps(dict(rule.parameters), ensure_ascii=False, sort_keys=True)
            out.append(f"  - parameters: `{params}`")
            if rule.note:
                out.append(f"  - note: {rule.note}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def update(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n\n{render_reference()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    update(target)
