"""The monthly publication from a hand-made scenario, and the pure publication helpers."""

from __future__ import annotations

import dataclasses

import pytest

from fellesskap.scenario.model import CoerciveMeans, Prison
from fellesskap.stats.publication import Publication, PublishedTable, diff_tables, national_rows
from fellesskap.stats.service import (
    MONTHLY_TABLES,
    NATIONAL_TABLES,
    area_prisons,
    monthly_publication,
    parse_month,
)
from fellesskap.stats.tests.builders import excl, person, scenario, stay, t

PRISONS = (Prison(code="OSL", region="east", security_level="high"),
           Prison(code="BER", region="west", security_level="high"))


def march_scenario(evaluated_at: str = "2026-04-02T00:00:00+02:00"):
    a = person("A", [stay("OSL", "2026-01-01T08:00:00+01:00", status="remand")],
               [excl("A1", "2026-03-10T10:00:00+01:00", None, ground="own_wish")])
    # Started in February and still in force: not started in March, but in the stock, and long
    # (42 days from 2026-02-10 10:00 is 2026-03-24 10:00, inside March).
    b = person("B", [stay("BER", "2026-01-01T08:00:00+01:00")],
               [excl("B1", "2026-02-10T10:00:00+01:00", None)])
    b = dataclasses.replace(b, coercive_means=(
        CoerciveMeans(id="C1", kind="security_cell", start=t("2026-03-05T22:00:00+01:00"),
                      end=t("2026-03-06T01:30:00+01:00")),
        CoerciveMeans(id="C2", kind="security_cell", start=t("2026-02-28T22:00:00+01:00"),
                      end=t("2026-03-01T02:00:00+01:00"))))
    return scenario([a, b], evaluated_at=evaluated_at, prisons=PRISONS)


def test_every_monthly_table_with_titles_notes_and_instant():
    pub = monthly_publication(march_scenario(), "2026-03", rule_packs={"no-current": "1"})
    assert tuple(pub.tables) == MONTHLY_TABLES + NATIONAL_TABLES
    assert pub.data_instant == t("2026-04-02T00:00:00+02:00") and not pub.partial
    tables = pub.tables
    assert list(tables["started"].rows) == [{"prison": "OSL", "scope": "full", "status": "remand", "count": 1}]
    assert tables["stock"].reference == "2026-03-31"
    assert sorted((r["prison"], r["ground"]) for r in tables["stock"].rows) == [
        ("BER", "order_and_security"), ("OSL", "own_wish")]
    assert list(tables["long"].rows) == [{"prison": "BER", "count": 1}]
    # C2 started in February: not counted. C1 lasted 3.5 h.
    assert list(tables["coercive"].rows) == [{"prison": "BER", "kind": "security_cell", "count": 1, "hours": 3.5}]
    for table in tables.values():
        assert table.title_nb and table.title_en and table.note_nb and table.note_en and not table.partial
    # The national edition's shares by ground: every exclusion decision started in March, national.
    grounds = {r["ground"]: r for r in tables["grounds"].rows}
    assert grounds and all("prison" not in r for r in grounds.values())
    assert sum(r["cases"] for r in grounds.values()) == sum(
        1 for p in march_scenario().persons for d in p.exclusions
        if t("2026-03-01T00:00:00+01:00") <= d.start < t("2026-04-01T00:00:00+02:00")) > 0


def test_areas_keep_their_prisons_rows():
    sc = march_scenario()
    assert area_prisons(sc, "region:west") == {"BER"}
    west = monthly_publication(sc, "2026-03", area="region:west", rule_packs={})
    assert tuple(west.tables) == MONTHLY_TABLES  # grounds has no prison: national editions only
    assert west.tables["started"].rows == () and len(west.tables["stock"].rows) == 1
    osl = monthly_publication(sc, "2026-03", area="prison:OSL", rule_packs={})
    assert [r["prison"] for r in osl.tables["stock"].rows] == ["OSL"]
    empty = monthly_publication(sc, "2026-03", area="prison:XYZ", rule_packs={})
    assert all(not tbl.rows for tbl in empty.tables.values())


def test_a_month_not_yet_ended_is_partial_and_says_so():
    pub = monthly_publication(march_scenario("2026-03-20T15:00:00+01:00"), "2026-03", rule_packs={})
    assert pub.partial
    # The stock is taken on the last day whose 12:00 census has passed: the 20th.
    assert pub.tables["stock"].reference == "2026-03-20"
    assert len(pub.tables["stock"].rows) == 2
    assert "provisional" in pub.tables["started"].note_en and "foreløpige" in pub.tables["started"].note_nb
    assert pub.tables["long"].rows == ()  # B reaches 42 days on the 24th, after the data instant


def test_a_month_with_no_data_gives_empty_tables():
    pub = monthly_publication(march_scenario(), "2025-07", rule_packs={})
    assert all(tbl.rows == () for tbl in pub.tables.values())


@pytest.mark.parametrize("bad", ["2026-13", "2026-3", "march", ""])
def test_bad_period_names_the_field(bad):
    with pytest.raises(ValueError, match="period"):
        parse_month(bad)


def test_bad_area_names_the_field():
    with pytest.raises(ValueError, match="area"):
        monthly_publication(march_scenario(), "2026-03", area="county:3", rule_packs={})


def test_national_rows_sum_over_prisons():
    rows = [{"prison": "A", "scope": "full", "status": "remand", "count": 2},
            {"prison": "B", "scope": "full", "status": "remand", "count": 3},
            {"prison": "B", "scope": "partial", "status": "remand", "count": 1}]
    assert national_rows("started", rows) == [{"scope": "full", "status": "remand", "count": 5},
                                              {"scope": "partial", "status": "remand", "count": 1}]
    hours = [{"prison": "A", "kind": "security_cell", "count": 1, "hours": 0.1},
             {"prison": "B", "kind": "security_cell", "count": 1, "hours": 0.2}]
    assert national_rows("coercive", hours) == [{"kind": "security_cell", "count": 2, "hours": 0.3}]


def test_diff_lists_added_removed_and_changed_rows():
    old = {"long": {"rows": [{"prison": "A", "count": 2}, {"prison": "B", "count": 1}]}}
    new = {"long": {"rows": [{"prison": "A", "count": 3}, {"prison": "C", "count": 1}]},
           "stock": {"rows": [{"prison": "A", "ground": "own_wish", "status": "remand", "count": 1}]}}
    changes = diff_tables(old, new)
    assert changes == [
        {"table": "long", "key": {"prison": "A"}, "change": "changed", "old": {"count": 2}, "new": {"count": 3}},
        {"table": "long", "key": {"prison": "B"}, "change": "removed", "old": {"count": 1}, "new": None},
        {"table": "long", "key": {"prison": "C"}, "change": "added", "old": None, "new": {"count": 1}},
        {"table": "stock", "key": {"prison": "A", "ground": "own_wish", "status": "remand"}, "change": "added",
         "old": None, "new": {"count": 1}},
    ]
    assert diff_tables(new, new) == []


def test_published_table_round_trips_through_json():
    pub = monthly_publication(march_scenario(), "2026-03", rule_packs={})
    for name, doc in pub.tables_json().items():
        assert PublishedTable.from_json(doc) == pub.tables[name]
    assert isinstance(pub, Publication)


def test_tables_are_put_back_in_publication_order():
    from fellesskap.stats.publication import ordered_tables

    # jsonb (PostgreSQL) returns keys shortest first; the page must not follow that order.
    assert ordered_tables({"long": 1, "stock": 1, "started": 1, "coercive": 1, "grounds": 1}) == [
        "started", "stock", "long", "coercive", "grounds"]
