"""Small-number suppression: 1..suppress_max hidden at prison level, never nationally."""

from __future__ import annotations

import pytest

from fellesskap.stats.suppress import PublicCount, public_count, suppress_rows


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (1, "≤ 3"), (2, "≤ 3"), (3, "≤ 3"), (4, "4"), (250, "250")])
def test_prison_level_hides_one_to_three(count, shown):
    cell = public_count(count, level="prison")
    assert cell.label == shown
    assert cell.suppressed == (shown == "≤ 3")
    assert cell.value == (None if cell.suppressed else count)


@pytest.mark.parametrize("level", ["nation", "region"])
def test_national_and_regional_counts_are_shown(level):
    assert public_count(2, level=level) == PublicCount(2, False, "2")


def test_suppress_max_is_a_parameter():
    assert public_count(5, level="prison", suppress_max=5) == PublicCount(None, True, "≤ 5")
    assert public_count(6, level="prison", suppress_max=5) == PublicCount(6, False, "6")
    assert public_count(1, level="prison", suppress_max=0) == PublicCount(1, False, "1")


def test_rows_are_copied_marked_and_the_real_number_is_gone():
    rows = [{"prison": "OSL", "band": "lt2h", "count": 2}, {"prison": "OSL", "band": "ge8h", "count": 7}]
    public = suppress_rows(rows, level="prison")
    assert public == [
        {"prison": "OSL", "band": "lt2h", "count": None, "count_label": "≤ 3", "suppressed": True},
        {"prison": "OSL", "band": "ge8h", "count": 7, "count_label": "7", "suppressed": False},
    ]
    assert rows[0]["count"] == 2  # the internal rows keep the real number
    assert 2 not in public[0].values()


def test_several_count_fields():
    public = suppress_rows([{"prison": "OSL", "cases": 1, "persons": 9}], level="prison", fields=("cases", "persons"))
    assert public[0]["cases"] is None and public[0]["persons"] == 9 and public[0]["suppressed"] is True


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"count": 2, "level": "ward"}, "level: unknown level 'ward'"),
    ({"count": -1, "level": "prison"}, "count: must be a whole number"),
    ({"count": 2.0, "level": "prison"}, "count: must be a whole number"),
    ({"count": 2, "level": "prison", "suppress_max": -1}, "suppress_max: must be a whole number"),
])
def test_bad_input_is_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        public_count(**kwargs)


def test_a_row_without_the_count_field_is_named():
    with pytest.raises(ValueError, match=r"rows\[1\]\.count: no such count field"):
        suppress_rows([{"count": 5}, {"cases": 1}], level="prison")
