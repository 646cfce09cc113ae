"""CSV, XLSX and JSON-stat 2.0 exports: metadata in every file, suppression in public ones, valid JSON-stat."""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fellesskap.scenario.parse import parse_scenario
from fellesskap.stats import exports
from fellesskap.stats.compute import TABLES, compute_table
from fellesskap.stats.jsonstat import TABLE_SHAPES
from fellesskap.stats.publication import NOTES, PublishedTable
from fellesskap.stats.service import monthly_publication
from fellesskap.stats.tables import rows_to_dicts
from fellesskap.stats.tests.jsonstat_check import problems
from fellesskap.stats.tests.test_service import march_scenario

SAMPLE = Path(__file__).resolve().parents[3] / "tests" / "scenarios" / "stats" / "small-sample.json"


@pytest.fixture(scope="module")
def publication():
    return monthly_publication(march_scenario(), "2026-03", rule_packs={})


def data_lines(text: str) -> list[list[str]]:
    return list(csv.reader(line for line in text.splitlines() if not line.startswith("#")))


def test_csv_carries_titles_note_and_instant(publication):
    table = publication.tables["stock"]
    text = exports.to_csv(table, publication.data_instant, area="nation")
    head = [line for line in text.splitlines() if line.startswith("#")]
    assert f"# title_nb: {table.title_nb}" in head and f"# title_en: {table.title_en}" in head
    assert any(line.startswith("# note_nb: Personer med vedtak") for line in head)
    assert any(line.startswith("# note_en: Persons with a full-exclusion") for line in head)
    assert "# data_instant: 2026-04-01T22:00:00+00:00" in head
    assert "# reference: 2026-03-31" in head and "# area: nation" in head


def test_public_csv_suppresses_prison_counts_internal_does_not(publication):
    table = publication.tables["coercive"]
    public = data_lines(exports.to_csv(table, publication.data_instant))
    assert public == [["prison", "kind", "count", "hours", "shown"], ["BER", "security_cell", "", "", "≤ 3"]]
    internal = data_lines(exports.to_csv(table, publication.data_instant, public=False))
    assert internal == [["prison", "kind", "count", "hours"], ["BER", "security_cell", "1", "3.5"]]


def test_large_counts_are_shown():
    rows = ({"prison": "OSL", "count": 4}, {"prison": "BER", "count": 0})
    table = PublishedTable("long", "t", "t", "n", "n", "2026-03", rows)
    assert exports.public_rows(table) == [
        {"prison": "OSL", "count": 4, "count_label": "4", "suppressed": False},
        {"prison": "BER", "count": 0, "count_label": "0", "suppressed": False}]


def test_xlsx_has_a_sheet_per_table_with_metadata(publication):
    data = exports.to_xlsx(list(publication.tables.values()), publication.data_instant, area="nation")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["innhold", "started", "stock", "long", "coercive", "grounds"]
    sheet = book["coercive"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    meta = {r[0]: r[1] for r in rows if r[0] and r[1] and r[0] in ("title_nb", "title_en", "note_nb", "note_en",
                                                                    "data_instant")}
    assert meta["title_en"] == publication.tables["coercive"].title_en
    assert meta["note_nb"] == NOTES["coercive"][0]
    assert meta["data_instant"] == "2026-04-01T22:00:00+00:00"
    header = rows.index(("prison", "kind", "count", "hours", "shown"))
    assert rows[header + 1] == ("BER", "security_cell", None, None, "≤ 3")
    internal = load_workbook(io.BytesIO(exports.to_xlsx([publication.tables["stock"]], publication.data_instant,
                                                         public=False)))
    values = [tuple(c.value for c in row) for row in internal["stock"].iter_rows()]
    assert ("OSL", "own_wish", "remand", 1) in values


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("public", [True, False])
def test_publication_jsonstat_is_valid(publication, language, public):
    for table in publication.tables.values():
        dataset = exports.to_jsonstat(table, publication.data_instant, language=language, public=public)
        assert problems(dataset) == [], table.name
        assert dataset["label"] == table.title(language)
        assert dataset["note"] == [table.note(language)]
        assert dataset["extension"]["title_nb"] == table.title_nb
        assert dataset["extension"]["title_en"] == table.title_en
        assert dataset["updated"] == "2026-04-01T22:00:00+00:00"
        json.dumps(dataset)  # serialisable as it is


def test_every_table_of_the_sample_gives_valid_jsonstat():
    scenario = parse_scenario(json.loads(SAMPLE.read_text(encoding="utf-8")))
    options = {"month": {"month": (2026, 3)}, "date": {"on": date(2026, 3, 18)},
               "range": {"start": date(2026, 3, 1), "end": date(2026, 4, 1)}}
    for name, spec in TABLES.items():
        rows = tuple(rows_to_dicts(compute_table(scenario, name, **options[spec.option])))
        table = PublishedTable(name, spec.title_nb, spec.title_en, *NOTES[name], "2026-03", rows)
        dataset = exports.to_jsonstat(table, scenario.evaluated_at)
        assert problems(dataset) == [], name
        if "prison" in TABLE_SHAPES[name].dimensions:  # national tables have no prison rows to suppress
            # the public dataset hides small prison counts as null with a status
            suppressed = [r for r in exports.public_rows(table) if r["suppressed"]]
            assert len(dataset.get("status", {})) >= len(suppressed)


def test_the_checker_can_fail(publication):
    good = exports.to_jsonstat(publication.tables["stock"], publication.data_instant)
    broken = copy.deepcopy(good)
    broken["value"].append(1)
    assert any("cells" in p for p in problems(broken))
    broken = copy.deepcopy(good)
    broken["version"] = "1.0"
    assert problems(broken)
    broken = copy.deepcopy(good)
    broken["dimension"]["prison"]["category"]["index"] = {"OSL": 0, "BER": 5}
    assert problems(broken)
    broken = copy.deepcopy(good)
    broken["role"] = {"metric": ["nope"]}
    assert any("nope" in p for p in problems(broken))
