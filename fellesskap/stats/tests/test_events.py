"""Annual: persons with at least one isolation event and their share of all persons held (statistics.md)."""

from __future__ import annotations

import dataclasses
import json

from fellesskap.scenario.model import CoerciveMeans
from fellesskap.stats import tables
from fellesskap.stats.cli import stats_main
from fellesskap.stats.compute import compute_table
from fellesskap.stats.jsonstat import table_to_jsonstat
from fellesskap.stats.tests.builders import d, excl, person, scenario, stay, t
from fellesskap.stats.tests.jsonstat_check import problems

YEAR = (d("2025-01-01"), d("2026-01-01"))


def _world():
    remand_f = person("RF", [stay("OSL", "2024-12-01T08:00:00+01:00", status="remand")],
                      [excl("X1", "2024-12-20T10:00:00+01:00", "2025-01-02T10:00:00+01:00")], sex="female")
    plain_f = person("PF", [stay("OSL", "2025-03-01T08:00:00+01:00", "2025-04-01T08:00:00+02:00",
                                 status="remand")], sex="female")
    cell_m = dataclasses.replace(
        person("CM", [stay("BRG", "2025-02-01T08:00:00+01:00")], sex="male"),
        coercive_means=(CoerciveMeans(id="C1", kind="security_cell", start=t("2025-06-01T22:00:00+02:00"),
                                      end=t("2025-06-02T02:00:00+02:00")),))
    baton_m = dataclasses.replace(  # a baton is a coercive means but no isolation event
        person("BM", [stay("BRG", "2025-02-01T08:00:00+01:00", status="preventive_detention")], sex="male"),
        coercive_means=(CoerciveMeans(id="C2", kind="baton", start=t("2025-06-01T22:00:00+02:00"),
                                      end=t("2025-06-01T22:10:00+02:00")),))
    gone = person("GO", [stay("OSL", "2024-01-01T08:00:00+01:00", "2024-12-31T08:00:00+01:00")],
                  [excl("X2", "2024-05-01T10:00:00+02:00", "2024-06-01T10:00:00+02:00")], sex="male")
    late = person("LA", [stay("OSL", "2025-11-01T08:00:00+01:00")],  # excluded only after the data instant
                  [excl("X3", "2025-12-20T10:00:00+01:00", None)], sex="male")
    return scenario([remand_f, plain_f, cell_m, baton_m, gone, late], start="2025-01-01", end="2026-01-01",
                    evaluated_at="2025-12-15T00:00:00+01:00")


def test_persons_held_and_with_an_event_by_status_and_sex():
    rows = tables.rows_to_dicts(tables.events(_world(), *YEAR))
    assert rows == [
        # Preventive detention on its own: a baton is not an isolation event.
        {"status": "preventive_detention", "sex": "male", "held": 1, "persons": 0, "share": 0.0},
        # RF's exclusion began in 2024 and was in force on 1–2 January 2025; PF had none.
        {"status": "remand", "sex": "female", "held": 2, "persons": 1, "share": 0.5},
        # CM's security cell counts; LA's exclusion starts after the data instant; GO left in 2024.
        {"status": "sentenced", "sex": "male", "held": 2, "persons": 1, "share": 0.5},
    ]


def test_the_command_prints_the_same_rows_as_compute_table(capsys):
    from pathlib import Path

    from fellesskap.scenario.parse import parse_scenario

    path = str(Path(__file__).resolve().parents[3] / "tests" / "scenarios" / "stats" / "small-sample.json")
    world = parse_scenario(json.loads(Path(path).read_text()))
    rows = tables.rows_to_dicts(compute_table(world, "events", start=d("2026-03-01"), end=d("2026-04-01")))
    assert stats_main([path, "--table", "events", "--from", "2026-03-01", "--to", "2026-04-01"]) == 0
    assert json.loads(capsys.readouterr().out) == {"table": "events", "rows": rows}
    assert sum(r["persons"] for r in rows) > 0


def test_an_empty_period_has_no_rows_and_the_jsonstat_is_valid():
    assert tables.events(_world(), d("2019-01-01"), d("2020-01-01")) == []
    dataset = table_to_jsonstat("events", tables.rows_to_dicts(tables.events(_world(), *YEAR)))
    assert problems(dataset) == [] and dataset["id"] == ["status", "sex", "measure"]
