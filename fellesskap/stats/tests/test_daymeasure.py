"""The day measurement, computed from a hand-made scenario whose every figure is checked by hand.

18 March 2026 (CET, +01:00), census instant 12:00. OSL is high security, BRG lower.

| person | prison | what that day | out of cell | band | removed | reducing | isolated | registered |
|---|---|---|---|---|---|---|---|---|
| A | OSL | association 08–16 | 480 | ge8h | — | 0 | no | yes |
| B | OSL | full excl. own wish; outdoor 10–11; isolation-reducing 13:00–13:30 and 13:15–13:45 | 60 | lt2h | own_wish | 45 (union) | yes (45 min contact) | yes |
| C | OSL | full excl. building/staffing; outdoor 10–11 | 60 | lt2h | — (staffing is not removed) | 0 | yes | yes |
| D | OSL | nothing registered | 0 | lt2h | — | 0 | yes | no |
| E | BRG | arrives 14:00, after the census instant | — | — | — | — | — | not counted |
| F | BRG | association 08:00–10:30 | 150 | 2to4h | — | 0 | no (1,290 min without contact) | yes |

Nation: 5 persons; bands lt2h 3, 2to4h 1, 4to8h 0, ge8h 1; raw share under 2 h 3/5 = 0.6;
adjusted: B removed, 4 left, 2 under 2 h (C, D) = 0.5; fully isolated 3 (B, C, D); one person
with isolation-reducing measures, mean 45.0 min; one unregistered (D).
"""

from __future__ import annotations

import dataclasses
from datetime import time

import pytest

from fellesskap.scenario.model import Contact, Person, Prison, Scenario, Session
from fellesskap.stats import daymeasure
from fellesskap.stats.compute import census_days
from fellesskap.stats.tests.builders import d, excl, stay, t

pytest.importorskip("fellesskap.ledger.episodes")

DAY = d("2026-03-18")


def _c(kind: str, start: str, end: str) -> Contact:
    return Contact(kind=kind, start=t(f"2026-03-18T{start}:00+01:00"), end=t(f"2026-03-18T{end}:00+01:00"))


def _s(start: str, end: str) -> Session:
    return Session(start=t(f"2026-03-18T{start}:00+01:00"), end=t(f"2026-03-18T{end}:00+01:00"))


def _held(prison: str, status: str = "sentenced"):
    return [stay(prison, "2026-03-01T08:00:00+01:00", status=status)]


def sample() -> Scenario:
    persons = [
        Person(id="A", stays=tuple(_held("OSL")), contacts=(_c("association", "08:00", "16:00"),)),
        Person(id="B", stays=tuple(_held("OSL", "remand")),
               exclusions=(excl("XB", "2026-03-17T09:00:00+01:00", None, ground="own_wish"),),
               outdoor=(_s("10:00", "11:00"),),
               contacts=(_c("isolation_reducing", "13:00", "13:30"), _c("isolation_reducing", "13:15", "13:45"))),
        Person(id="C", stays=tuple(_held("OSL")),
               exclusions=(excl("XC", "2026-03-17T09:00:00+01:00", None, ground="building_or_staffing"),),
               outdoor=(_s("10:00", "11:00"),)),
        Person(id="D", stays=tuple(_held("OSL"))),
        Person(id="E", stays=(stay("BRG", "2026-03-18T14:00:00+01:00"),), contacts=(_c("association", "15:00", "17:00"),)),
        Person(id="F", stays=tuple(_held("BRG")), contacts=(_c("association", "08:00", "10:30"),)),
    ]
    return Scenario(timezone="Europe/Oslo", census_time=time(12), period_start=d("2026-03-01"),
                    period_end=d("2026-04-01"), evaluated_at=t("2026-04-01T00:00:00+02:00"),
                    prisons=(Prison(code="OSL", region="east", security_level="high"),
                             Prison(code="BRG", region="west", security_level="lower")),
                    persons=tuple(persons))


@pytest.fixture(scope="module")
def measured():
    s = sample()
    return daymeasure.measure(s, census_days(s, DAY), DAY)


def test_each_person_is_measured_as_worked_out_by_hand(measured):
    by_id = {m.person: m for m in measured}
    assert sorted(by_id) == ["A", "B", "C", "D", "F"]  # E arrived after the census instant
    assert {p: (m.out_of_cell_minutes, m.band) for p, m in by_id.items()} == {
        "A": (480, "ge8h"), "B": (60, "lt2h"), "C": (60, "lt2h"), "D": (0, "lt2h"), "F": (150, "2to4h")}
    assert {p: m.removed_ground for p, m in by_id.items()} == {
        "A": None, "B": "own_wish", "C": None, "D": None, "F": None}
    assert by_id["B"].reducing_minutes == 45  # 13:00–13:45, the overlap counted once
    assert [p for p, m in by_id.items() if m.isolated] == ["B", "C", "D"]
    assert [p for p, m in by_id.items() if not m.registered] == ["D"]
    assert by_id["D"].cause == "unregistered"
    assert (by_id["F"].prison, by_id["F"].security_level) == ("BRG", "lower")


