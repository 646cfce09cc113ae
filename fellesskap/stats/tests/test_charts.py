"""Chart specs: the figures they carry, and that Vega-Lite accepts them (compiled and rendered offline)."""

from __future__ import annotations

import json

import pytest

from fellesskap.stats import charts, render
from fellesskap.stats.reference import HistoryPoint, continued, load

GROUNDS = [{"ground": "own_wish", "cases": 1, "hours": 600.0, "cases_share": 0.1, "hours_share": 0.6},
           {"ground": "order_and_security", "cases": 9, "hours": 400.0, "cases_share": 0.9, "hours_share": 0.4}]


def all_specs(language: str) -> dict[str, dict]:
    points = continued(load(), [("security_cell", 2025, 240, "2025-12 #1")])
    return {
        "started": charts.started_per_month([{"month": "2026-02", "status": "remand", "count": 4},
                                             {"month": "2026-02", "status": "sentenced", "count": 7}], language),
        "stock": charts.fully_excluded_by_ground([{"ground": "own_wish", "status": "remand", "count": 3}], language),
        "long": charts.long_over_time([{"month": "2026-01", "count": 12}, {"month": "2026-02", "count": 13}],
                                      language),
        "grounds": charts.cases_against_hours(GROUNDS, language),
        "day": charts.contact_distribution([{"prison": "A", "band": "ge8h", "count": 2},
                                            {"prison": "B", "band": "lt2h", "count": 1},
                                            {"prison": "A", "band": "lt2h", "count": 3}],
                                           ("lt2h", "2to4h", "4to8h", "ge8h"), language),
        "history": charts.history(points, language),
    }


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_spec_compiles_to_vega(language):
    import vl_convert

    for name, spec in all_specs(language).items():
        assert spec["$schema"].endswith("vega-lite/v5.json"), name
        json.dumps(spec)
        vega = vl_convert.vegalite_to_vega(spec)  # raises on an invalid spec
        assert vega["marks"], name


def test_one_chart_renders_to_svg():
    svg = render.to_svg(all_specs("en")["grounds"])
    assert svg.startswith("<svg") and "share of hours" in svg and "own wish" in svg


def test_started_and_stock_use_vocabulary_labels():
    specs = all_specs("en")
    assert {v["status"] for v in specs["started"]["data"]["values"]} == {"remand", "sentenced"}
    nb = all_specs("nb")
    assert nb["stock"]["data"]["values"] == [{"ground": "eget ønske", "status": "varetekt", "count": 3}]


def test_cases_against_hours_has_both_shares_per_ground():
    values = all_specs("en")["grounds"]["data"]["values"]
    assert sorted((v["ground"], v["measure"], v["share"]) for v in values) == [
        ("order and security", "share of cases", 0.9), ("order and security", "share of hours", 0.4),
        ("own wish", "share of cases", 0.1), ("own wish", "share of hours", 0.6)]


def test_contact_distribution_sums_prisons_and_keeps_empty_bands_in_order():
    spec = all_specs("en")["day"]
    assert [(v["band"], v["count"]) for v in spec["data"]["values"]] == [
        ("under 2 h", 4), ("2–4 h", 0), ("4–8 h", 0), ("8 h or more", 2)]
    assert spec["encoding"]["x"]["sort"] == ["under 2 h", "2–4 h", "4–8 h", "8 h or more"]


def test_history_continues_from_the_last_published_year():
    points = [HistoryPoint("suicide", 2023, 7, "reference", "meld-st-31"),
              HistoryPoint("suicide", 2024, 4, "reference", "meld-st-31"),
              HistoryPoint("suicide", 2025, 5, "fellesskap", "2025 #1")]
    values = charts.history(points, "en")["data"]["values"]
    assert [(v["year"], v["count"], v["origin"]) for v in values] == [
        (2023, 7, "published"), (2024, 4, "published"), (2024, 4, "fellesskap"), (2025, 5, "fellesskap")]


def test_history_of_the_shipped_data_prefers_the_newer_source():
    values = all_specs("en")["history"]["data"]["values"]
    beds_2020 = [v for v in values if v["year"] == 2020 and v["measure"] == "security bed used"]
    assert [(v["count"], v["source"]) for v in beds_2020] == [(21, "meld-st-31")]
    assert [v["count"] for v in values if v["year"] == 2025] == [240]
