"""The load test in small (5 users, 10 s) so that the script cannot rot: every
kind of request is sent, none fails, and the stored ledger equals a rebuild
afterwards. Timings are printed, never asserted (``--no-latency-target``);
the figures come from ``make loadtest`` (docs/reliability.md)."""

from __future__ import annotations

import json

import pytest

from fellesskap.security.tests.faults import cluster as C

KINDS = {"login", "login page", "ward board", "ward unlock", "ward lock in", "api register", "person list",
         "person page", "api persons", "api person"}


@pytest.mark.slow
def test_the_load_test_runs_without_errors_and_leaves_the_ledger_equal_to_a_rebuild(fault_db, tmp_path):
    out = tmp_path / "figures.json"
    done = C.fellesskap(["loadtest", "--users", "5", "--seconds", "10", "--ramp", "2", "--think", "0.3",
                         "--workers", "2", "--no-latency-target", "--json", str(out)], fault_db, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text())
    assert figures["logged_in"] == 5 and figures["errors"] == 0
    assert figures["ledger_differences"] == []
    counts = {f["kind"]: f["count"] for f in figures["figures"]}
    assert set(counts) == KINDS, "every kind of request was sent"
    assert counts["api register"] >= 3 and counts["ward unlock"] >= 3
    assert "stored ledger equals a rebuild" in done.stdout
