"""The scenario parser refuses bad input with the path of the field at fault."""

import json
from pathlib import Path

import pytest

from fellesskap.scenario.parse import ScenarioError, parse_scenario

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "scenarios"


def _doc(**person):
    base = {"id": "P1", "stays": [{"prison": "OSL", "status": "remand",
                                   "start": "2026-03-01T10:00:00+01:00", "end": None}]}
    base.update(person)
    return {"period": {"start": "2026-03-01", "end": "2026-03-03"}, "persons": [base]}


def test_minimal_scenario_parses_with_defaults():
    sc = parse_scenario(_doc())
    assert sc.timezone == "Europe/Oslo"
    assert sc.census_time.hour == 12
    # evaluated_at defaults to local midnight at the end of the period (UTC 23:00 the day before).
    assert sc.evaluated_at.isoformat() == "2026-03-02T23:00:00+00:00"
    assert sc.persons[0].stays[0].start.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    ("person", "path", "fragment"),
    [
        ({"stays": [{"prison": "OSL", "status": "remand", "start": "2026-03-01T10:00:00"}]},
         "persons[0].stays[0].start", "no UTC offset"),
        ({"stays": [{"prison": "OSL", "status": "jailed", "start": "2026-03-01T10:00:00+01:00"}]},
         "persons[0].stays[0].status", "unknown value"),
        ({"exclusions": [{"id": "E1", "scope": "full", "ground": "boredom",
                          "start": "2026-03-01T10:00:00+01:00"}]},
         "persons[0].exclusions[0].ground", "unknown value"),
        ({"contacts": [{"kind": "association", "start": "2026-03-01T10:00:00+01:00",
                        "end": "2026-03-01T09:00:00+01:00"}]},
         "persons[0].contacts[0].end", "before start"),
        ({"reviews": [{"subject": "E9", "level": "region", "at": "2026-03-01T10:00:00+01:00"}]},
         "persons[0].reviews[0].subject", "no exclusion"),
        ({"exclusions": [{"id": "E1", "scope": "full", "start": "2026-03-01T10:00:00+01:00"}]},
         "persons[0].exclusions[0].ground", "required"),
        ({"stays": [{"prison": "OSL", "status": "remand", "start": "2026-03-01T10:00:00+01:00", "end": None},
                    {"prison": "BER", "status": "remand", "start": "2026-03-02T10:00:00+01:00", "end": None}]},
         "persons[0].stays[1].start", "overlaps"),
    ],
)
def test_bad_input_names_the_field(person, path, fragment):
    with pytest.raises(ScenarioError) as err:
        parse_scenario(_doc(**person))
    assert err.value.path == path
    assert fragment in err.value.message


def test_period_end_must_follow_start():
    doc = _doc()
    doc["period"] = {"start": "2026-03-03", "end": "2026-03-03"}
    with pytest.raises(ScenarioError) as err:
        parse_scenario(doc)
    assert err.value.path == "period.end"


@pytest.mark.skipif(not SHARED.exists(), reason="shared scenarios not beside the checkout")
def test_shared_scenarios_parse():
    for path in sorted(SHARED.rglob("*.json")):
        if path.name.endswith((".expected.json", ".queries.json")):
            continue
        sc = parse_scenario(json.loads(path.read_text()))
        assert sc.persons, path
