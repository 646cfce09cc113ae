"""Every pack over the ledger of the shared example scenarios: the engine runs
on real ledger output, records pack versions, keeps findings inside the period
and lists deadlines only for the ledger's episodes; the comparison packs
(se, dk, fi) never change the stable output of the default packs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fellesskap.ledger import build_ledger
from fellesskap.rules import available_packs, evaluate_packs, load_pack
from fellesskap.scenario.parse import parse_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "tests" / "scenarios"
NAMES = ["01-overlap-and-union", "02-renewal-does-not-restart-clock", "small-sample"]


@pytest.fixture(scope="module", params=NAMES)
def evaluated(request):
    doc = json.loads((SCENARIOS / f"{request.param}.json").read_text(encoding="utf-8"))
    scenario = parse_scenario(doc)
    ledger = build_ledger(scenario)
    return scenario, ledger, evaluate_packs(scenario, ledger, available_packs())


def test_all_packs_run_and_record_their_versions(evaluated):
    scenario, ledger, (findings, deadlines) = evaluated
    versions = {pid: load_pack(pid).version for pid in available_packs()}
    for item in [*findings, *deadlines]:
        assert item.pack_version == versions[item.pack]
        assert item.rule.startswith(load_pack(item.pack).prefix + ".")
    assert all(scenario.period_start <= f.date < scenario.period_end for f in findings)
    episodes = {(e.person, e.decisions[0]) for e in ledger.episodes}
    firsts = {(e.person, min(e.decisions)) for e in ledger.episodes}
    for dl in deadlines:
        assert (dl.person, dl.subject) in episodes | firsts
        assert dl.status in ("met", "missed", "pending")
        assert (dl.status == "met") == (dl.met_at is not None)
        if dl.status == "missed":
            assert dl.due <= scenario.evaluated_at


def test_comparison_packs_do_not_change_the_default_output(evaluated):
    scenario, ledger, (findings, deadlines) = evaluated
    default_f, default_d = evaluate_packs(scenario, ledger)
    defaults = {"no-current", "no-2026", "mandela", "cpt"}
    # The order differs (packs are sorted in the order asked for), the items do not.
    assert sorted(map(repr, (f for f in findings if f.pack in defaults))) == sorted(map(repr, default_f))
    assert sorted(map(repr, (d for d in deadlines if d.pack in defaults))) == sorted(map(repr, default_d))
