"""Fuzzing the import (``fellesskap scenario import``, fellesskap.records.importer).

For any mutant of a valid scenario file, the import either stores every row
of the file — as many persons, decisions, sessions, reviews, checks, week
plans and incidents in the database as in the file — or refuses the file with
an error naming the row and field (``persons[0].contacts[2].start: ...``) and
stores nothing. No row is silently dropped and no refusal is a traceback
(a database error, a KeyError). Run on SQLite and PostgreSQL: PostgreSQL
refuses what SQLite would quietly store (a text longer than its column)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fellesskap.fuzzing import TRIED, mutants
from fellesskap.records.importer import ImportRefused, import_scenario
from fellesskap.records.models import (
    CoerciveMeans,
    Exclusion,
    Incident,
    Review,
    Supervision,
    TimeSession,
    WeekPlan,
)
from fellesskap.registry.models import Person
from fellesskap.scenario.parse import ScenarioError, parse_scenario

pytestmark = pytest.mark.django_db

SCENARIOS = Path(__file__).parents[3] / "tests" / "scenarios"
SEEDS = [json.loads(p.read_text()) for p in sorted(SCENARIOS.glob("0*.json")) if not p.name.endswith(".expected.json")]
OUTCOMES: dict[str, int] = {}


def _expected(scenario) -> dict:
    persons = scenario.persons
    return {
        Person: len(persons),
        Exclusion: sum(len(p.exclusions) for p in persons),
        CoerciveMeans: sum(len(p.coercive_means) for p in persons),
        TimeSession: sum(len(p.contacts) + len(p.outdoor) + len(p.unlock) for p in persons),
        Review: sum(len(p.reviews) for p in persons),
        Supervision: sum(len(p.supervisions) for p in persons),
        WeekPlan: sum(len(p.week_plans) for p in persons),
        Incident: sum(len(p.incidents) for p in persons),
    }


def _stored() -> dict:
    return {model: model.all_objects.count() for model in (Person, Exclusion, CoerciveMeans, TimeSession, Review,
                                                           Supervision, WeekPlan, Incident)}


def _outcome(name: str) -> None:
    OUTCOMES[name] = OUTCOMES.get(name, 0) + 1
    TRIED["import"] += 1


@settings(max_examples=200, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(st.data())
def test_an_import_stores_every_row_or_refuses_naming_the_row(data):
    doc = data.draw(mutants(data.draw(st.sampled_from(SEEDS))))
    try:
        scenario = parse_scenario(doc)
    except ScenarioError as refused:
        assert refused.path and refused.message
        _outcome("refused by the parser")
        return
    with transaction.atomic():
        try:
            import_scenario(scenario)
        except (ScenarioError, ImportRefused) as refused:
            assert str(refused).strip()
            assert all(n == 0 for n in _stored().values()), "a refused import left rows behind"
            _outcome("refused by the import")
        else:
            assert _stored() == _expected(scenario), "a row of the file was not stored"
            _outcome("stored")
        transaction.set_rollback(True)  # the next input starts from an empty database again


def test_report_the_inputs_tried(capsys):
    with capsys.disabled():
        print(f"\nfuzzing import: {TRIED['import']} inputs tried: {OUTCOMES}")
