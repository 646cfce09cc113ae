"""``fellesskap stats``: output shape, and exit 2 with one clear line for every kind of bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from fellesskap.stats.cli import stats_main

SCENARIO = {
    "period": {"start": "2026-03-01", "end": "2026-04-01"},
    "persons": [{
        "id": "P1",
        "stays": [{"prison": "OSL", "status": "sentenced", "start": "2026-02-01T10:00:00+01:00", "end": None}],
        "exclusions": [{"id": "E1", "scope": "full", "ground": "own_wish",
                        "start": "2026-03-02T08:00:00+01:00", "end": "2026-03-03T08:00:00+01:00"}],
    }],
}


@pytest.fixture
def scenario_file(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SCENARIO))
    return str(path)


def test_prints_the_table(scenario_file, capsys):
    assert stats_main([scenario_file, "--table", "stock", "--date", "2026-03-02"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "table": "stock", "rows": [{"prison": "OSL", "ground": "own_wish", "status": "sentenced", "count": 1}]}


def test_a_period_without_data_is_an_empty_table(scenario_file, capsys):
    assert stats_main([scenario_file, "--table", "grounds", "--from", "2025-01-01", "--to", "2025-02-01"]) == 0
    assert json.loads(capsys.readouterr().out) == {"table": "grounds", "rows": []}


@pytest.mark.parametrize(("args", "message"), [
    (["--table", "nope", "--date", "2026-03-02"], "unknown table 'nope'"),
    (["--date", "2026-03-02"], "required: --table"),
    (["--table", "stock"], "--date: required by table stock"),
    (["--table", "started"], "--month: required by table started"),
    (["--table", "grounds", "--from", "2026-03-01"], "--to: required by table grounds"),
    (["--table", "stock", "--date", "2026-03-02", "--month", "2026-03"], "--month: not taken by table stock"),
    (["--table", "started", "--month", "2026-03", "--from", "2026-03-01"], "--from: not taken by table started"),
    (["--table", "stock", "--date", "2026-02-30"], "--date: '2026-02-30' is not a date YYYY-MM-DD"),
    (["--table", "stock", "--date", "20260302"], "is not a date YYYY-MM-DD"),
    (["--table", "started", "--month", "2026-13"], "--month: '2026-13' is not a month YYYY-MM"),
    (["--table", "started", "--month", "2026-3"], "is not a month YYYY-MM"),
    (["--table", "started", "--month", "0001-01"], "--month: year must lie between"),
    (["--table", "grounds", "--from", "2026-03-01", "--to", "2026-03-01"], "--to: 2026-03-01 must be after --from"),
    (["--table", "over22", "--from", "2026-03-05", "--to", "2026-03-01"], "must be after --from"),
    (["--table", "stock", "--date"], "expected one argument"),
    (["--table", "stock", "--date", "2026-03-02", "--bogus"], "unrecognized arguments: --bogus"),
])
def test_bad_options_exit_2_with_a_message(scenario_file, capsys, args, message):
    assert stats_main([scenario_file, *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err
    assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    ("{\"period\": ", "invalid JSON at line 1 column 12"),
    ("[1, 2]", "invalid scenario: scenario: must be an object"),
    (json.dumps({**SCENARIO, "period": {"start": "2026-03-01"}}), "invalid scenario: period.end: is required"),
    (json.dumps({**SCENARIO, "persons": [{**SCENARIO["persons"][0], "stays": [{"prison": "OSL",
                 "status": "free", "start": "2026-02-01T10:00:00+01:00"}]}]}),
     "invalid scenario: persons[0].stays[0].status: unknown value 'free'"),
    (b"\xff\xfe\x00", "cannot be read"),
])
def test_bad_scenarios_exit_2_naming_the_field(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    assert stats_main([str(path), "--table", "stock", "--date", "2026-03-02"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_directory_is_not_a_scenario(tmp_path, capsys):
    assert stats_main([str(tmp_path), "--table", "stock", "--date", "2026-03-02"]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_the_console_command_dispatches_to_stats(scenario_file):
    # Through the real entry point, as the checker calls it: exit code and streams.
    done = subprocess.run([sys.executable, "-m", "fellesskap.cli", "stats", scenario_file, "--table", "x"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "unknown table 'x'" in done.stderr and "Traceback" not in done.stderr
