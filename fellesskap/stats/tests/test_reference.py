"""The shipped reference figures: their shape always, their values against the seed texts when present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fellesskap.stats import reference
from fellesskap.stats.reference import ReferenceFigure, continued, load, preferred

SEEDS = Path("/work/shared/seeds")
KDI_2020 = SEEDS / "003_beb946616b8463ed.txt"
MELD_31 = SEEDS / "001_6645f09dae0f7ce7.txt"

# statistics.md "Reference figures from the seeds": Table 7.1, 2018–2024, typed from the spec.
SPEC_TABLE_7_1 = {
    "suicide": [2, 6, 2, 11, 4, 7, 4],
    "suicide_attempt": [44, 45, 51, 57, 88, 125, 69],
    "self_harm": [48, 76, 76, 144, 266, 246, 233],
    "security_bed": [13, 9, 21, 20, 43, 37, 14],
    "security_cell": [334, 394, 314, 294, 394, 362, 218],
}


def by(source: str) -> dict[tuple[str, int], int]:
    return {(f.measure, f.year): f.value for f in load() if f.source == source}


def test_shape_every_figure_sourced():
    figures = load()
    kdi, meld = by("kdi-2020"), by("meld-st-31")
    assert len(kdi) + len(meld) == len(figures)
    # KDI: 23 years of four columns, shield from 2003 (18 years), OC spray in 2020 only.
    for measure in ("security_cell", "security_bed", "gas", "baton"):
        assert sorted(y for m, y in kdi if m == measure) == list(range(1998, 2021))
    assert sorted(y for m, y in kdi if m == "shield") == list(range(2003, 2021))
    assert [y for m, y in kdi if m == "oc_spray"] == [2020]
    # Meld. St. 31: five rows of seven years, as the spec lists them.
    assert {m: [meld[(m, y)] for y in range(2018, 2025)] for m in reference.TABLE_7_1} == SPEC_TABLE_7_1
    assert len(meld) == 35
    for f in figures:
        assert f.document and f.table and f.location and f.published in (2021, 2025)


def test_totals_of_the_coercive_table():
    kdi = by("kdi-2020")
    # Sums worked out by hand from the seed's column of security beds 1998–2020 and the 2020 row.
    assert sum(v for (m, _), v in kdi.items() if m == "security_bed") == 306  # 14+18+6+16+21+21+15+15+16+15+10+15+5+8+12+8+17+11+10+14+13+9+17
    assert [kdi[(m, 2020)] for m in reference.COERCIVE_HISTORY] == [314, 17, 11, 21, 0, 29]


def test_the_two_sources_that_disagree_are_both_kept_and_the_newer_wins():
    figures = load()
    beds_2020 = sorted((f.source, f.value) for f in figures if f.measure == "security_bed" and f.year == 2020)
    assert beds_2020 == [("kdi-2020", 17), ("meld-st-31", 21)]
    best = preferred(figures)
    assert best[("security_bed", 2020)].value == 21
    assert best[("security_bed", 2020)].source == "meld-st-31"
    assert best[("security_bed", 2017)].source == "kdi-2020"  # only KDI has it


def test_preferred_does_not_depend_on_order():
    old = ReferenceFigure("a", "suicide", 2020, 1, "d", "t", "l", 2021)
    new = ReferenceFigure("b", "suicide", 2020, 2, "d", "t", "l", 2025)
    assert preferred([old, new])[("suicide", 2020)].value == 2
    assert preferred([new, old])[("suicide", 2020)].value == 2


def test_continued_by_own_years_never_overwrites_history():
    own = [("security_cell", 2024, 999, "edition 7"), ("security_cell", 2025, 200, "edition 9"),
           ("gas", 2025, 5, "edition 9")]
    series = continued(load(), own, measures=("security_cell",))
    assert [(p.year, p.value, p.origin) for p in series][-3:] == [
        (2023, 362, "reference"), (2024, 218, "reference"), (2025, 200, "fellesskap")]
    assert series[0].year == 1998 and series[0].value == 292 and series[0].source == "kdi-2020"
    assert {p.measure for p in series} == {"security_cell"}
    # 2018–2020 are in both sources; each year appears once.
    assert len([p for p in series if p.year == 2019]) == 1


def test_a_bad_file_names_the_line_and_field(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(",".join(reference.FIELDS) + "\nkdi,suicide,20x0,1,d,t,l,2021\n", encoding="utf-8")
    with pytest.raises(reference.ReferenceDataError, match="line 2: year"):
        load(path)
    path.write_text("source,measure\n", encoding="utf-8")
    with pytest.raises(reference.ReferenceDataError, match="columns"):
        load(path)


@pytest.mark.skipif(not KDI_2020.exists(), reason="seed texts not present")
def test_every_kdi_figure_is_in_the_seed_table():
    text = KDI_2020.read_text(encoding="utf-8")
    start = text.index("År Sikkerhets-")
    block = text[start:text.index("Figuren under viser", start)]
    kdi = by("kdi-2020")
    rows = {}
    for line in block.splitlines():
        m = re.match(r"^((?:19|20)\d\d) (.*)$", line)
        if m:
            # Empty cells (no use of that means recorded) are blank in the seed and absent here.
            rows[int(m.group(1))] = m.group(2)
    assert sorted(rows) == list(range(1998, 2021))
    for year, cells in rows.items():
        numbers = [int(n) for n in cells.split()]
        ours = [kdi[(m, year)] for m in reference.COERCIVE_HISTORY if (m, year) in kdi]
        assert ours == numbers, year


@pytest.mark.skipif(not MELD_31.exists(), reason="seed texts not present")
def test_every_meld_st_31_figure_is_in_table_7_1():
    text = MELD_31.read_text(encoding="utf-8")
    start = text.index("Tabell 7.1 Utvikling")
    cells = [c.strip() for c in text[start:text.index("Kilde:", start)].replace("\n", "").split("|")]
    labels = {"Antall selvmord": "suicide", "Selvmordsforsøk": "suicide_attempt",
              "Antall selvskadinger": "self_harm", "Bruk av sikkerhetsseng": "security_bed",
              "Bruk av sikkerhetscelle": "security_cell"}
    meld = by("meld-st-31")
    for label, measure in labels.items():
        i = cells.index(label)
        assert [int(c) for c in cells[i + 1:i + 8]] == [meld[(measure, y)] for y in range(2018, 2025)]


@pytest.mark.django_db
def test_the_migration_loaded_every_figure():
    from fellesskap.stats.models import ReferenceFigure as Stored

    assert Stored.objects.count() == len(load())
    row = Stored.objects.get(source="kdi-2020", measure="shield", year=2013)
    assert row.value == 79 and row.published == 2021 and "Årsrapport 2020" in row.document
