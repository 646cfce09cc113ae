"""The figures do not depend on the road: evaluating a scenario file directly
and evaluating the export of its import into the database give the same
ledger days, episodes, findings and deadlines (ids translated back)."""

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from fellesskap.records import bridge, scenario_io
from fellesskap.records.importer import import_scenario
from fellesskap.registry.models import Person
from fellesskap.scenario.cli import evaluate_document
from fellesskap.scenario.parse import parse_scenario

pytestmark = pytest.mark.django_db

SCENARIOS = sorted(p for p in (Path(__file__).resolve().parents[3] / "tests" / "scenarios").glob("*.json")
                   if not p.name.endswith(".expected.json"))


def _rename(value, names: dict[str, str]):
    if isinstance(value, dict):
        return {k: _rename(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, names) for v in value]
    if isinstance(value, str):
        return names.get(value, value)
    return value


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_evaluate_of_export_of_import_equals_evaluate(path):
    doc = json.loads(path.read_text())
    original = parse_scenario(doc)
    imported = import_scenario(original)
    scenario = bridge.scenario_for(Person.objects.all(), original.period_start, original.period_end,
                                   original.evaluated_at)
    exported = scenario_io.to_document(scenario)
    back = {str(p.public_id): pid for pid, p in imported.persons.items()}
    back |= {db_id: decision for (_pid, decision), db_id in imported.decisions.items()}
    got = _rename(evaluate_document(exported), back)
    want = evaluate_document(doc)

    def key(section):
        return lambda row: json.dumps(row, sort_keys=True)

    for section in ("days", "episodes", "findings", "deadlines"):
        assert sorted(got[section], key=key(section)) == sorted(want[section], key=key(section)), section
    assert want["days"], "the scenario has person-days"
    assert isinstance(original.period_start, date) and isinstance(original.evaluated_at, datetime)
