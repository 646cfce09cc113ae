"""Fuzzing ``fellesskap evaluate``: whatever the scenario file holds, the
command either evaluates it (exit 0, a JSON document) or refuses it with exit
2 and one line ``error: FIELD: message`` naming where the problem is — never
a traceback. Inputs are mutants of the shared scenarios, random JSON, and
random text (fellesskap.fuzzing)."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fellesskap.fuzzing import TRIED, json_values, mutants
from fellesskap.scenario.cli import evaluate_main

SEEDS = [json.loads(p.read_text()) for p in sorted((Path(__file__).parents[3] / "tests" / "scenarios").glob("0*.json"))
         if not p.name.endswith(".expected.json")]
# "error: " then a field path (persons[0].stays[1].start, period.end, stdin, --at ...) then ": " and a message.
REFUSAL = re.compile(r"^error: [^\s:][^:]*: \S.*\n$")
FUZZ = settings(max_examples=300, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def evaluate_text(text: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with (contextlib.redirect_stdout(out), contextlib.redirect_stderr(err),
          pytest.MonkeyPatch.context() as mp):
        mp.setattr("sys.stdin", io.StringIO(text))
        rc = evaluate_main(["-", *args])
    return rc, out.getvalue(), err.getvalue()


def check(text: str, *args: str) -> None:
    TRIED["evaluate"] += 1
    rc, out, err = evaluate_text(text, *args)
    assert rc in (0, 2), (rc, err)
    assert "Traceback" not in err
    if rc == 0:
        assert set(json.loads(out)) == {"days", "episodes", "findings", "deadlines"} and err == ""
    else:
        assert REFUSAL.match(err), err
        assert out == ""


def test_the_seeds_are_valid():
    assert len(SEEDS) >= 2
    for seed in SEEDS:
        assert evaluate_text(json.dumps(seed))[0] == 0


@FUZZ
@given(st.data())
def test_mutated_scenarios_evaluate_or_are_refused_naming_the_field(data):
    seed = data.draw(st.sampled_from(SEEDS))
    check(json.dumps(data.draw(mutants(seed))))


@FUZZ
@given(json_values)
def test_random_json_is_refused_naming_the_field(doc):
    check(json.dumps(doc))


@settings(max_examples=100, deadline=None, database=None, derandomize=True)
@given(st.text(max_size=200))
def test_random_text_is_refused(text):
    check(text)


@settings(max_examples=100, deadline=None, database=None, derandomize=True)
@given(st.sampled_from([None, "no-current", "mandela,cpt", "", ",", "xx", "no-current,xx"]),
       st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["2026-02-03T12:00:00+01:00", "2026-02-03"])))
def test_options_are_refused_naming_the_option(packs, at):
    args = (["--packs", packs] if packs is not None else []) + (["--at", at] if at is not None else [])
    check(json.dumps(SEEDS[0]), *args)


def test_report_the_inputs_tried(capsys):
    with capsys.disabled():
        print(f"\nfuzzing evaluate: {TRIED['evaluate']} inputs tried")