def test_national_summary(measured):
    nation = daymeasure.summarise(measured)[0]
    assert nation.persons == 5
    assert nation.bands == {"lt2h": 3, "2to4h": 1, "4to8h": 0, "ge8h": 1}
    assert list(nation.bands) == ["lt2h", "2to4h", "4to8h", "ge8h"]
    assert (nation.under_2h, nation.raw_share_under_2h) == (3, 0.6)
    assert (nation.adjusted_persons, nation.adjusted_under_2h, nation.adjusted_share_under_2h) == (4, 2, 0.5)
    assert nation.fully_isolated == 3
    assert (nation.reducing_persons, nation.reducing_mean_minutes) == (1, 45.0)
    assert nation.unregistered == 1


def test_by_security_level_and_prison(measured):
    levels = {s.key: s for s in daymeasure.summarise(measured, "security_level")}
    assert levels["high"].persons == 4 and levels["high"].raw_share_under_2h == 0.75
    assert levels["high"].adjusted_share_under_2h == round(2 / 3, 3)  # C, D of A, C, D
    assert levels["lower"].persons == 1 and levels["lower"].raw_share_under_2h == 0.0
    prisons = daymeasure.result(measured)["prison"]
    assert [p["key"] for p in prisons] == ["BRG", "OSL"]


def test_adjustment_removes_the_directorates_grounds_only():
    assert {"remand_restriction", "quarantine", "own_wish", "order_and_security", "danger_to_self_or_others",
            "negative_influence", "material_damage", "criminal_acts"} == set(daymeasure.REMOVED_GROUNDS)
    # Building/staffing, collective and § 17 units stay in: that isolation is what the adjusted share shows.
    assert not {"building_or_staffing", "collective", "special_high_security"} & daymeasure.REMOVED_GROUNDS


def test_an_empty_group_has_no_shares():
    empty = daymeasure.summarise([])[0]
    assert empty.persons == 0 and empty.raw_share_under_2h is None and empty.adjusted_share_under_2h is None
    assert empty.reducing_mean_minutes is None
    everyone_removed = daymeasure.summarise_group("X", [daymeasure.MeasuredPerson(
        person="P", prison="OSL", region=None, security_level=None, status="remand", sex=None, age_group=None,
        contact_minutes=0, out_of_cell_minutes=0, band="lt2h", isolated=True, cause=None, reducing_minutes=0,
        removed_ground="quarantine", registered=True)])
    assert everyone_removed.raw_share_under_2h == 1.0 and everyone_removed.adjusted_share_under_2h is None


def test_a_removed_exclusion_ending_before_the_day_does_not_remove():
    s = sample()
    b = next(p for p in s.persons if p.id == "B")
    ended = excl("XB", "2026-03-10T09:00:00+01:00", "2026-03-18T00:00:00+01:00", ground="own_wish")
    s2 = dataclasses.replace(s, persons=tuple(dataclasses.replace(p, exclusions=(ended,)) if p is b else p
                                              for p in s.persons))
    people = {m.person: m for m in daymeasure.measure(s2, census_days(s2, DAY), DAY)}
    assert people["B"].removed_ground is None  # ended at midnight: half-open, no minute of the 18th


def _people(draw_list):
    return [daymeasure.MeasuredPerson(
        person=f"P{i}", prison=prison, region=None, security_level=level, status="remand", sex=None, age_group=None,
        contact_minutes=minutes, out_of_cell_minutes=minutes,
        band=next(code for code, lower in daymeasure.OUT_OF_CELL_BANDS if minutes >= lower),
        isolated=minutes < 120, cause=None, reducing_minutes=reducing, removed_ground=removed, registered=registered)
        for i, (prison, level, minutes, reducing, removed, registered) in enumerate(draw_list)]


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    given = None

if given is not None:
    person_strategy = st.tuples(st.sampled_from(["OSL", "BRG", "ILA"]), st.sampled_from(["high", "lower"]),
                                st.integers(0, 1440), st.integers(0, 300),
                                st.sampled_from([None, "own_wish", "quarantine"]), st.booleans())

    @settings(max_examples=60, deadline=None)
    @given(st.lists(person_strategy, max_size=40))
    def test_summaries_add_up(draw_list):
        people = _people(draw_list)
        nation = daymeasure.summarise(people)[0]
        assert sum(nation.bands.values()) == nation.persons == len(people)
        assert nation.adjusted_persons == sum(1 for m in people if m.removed_ground is None)
        assert nation.adjusted_under_2h <= nation.under_2h
        assert nation.reducing_persons == sum(1 for m in people if m.reducing_minutes > 0)
        by_prison = daymeasure.summarise(people, "prison")
        # The prisons partition the nation: every count adds up.
        for field in ("persons", "under_2h", "adjusted_persons", "adjusted_under_2h", "fully_isolated",
                      "reducing_persons", "unregistered"):
            assert sum(getattr(s, field) for s in by_prison) == getattr(nation, field)
        for s in by_prison:
            assert s.raw_share_under_2h is None or 0 <= s.raw_share_under_2h <= 1
