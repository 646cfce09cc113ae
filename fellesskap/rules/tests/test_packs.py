"""Every pack loads and is complete; the stable ids exist with their kinds; a
broken pack file is a clear error naming the file and the rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fellesskap.rules import (
    DEFAULT_PACKS,
    PackError,
    UnknownPackError,
    available_packs,
    find_rule,
    load_pack,
    load_packs,
)
from fellesskap.rules.pack import KINDS, load_pack_file

ALL = ("no-current", "no-2026", "mandela", "cpt", "se", "dk", "fi")
PREFIX = {"no-current": "no", "no-2026": "no-2026", "mandela": "mandela", "cpt": "cpt", "se": "se", "dk": "dk",
          "fi": "fi"}

STABLE = {
    "no.full_exclusion.region_14d": "deadline",
    "no.full_exclusion.kdi_42d": "deadline",
    "no.full_exclusion.kdi_every_14d": "deadline",
    "no.partial_exclusion.region_30d": "deadline",
    "no.exclusion.week_plan_24h": "deadline",
    "no.security_cell.region_3d": "deadline",
    "no.security_cell.kdi_6d": "deadline",
    "no.security_bed.region_24h": "deadline",
    "no.security_bed.kdi_3d": "deadline",
    "mandela.prolonged_solitary": "streak",
    "mandela.prohibited_person": "prohibited_when",
    "no.unregistered_isolation": "daily_maximum",
    "no.long_exclusion": "duration_cap",
    "no-2026.security_cell.supervision_60min": "supervision_interval",
    "cpt.outdoor_1h": "daily_minimum",
    "no-2026.out_of_cell_4h": "daily_minimum",
}


def test_every_pack_is_available_and_loads():
    assert set(available_packs()) == set(ALL)
    for pid in ALL:
        pack = load_pack(pid)
        assert pack.id == pid and pack.prefix == PREFIX[pid] and pack.version
        assert pack.title_nb and pack.title_en and pack.sources
        assert all(r.id.startswith(pack.prefix + ".") for r in pack.rules)


def test_every_rule_has_texts_a_source_and_a_known_kind():
    for pid in ALL:
        for rule in load_pack(pid).rules:
            assert rule.text_nb.strip() and rule.text_en.strip() and rule.source.strip(), rule.id
            assert rule.kind in KINDS
            assert rule.pack == pid and rule.pack_version == load_pack(pid).version
            if rule.kind == "deadline":
                assert rule.role and rule.warn_hours is not None, rule.id


def test_every_kind_is_used_by_some_evaluated_rule():
    used = {r.kind for pid in ALL for r in load_pack(pid).rules if r.evaluated}
    assert used == set(KINDS)


def test_stable_ids_exist_with_their_kinds_in_the_default_packs():
    default_ids = {r.id: r.kind for p in load_packs() for r in p.rules}
    for rid, kind in STABLE.items():
        assert default_ids.get(rid) == kind, rid


def test_default_packs_and_order():
    assert DEFAULT_PACKS == ("no-current", "no-2026", "mandela", "cpt")
    assert [p.id for p in load_packs()] == list(DEFAULT_PACKS)
    assert [p.id for p in load_packs(["se", "dk", "se"])] == ["se", "dk"]


def test_no_2026_is_in_force_from_a_date_still_to_be_set():
    pack = load_pack("no-2026")
    assert pack.valid_from is None and pack.valid_from_pending
    from datetime import date

    assert not pack.in_force_on(date(2026, 6, 1))
    assert load_pack("no-current").in_force_on(date(2026, 6, 1))


def test_unknown_pack_is_a_value_error_with_the_available_ids():
    with pytest.raises(ValueError, match="unknown rule pack 'xx'.*no-current"):
        load_pack("xx")
    with pytest.raises(UnknownPackError):
        load_packs(["mandela", "../etc/passwd"])


def test_find_rule():
    assert find_rule("cpt.outdoor_1h").pack == "cpt"
    with pytest.raises(KeyError):
        find_rule("cpt.nothing")


GOOD = """
id = "test"
prefix = "test"
version = "1"
[title]
nb = "Test"
en = "Test"
[[sources]]
name = "A law"
[[rules]]
id = "test.outdoor"
kind = "daily_minimum"
text_nb = "Ute"
text_en = "Outdoors"
source = "§ 1"
parameters = { field = "outdoor_minutes", min = 60 }
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "test.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_minimal_pack_loads(tmp_path):
    pack = load_pack_file(_write(tmp_path, GOOD))
    assert pack.rule("test.outdoor").parameters["min"] == 60


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "daily_minimum"', 'kind = "weekly"'), "test.toml: rule test.outdoor: unknown kind 'weekly'"),
        (('text_en = "Outdoors"\n', ""), "test.toml: rule test.outdoor: text_en is required"),
        (('source = "§ 1"\n', ""), "rule test.outdoor: source is required"),
        (('min = 60', 'minimum = 60'), "rule test.outdoor: unknown parameter 'minimum'"),
        (('min = 60', 'min = "sixty"'), "rule test.outdoor: parameter 'min' must be a number"),
        (('field = "outdoor_minutes"', 'field = "fresh_air"'), "parameter 'field' must be one of"),
        (('id = "test.outdoor"', 'id = "other.outdoor"'), "rule other.outdoor: id must start with the pack prefix"),
        (('id = "test.outdoor"', 'id = "Outdoor"'), "rules[0]: 'id' must be a string PREFIX.RULE"),
        (('version = "1"\n', ""), "test.toml: version is required"),
        (('kind = "daily_minimum"', 'kind = "daily_minimum"\nrole = "king"'), "unknown role 'king'"),
        (('[title]', 'valid_from = "soon"\n[title]'), "valid_from must be a TOML date"),
        (('prefix = "test"', 'prefix = "test'), "test.toml: not valid TOML"),
    ],
)
def test_invalid_packs_name_the_file_and_the_rule(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(PackError, match=re.escape(message)):
        load_pack_file(_write(tmp_path, GOOD.replace(old, new, 1)))


def test_duplicate_rule_ids_and_deadline_requirements(tmp_path):
    twice = GOOD + GOOD[GOOD.index("[[rules]]"):]
    with pytest.raises(PackError, match="rule test.outdoor: duplicate rule id"):
        load_pack_file(_write(tmp_path, twice))
    deadline = GOOD.replace(
        'kind = "daily_minimum"', 'kind = "deadline"\nrole = "region"\nwarn_hours = 24'
    ).replace('{ field = "outdoor_minutes", min = 60 }', '{ episodes = ["full_exclusion"], after_days = 14, record = "review" }')
    with pytest.raises(PackError, match="'levels' is required when record = review"):
        load_pack_file(_write(tmp_path, deadline))
    no_role = deadline.replace('role = "region"\n', "")
    with pytest.raises(PackError, match="needs 'role' and 'warn_hours'"):
        load_pack_file(_write(tmp_path, no_role))
    both = deadline.replace("after_days = 14", "after_days = 14, after_hours = 3, levels = [\"region\"]")
    with pytest.raises(PackError, match="exactly one of 'after_hours' and 'after_days'"):
        load_pack_file(_write(tmp_path, both))


def test_missing_pack_file(tmp_path):
    with pytest.raises(PackError, match="nothing.toml: file not found"):
        load_pack_file(tmp_path / "nothing.toml")
