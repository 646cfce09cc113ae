"""JSON-stat 2.0 datasets: the structure is consistent (id, size, dimension, value, status), and
each row's value sits at the index JSON-stat readers will compute for it."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import pytest

from fellesskap.stats.jsonstat import table_to_jsonstat, to_jsonstat
from fellesskap.stats.suppress import suppress_rows


def assert_consistent(ds: dict) -> None:
    """The invariants of a JSON-stat 2.0 dataset that a reader relies on."""
    assert ds["version"] == "2.0" and ds["class"] == "dataset"
    assert len(ds["id"]) == len(ds["size"]) == len(ds["dimension"])
    assert set(ds["id"]) == set(ds["dimension"])
    for dim, n in zip(ds["id"], ds["size"], strict=True):
        cat = ds["dimension"][dim]["category"]
        assert sorted(cat["index"].values()) == list(range(n)), dim
        assert set(cat["label"]) == set(cat["index"]), dim
    assert len(ds["value"]) == math.prod(ds["size"])
    for index, shown in ds.get("status", {}).items():
        assert ds["value"][int(index)] is None and shown
    for metric in ds["role"]["metric"]:
        assert metric in ds["id"]
    json.dumps(ds)  # serialisable as is


def value_at(ds: dict, **coords: str):
    """Row-major lookup, as JSON-stat readers do it (last dimension fastest)."""
    flat = 0
    for dim, n in zip(ds["id"], ds["size"], strict=True):
        flat = flat * n + ds["dimension"][dim]["category"]["index"][coords[dim]]
    return ds["value"][flat]


DAY_ROWS = [
    {"prison": "BER", "band": "4to8h", "count": 2},
    {"prison": "OSL", "band": "ge8h", "count": 1},
    {"prison": "OSL", "band": "lt2h", "count": 5},
]


def test_band_table_lists_every_band_in_order_and_fills_zeros():
    ds = table_to_jsonstat("day", DAY_ROWS, label="Day measurement",
                           updated=datetime(2026, 3, 18, 11, 0, tzinfo=UTC))
    assert_consistent(ds)
    assert ds["id"] == ["prison", "band", "measure"]
    assert ds["size"] == [2, 4, 1]
    assert list(ds["dimension"]["band"]["category"]["index"]) == ["lt2h", "2to4h", "4to8h", "ge8h"]
    # BER: lt2h 0, 2to4h 0, 4to8h 2, ge8h 0; OSL: lt2h 5, 2to4h 0, 4to8h 0, ge8h 1
    assert ds["value"] == [0, 0, 2, 0, 5, 0, 0, 1]
    assert value_at(ds, prison="OSL", band="lt2h", measure="count") == 5
    assert ds["updated"] == "2026-03-18T11:00:00+00:00"
    assert "status" not in ds


def test_suppressed_cells_are_null_with_a_status():
    public = suppress_rows(DAY_ROWS, level="prison")
    ds = table_to_jsonstat("day", public, language="nb")
    assert_consistent(ds)
    assert value_at(ds, prison="BER", band="4to8h", measure="count") is None
    assert value_at(ds, prison="OSL", band="lt2h", measure="count") == 5
    assert ds["status"] == {"2": "≤ 3", "7": "≤ 3"}
    assert ds["dimension"]["band"]["category"]["label"]["ge8h"] == "8 t eller mer"


def test_several_measures_make_a_metric_dimension_with_decimals():
    rows = [{"ground": "own_wish", "cases": 3, "hours": 143.0, "cases_share": 0.75, "hours_share": 0.799},
            {"ground": "quarantine", "cases": 1, "hours": 36.0, "cases_share": 0.25, "hours_share": 0.201}]
    ds = table_to_jsonstat("grounds", rows, label="Grounds")
    assert_consistent(ds)
    assert ds["size"] == [2, 4]
    assert ds["value"] == [3, 143.0, 0.75, 0.799, 1, 36.0, 0.25, 0.201]
    assert ds["dimension"]["ground"]["category"]["label"]["own_wish"] == "own wish"
    assert ds["dimension"]["measure"]["category"]["unit"]["hours"] == {"decimals": 1}


def test_boolean_and_missing_keys_become_string_categories():
    rows = [{"prison": "OSL", "over_22h": True, "count": 4}, {"prison": "OSL", "over_22h": False, "count": 1}]
    ds = table_to_jsonstat("over22", rows)
    assert_consistent(ds)
    assert ds["value"] == [1, 4]
    ds = to_jsonstat([{"region": None, "count": 2}, {"region": "east", "count": 1}],
                     dimensions=("region",), label="By region")
    assert list(ds["dimension"]["region"]["category"]["index"]) == ["east", "unknown"]


def test_an_empty_table_is_a_valid_empty_cube():
    ds = table_to_jsonstat("long", [])
    assert_consistent(ds)
    assert ds["size"] == [0, 1] and ds["value"] == []


@pytest.mark.parametrize(("rows", "message"), [
    ([{"prison": "OSL", "count": 1}], r"rows\[0\]\.band: missing"),
    ([{"prison": "OSL", "band": "10h", "count": 1}], r"band: value '10h' is not one of"),
    ([{"prison": "OSL", "band": "lt2h", "count": 1}, {"prison": "OSL", "band": "lt2h", "count": 2}],
     r"rows\[1\]: a second row"),
    ([{"prison": "OSL", "band": "lt2h", "count": None}], r"rows\[0\]\.count: null but the row is not marked"),
])
def test_rows_that_do_not_fit_are_named(rows, message):
    with pytest.raises(ValueError, match=message):
        table_to_jsonstat("day", rows)


def test_unknown_table():
    with pytest.raises(ValueError, match="unknown table 'nope'"):
        table_to_jsonstat("nope", [])
