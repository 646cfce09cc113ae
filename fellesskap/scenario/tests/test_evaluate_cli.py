"""``fellesskap evaluate``: output shape, --at, stdin, and a clear exit 2 for every bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from fellesskap.scenario.cli import evaluate_main

DOC = {
    "timezone": "Europe/Oslo",
    "period": {"start": "2026-05-01", "end": "2026-05-03"},
    "persons": [{
        "id": "P1",
        "stays": [{"prison": "OSL", "status": "remand", "start": "2026-04-20T12:00:00+02:00", "end": None}],
        "exclusions": [{"id": "E1", "scope": "full", "ground": "own_wish",
                        "start": "2026-05-01T08:00:00+02:00", "end": None}],
        "contacts": [{"kind": "visit", "start": "2026-05-01T10:00:00+02:00", "end": "2026-05-01T10:45:00+02:00"}],
    }],
}


def run(tmp_path: Path, capsys, doc, *args) -> tuple[int, str, str]:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc)
    rc = evaluate_main([str(path), *args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_output_document(tmp_path, capsys):
    rc, out, err = run(tmp_path, capsys, DOC)
    assert rc == 0 and err == ""
    got = json.loads(out)
    assert set(got) == {"days", "episodes", "findings", "deadlines"}
    assert got["days"][0] == {
        "person": "P1", "date": "2026-05-01", "custody_minutes": 1440, "contact_minutes": 45,
        "association_minutes": 0, "outdoor_minutes": 0, "out_of_cell_minutes": 0,
        "no_contact_minutes": 1395, "isolated": True, "cause": "full_exclusion:own_wish",
        "isolated_streak": 1, "states": {"full_exclusion": 960},
    }
    # Ongoing at the default evaluated_at (end of period, 3 May 00:00+02:00): 40 h.
    assert got["episodes"] == [{"person": "P1", "kind": "full_exclusion", "decisions": ["E1"],
                                "start": "2026-05-01T08:00:00+02:00", "end": None, "hours": 40.0,
                                "long": False, "over_22h": True}]


def test_at_overrides_evaluated_at(tmp_path, capsys):
    rc, out, _ = run(tmp_path, capsys, DOC, "--at", "2026-05-01T20:00:00+02:00")
    got = json.loads(out)
    assert rc == 0
    assert [d["date"] for d in got["days"]] == ["2026-05-01"]
    assert got["days"][0]["custody_minutes"] == 1200
    assert got["episodes"][0]["hours"] == 12.0


def test_reads_stdin(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(DOC)))
    assert evaluate_main(["-"]) == 0
    assert json.loads(capsys.readouterr().out)["days"][1]["date"] == "2026-05-02"


def test_instants_in_winter_are_printed_with_plus_one(tmp_path, capsys):
    doc = json.loads(json.dumps(DOC))
    doc["period"] = {"start": "2026-01-05", "end": "2026-01-06"}
    doc["persons"][0]["exclusions"][0]["start"] = "2026-01-05T07:00:00Z"
    _, out, _ = run(tmp_path, capsys, doc)
    assert json.loads(out)["episodes"][0]["start"] == "2026-01-05T08:00:00+01:00"


def _bad_stay_start():
    doc = json.loads(json.dumps(DOC))
    doc["persons"][0]["stays"][0]["start"] = "2026-04-20T12:00:00"
    return doc


@pytest.mark.parametrize("doc, args, message", [
    (_bad_stay_start(), [], "error: persons[0].stays[0].start: "),
    ("{not json", [], "invalid JSON at line 1"),
    (DOC, ["--at", "2026-05-01T20:00:00"], "error: --at: "),
    (DOC, ["--packs", "mandela,nowhere"], "nowhere"),
    ({"period": {"start": "2026-05-01"}, "persons": []}, [], "error: period.end: is required"),
])
def test_bad_input_exits_2_with_the_field_named(tmp_path, capsys, doc, args, message):
    rc, out, err = run(tmp_path, capsys, doc, *args)
    assert rc == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_missing_file(tmp_path, capsys):
    assert evaluate_main([str(tmp_path / "nope.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_missing_argument(capsys):
    assert evaluate_main([]) == 2
    assert capsys.readouterr().err.startswith("error: ")
