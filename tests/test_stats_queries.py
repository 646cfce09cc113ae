"""Every query of the shared statistics examples (copied from ../shared/scenarios/stats) gives
exactly the expected rows, in the expected order, both through the table functions and through
the ``fellesskap stats`` command."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from fellesskap.scenario.parse import parse_scenario
from fellesskap.stats.cli import stats_main
from fellesskap.stats.compute import compute_table
from fellesskap.stats.tables import rows_to_dicts

HERE = Path(__file__).parent / "scenarios" / "stats"
LEDGER_READY = (importlib.util.find_spec("fellesskap.ledger") is not None
                and hasattr(importlib.import_module("fellesskap.ledger"), "build_ledger"))
pytestmark = pytest.mark.skipif(not LEDGER_READY, reason="fellesskap.ledger.build_ledger is not there yet")


def _queries() -> list[tuple[str, int, dict]]:
    out = []
    for path in sorted(HERE.glob("*.queries.json")):
        name = path.name[: -len(".queries.json")]
        for i, query in enumerate(json.loads(path.read_text())):
            out.append((name, i, query))
    return out


QUERIES = _queries()
_SCENARIOS: dict[str, object] = {}


def _scenario(name: str):
    if name not in _SCENARIOS:
        _SCENARIOS[name] = parse_scenario(json.loads((HERE / f"{name}.json").read_text()))
    return _SCENARIOS[name]


def _options(query: dict) -> dict:
    if "month" in query:
        year, month = query["month"].split("-")
        return {"month": (int(year), int(month))}
    if "date" in query:
        return {"on": date.fromisoformat(query["date"])}
    return {"start": date.fromisoformat(query["from"]), "end": date.fromisoformat(query["to"])}


def test_there_are_queries_for_every_table():
    assert {q["table"] for _, _, q in QUERIES} == {
        "started", "stock", "long", "grounds", "day", "association", "over22", "isolated"}


@pytest.mark.parametrize(("name", "index", "query"), QUERIES,
                         ids=[f"{n}-{i}-{q['table']}" for n, i, q in QUERIES])
def test_query_gives_the_expected_rows(name, index, query):
    rows = compute_table(_scenario(name), query["table"], **_options(query))
    assert rows_to_dicts(rows) == query["expected"]["rows"]


def test_the_command_prints_the_same_rows(capsys):
    name, _, query = next(q for q in QUERIES if q[2]["table"] == "grounds")
    argv = [str(HERE / f"{name}.json"), "--table", "grounds", "--from", query["from"], "--to", query["to"]]
    assert stats_main(argv) == 0
    assert json.loads(capsys.readouterr().out) == query["expected"]
