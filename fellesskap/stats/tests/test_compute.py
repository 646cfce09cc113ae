"""Tables computed end to end through the ledger (compute.py): renewals, and census dates
outside the scenario's period."""

from __future__ import annotations

import pytest

from fellesskap.scenario.parse import parse_scenario
from fellesskap.stats.compute import TABLES, census_days, compute_table, month_period
from fellesskap.stats.tables import BandRow, StartedRow
from fellesskap.stats.tests.builders import d

pytest.importorskip("fellesskap.ledger.episodes")


def _doc(**extra):
    doc = {
        "period": {"start": "2026-03-01", "end": "2026-04-01"},
        "evaluated_at": "2026-05-01T00:00:00+02:00",
        "persons": [{
            "id": "P1",
            "stays": [{"prison": "OSL", "status": "remand", "start": "2026-02-01T10:00:00+01:00", "end": None}],
            "exclusions": [
                {"id": "E1", "scope": "full", "ground": "own_wish",
                 "start": "2026-03-02T08:00:00+01:00", "end": "2026-03-16T08:00:00+01:00"},
                # renewal: starts as E1 ends, same episode
                {"id": "E2", "scope": "full", "ground": "own_wish",
                 "start": "2026-03-16T08:00:00+01:00", "end": "2026-03-30T08:00:00+02:00"},
                # 48 h after E2 ended: more than the 24 h merge gap, a new episode in April
                {"id": "E3", "scope": "full", "ground": "own_wish",
                 "start": "2026-04-01T08:00:00+02:00", "end": "2026-04-03T08:00:00+02:00"},
            ],
            "contacts": [
                {"kind": "association", "start": "2026-02-20T09:00:00+01:00", "end": "2026-02-20T12:00:00+01:00"},
                {"kind": "association", "start": "2026-04-10T09:00:00+02:00", "end": "2026-04-10T17:00:00+02:00"},
            ],
        }],
    }
    doc.update(extra)
    return parse_scenario(doc)


def test_month_period_wraps_the_year():
    assert month_period(2026, 12) == (d("2026-12-01"), d("2027-01-01"))
    assert month_period(2026, 3) == (d("2026-03-01"), d("2026-04-01"))


def test_renewal_through_the_ledger_is_one_start():
    s = _doc()
    assert compute_table(s, "started", month=(2026, 3)) == [StartedRow("OSL", "full", "remand", 1)]
    assert compute_table(s, "started", month=(2026, 4)) == [StartedRow("OSL", "full", "remand", 1)]


def test_census_dates_outside_the_period_get_their_own_ledger_day():
    s = _doc()
    # 20 Feb (before the period): 3 h of association -> 2to8h; 10 April (after it): 8 h -> ge8h
    assert compute_table(s, "association", on=d("2026-02-20")) == [BandRow("OSL", "2to8h", 1)]
    assert compute_table(s, "association", on=d("2026-04-10")) == [BandRow("OSL", "ge8h", 1)]
    # before the stay began, and after evaluated_at, nobody is in custody
    assert compute_table(s, "day", on=d("2026-01-20")) == []
    assert compute_table(s, "day", on=d("2026-05-02")) == []
    assert [r.date for r in census_days(s, d("2026-04-10"))] == [d("2026-04-10")]


def test_every_table_builds_on_an_empty_period():
    s = _doc()
    for name, spec in TABLES.items():
        options = {"month": {"month": (2025, 1)}, "date": {"on": d("2025-01-15")},
                   "range": {"start": d("2025-01-01"), "end": d("2025-02-01")}}[spec.option]
        assert compute_table(s, name, **options) == [], name


def test_compute_table_refuses_unknown_tables_and_missing_options():
    s = _doc()
    with pytest.raises(ValueError, match="unknown table"):
        compute_table(s, "nope", month=(2026, 3))
    with pytest.raises(ValueError, match="needs a month"):
        compute_table(s, "started", on=d("2026-03-01"))
    with pytest.raises(ValueError, match="needs a period"):
        compute_table(s, "grounds", start=d("2026-03-01"))
