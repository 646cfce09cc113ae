"""docs/rules.md lists every rule of every pack, and its generated reference is
up to date with the pack files."""

from __future__ import annotations

from pathlib import Path

from fellesskap.rules import available_packs, load_pack
from fellesskap.rules.docs import BEGIN, END, render_reference

DOC = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def test_docs_list_every_rule_id_of_every_pack():
    text = DOC.read_text(encoding="utf-8")
    missing = [r.id for pid in available_packs() for r in load_pack(pid).rules if f"`{r.id}`" not in text]
    assert missing == []


def test_generated_reference_is_up_to_date():
    text = DOC.read_text(encoding="utf-8")
    generated = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert generated == render_reference().strip(), "run: python -m fellesskap.rules.docs"
