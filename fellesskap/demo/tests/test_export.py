"""The demo written in the scenario format reads back as the same scenario."""

import json
from datetime import date, time

import pytest

from fellesskap.demo.export import instant_text, scenario_to_dict, to_scenario
from fellesskap.demo.generate import generate_registry, local_instant
from fellesskap.scenario.parse import parse_scenario


@pytest.fixture(scope="module")
def registry():
    return generate_registry(5, year=2025, scale=0.05)


def test_round_trip_through_the_parser(registry):
    scenario = to_scenario(registry, date(2025, 3, 1), date(2025, 4, 1))
    doc = json.loads(json.dumps(scenario_to_dict(scenario)))
    assert parse_scenario(doc) == scenario
    assert doc["period"] == {"start": "2025-03-01", "end": "2025-04-01"}
    assert doc["evaluated_at"] == "2025-04-01T00:00:00+02:00"  # local midnight, summer time


def test_window_clips_stays_and_keeps_only_persons_held(registry):
    lo, hi = local_instant(date(2025, 3, 1), time(0)), local_instant(date(2025, 4, 1), time(0))
    scenario = to_scenario(registry, date(2025, 3, 1), date(2025, 4, 1))
    expected = {p.id for p in registry.persons
                if any(s.start < hi and (s.end is None or s.end > lo) for s in p.stays)}
    assert {p.id for p in scenario.persons} == expected
    for person in scenario.persons:
        for stay in person.stays:
            assert lo <= stay.start < hi
            assert stay.end is None or stay.end < hi


def test_prison_filter(registry):
    scenario = to_scenario(registry, date(2025, 3, 1), date(2025, 4, 1), prison="OSL")
    assert scenario.persons
    assert all(any(s.prison == "OSL" for s in p.stays) for p in scenario.persons)
    assert "OSL" in {p.code for p in scenario.prisons}


def test_bad_window_and_prison_are_refused(registry):
    with pytest.raises(ValueError, match="--to"):
        to_scenario(registry, date(2025, 3, 1), date(2025, 3, 1))
    with pytest.raises(ValueError, match="--prison"):
        to_scenario(registry, date(2025, 3, 1), date(2025, 4, 1), prison="NOPE")


def test_instants_carry_the_oslo_offset():
    winter = local_instant(date(2025, 1, 10), time(9, 30))
    summer = local_instant(date(2025, 7, 10), time(9, 30))
    assert instant_text(winter) == "2025-01-10T09:30:00+01:00"
    assert instant_text(summer) == "2025-07-10T09:30:00+02:00"
