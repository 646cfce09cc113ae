"""The stable finding rules (rules.md "Stable rule ids"), each shown firing and
not firing on hand-built person-days and episodes."""

from __future__ import annotations

from fellesskap.rules import load_pack

from .helpers import (
    cell,
    check,
    d,
    day,
    episode,
    exclusion,
    findings_of,
    isolated_days,
    person,
    run,
    scenario,
)

# --- mandela.prolonged_solitary ------------------------------------------------


def test_prolonged_solitary_fires_once_on_day_16():
    days = isolated_days("2026-03-01", 20)
    (f,) = findings_of("mandela.prolonged_solitary", scenario(), days)
    assert (f.date, f.evidence, f.pack) == (d("2026-03-16"), {"isolated_streak": 16}, "mandela")
    assert f.pack_version == load_pack("mandela").version


def test_fifteen_isolated_days_are_not_prolonged():
    assert findings_of("mandela.prolonged_solitary", scenario(), isolated_days("2026-03-01", 15)) == []


def test_a_broken_streak_starts_again():
    days = isolated_days("2026-03-01", 16) + [day("2026-03-17", contact=180)] + isolated_days("2026-03-18", 16)
    found = findings_of("mandela.prolonged_solitary", scenario(), days)
    assert [f.date for f in found] == [d("2026-03-16"), d("2026-04-02")]


# --- mandela.prohibited_person -------------------------------------------------


def test_prohibited_person_fires_for_a_minor_on_the_first_day_of_each_streak():
    child = person(birth_date=d("2009-06-01"))
    days = isolated_days("2026-03-01", 3) + [day("2026-03-04", contact=200)] + isolated_days("2026-03-05", 2)
    found = findings_of("mandela.prohibited_person", scenario(child), days)
    assert [(f.date, f.evidence["reasons"]) for f in found] == [
        (d("2026-03-01"), ["minor"]),
        (d("2026-03-05"), ["minor"]),
    ]


def test_minor_is_judged_on_the_day_the_streak_begins():
    turns_18 = person(birth_date=d("2008-03-05"))  # 18 on 5 March 2026
    assert len(findings_of("mandela.prohibited_person", scenario(turns_18), isolated_days("2026-03-04", 3))) == 1
    assert findings_of("mandela.prohibited_person", scenario(turns_18), isolated_days("2026-03-05", 3)) == []


def test_prohibited_person_fires_on_each_protective_flag_and_not_for_others():
    for flag in ("pregnant", "infant", "mental_illness", "disability"):
        p = person(birth_date=d("1990-01-01"), flags=frozenset({flag}))
        (f,) = findings_of("mandela.prohibited_person", scenario(p), isolated_days("2026-03-01", 2))
        assert f.evidence["reasons"] == [flag]
    adult = person(birth_date=d("1990-01-01"))
    assert findings_of("mandela.prohibited_person", scenario(adult), isolated_days("2026-03-01", 20)) == []


def test_prohibited_person_needs_an_isolated_day():
    p = person(flags=frozenset({"pregnant"}))
    assert findings_of("mandela.prohibited_person", scenario(p), [day("2026-03-01", contact=200)]) == []


# --- no.unregistered_isolation -------------------------------------------------


def test_unregistered_isolation_fires_each_isolated_day_without_a_decision():
    days = isolated_days("2026-03-01", 3)
    found = findings_of("no.unregistered_isolation", scenario(), days)
    assert [f.date for f in found] == [d("2026-03-01"), d("2026-03-02"), d("2026-03-03")]
    assert all(f.pack == "no-current" for f in found)


def test_exactly_two_hours_contact_on_a_24h_day_is_still_isolated():
    assert len(findings_of("no.unregistered_isolation", scenario(), [day("2026-03-01", contact=120)])) == 1
    assert findings_of("no.unregistered_isolation", scenario(), [day("2026-03-01", contact=121)]) == []


def test_isolation_under_a_decision_is_not_unregistered():
    days = [day("2026-03-01", cause="full_exclusion:order_and_security", states={"full_exclusion": 1440})]
    assert findings_of("no.unregistered_isolation", scenario(), days) == []


def test_a_short_day_can_never_be_isolated():
    assert findings_of("no.unregistered_isolation", scenario(), [day("2026-03-01", custody=1300)]) == []


# --- no.long_exclusion ---------------------------------------------------------

START = "2026-03-02T08:00:00+01:00"


def test_long_exclusion_fires_on_the_local_date_the_42_days_end():
    end = "2026-04-13T09:01:00+02:00"  # 42 x 24 h + 1 minute
    ep = episode("full_exclusion", ("E1",), START, end)
    scn = scenario(person(exclusions=(exclusion("E1", START, end),)))
    (f,) = findings_of("no.long_exclusion", scn, episodes=[ep])
    assert f.date == d("2026-04-13") and f.pack == "no-current"


def test_exactly_42_days_is_not_long():
    end = "2026-04-13T09:00:00+02:00"
    ep = episode("full_exclusion", ("E1",), START, end)
    scn = scenario(person(exclusions=(exclusion("E1", START, end),)))
    assert findings_of("no.long_exclusion", scn, episodes=[ep]) == []


def test_ongoing_exclusion_is_long_once_evaluated_past_42_days():
    ep = episode("full_exclusion", ("E1",), START, None)
    scn = scenario(person(exclusions=(exclusion("E1", START, None),)))
    assert len(findings_of("no.long_exclusion", scn, episodes=[ep])) == 1
    early = scenario(person(exclusions=(exclusion("E1", START, None),)), end="2026-04-13",
                     evaluated_at="2026-04-13T00:00:00+02:00")
    assert findings_of("no.long_exclusion", early, episodes=[ep]) == []


def test_long_partial_exclusion_is_not_a_long_exclusion_and_dates_outside_the_period_are_dropped():
    ep = episode("partial_exclusion", ("D1",), START, None)
    scn = scenario(person(exclusions=(exclusion("D1", START, None, scope="partial"),)))
    assert findings_of("no.long_exclusion", scn, episodes=[ep]) == []
    full = episode("full_exclusion", ("E1",), START, None)
    later = scenario(person(exclusions=(exclusion("E1", START, None),)), start="2026-04-14")
    assert findings_of("no.long_exclusion", later, episodes=[full]) == []


# --- no-2026.security_cell.supervision_60min ---------------------------------

CELL_START, CELL_END = "2026-03-05T22:10:00+01:00", "2026-03-06T03:40:00+01:00"


def _cell(checks, end=CELL_END, subject="C1"):
    p = person(coercive_means=(cell("C1", CELL_START, end),), supervisions=tuple(check(subject, t) for t in checks))
    return p, episode("security_cell", ("C1",), CELL_START, end)


def test_supervision_gaps_over_60_minutes_are_findings_dated_where_they_began():
    checks = ["2026-03-05T23:00:00+01:00", "2026-03-06T00:05:00+01:00", "2026-03-06T01:05:00+01:00",
              "2026-03-06T02:10:00+01:00", "2026-03-06T03:00:00+01:00"]
    p, ep = _cell(checks)
    found = findings_of("no-2026.security_cell.supervision_60min", scenario(p), episodes=[ep])
    # 22:10-23:00 50 min, 23:00-00:05 65, 00:05-01:05 60 (allowed), 01:05-02:10 65, 02:10-03:00 50, 03:00-03:40 40
    assert [(f.date, f.evidence) for f in found] == [
        (d("2026-03-05"), {"gap_minutes": 65}),
        (d("2026-03-06"), {"gap_minutes": 65}),
    ]
    assert all(f.pack == "no-2026" for f in found)


def test_no_checks_at_all_is_one_gap_from_start_to_end():
    p, ep = _cell([])
    (f,) = findings_of("no-2026.security_cell.supervision_60min", scenario(p), episodes=[ep])
    assert f.date == d("2026-03-05") and f.evidence == {"gap_minutes": 330}


def test_hourly_checks_are_enough():
    checks = ["2026-03-05T23:10:00+01:00", "2026-03-06T00:10:00+01:00", "2026-03-06T01:10:00+01:00",
              "2026-03-06T02:10:00+01:00", "2026-03-06T03:10:00+01:00"]
    p, ep = _cell(checks)
    assert findings_of("no-2026.security_cell.supervision_60min", scenario(p), episodes=[ep]) == []


def test_checks_of_another_subject_do_not_count_and_ongoing_gap_runs_to_evaluated_at():
    p, ep = _cell(["2026-03-05T23:00:00+01:00"], subject="OTHER")
    (f,) = findings_of("no-2026.security_cell.supervision_60min", scenario(p), episodes=[ep])
    assert f.evidence == {"gap_minutes": 330}
    p, ep = _cell(["2026-03-05T23:00:00+01:00"], end=None)
    scn = scenario(p, end="2026-03-06", evaluated_at="2026-03-05T23:30:00+01:00")
    assert findings_of("no-2026.security_cell.supervision_60min", scn, episodes=[ep]) == []
    scn = scenario(p, end="2026-03-07", evaluated_at="2026-03-06T00:30:00+01:00")
    (f,) = findings_of("no-2026.security_cell.supervision_60min", scn, episodes=[ep])
    assert f.date == d("2026-03-05") and f.evidence == {"gap_minutes": 90}


def test_a_check_after_evaluated_at_is_ignored():
    p, ep = _cell(["2026-03-05T23:00:00+01:00"], end=None)
    scn = scenario(p, end="2026-03-07", evaluated_at="2026-03-05T22:50:00+01:00")
    assert findings_of("no-2026.security_cell.supervision_60min", scn, episodes=[ep]) == []
    scn = scenario(p, end="2026-03-07", evaluated_at="2026-03-05T23:20:00+01:00")
    assert findings_of("no-2026.security_cell.supervision_60min", scn, episodes=[ep]) == []


# --- cpt.outdoor_1h and no-2026.out_of_cell_4h ---------------------------------


def test_outdoor_under_one_hour_on_a_full_day():
    scn = scenario()
    assert len(findings_of("cpt.outdoor_1h", scn, [day("2026-03-01", outdoor=59)])) == 1
    assert findings_of("cpt.outdoor_1h", scn, [day("2026-03-01", outdoor=60)]) == []
    assert len(findings_of("cpt.outdoor_1h", scn, [day("2026-03-01", custody=1320, outdoor=0)])) == 1
    assert findings_of("cpt.outdoor_1h", scn, [day("2026-03-01", custody=1319, outdoor=0)]) == []


def test_out_of_cell_under_four_hours_on_a_full_day():
    scn = scenario()
    assert len(findings_of("no-2026.out_of_cell_4h", scn, [day("2026-03-01", out_of_cell=239)])) == 1
    assert findings_of("no-2026.out_of_cell_4h", scn, [day("2026-03-01", out_of_cell=240)]) == []
    assert findings_of("no-2026.out_of_cell_4h", scn, [day("2026-03-01", custody=1300, out_of_cell=0)]) == []


def test_findings_outside_the_period_are_not_listed():
    scn = scenario(start="2026-03-02")
    assert findings_of("cpt.outdoor_1h", scn, [day("2026-03-01"), day("2026-03-02")])[0].date == d("2026-03-02")
    assert len(findings_of("cpt.outdoor_1h", scn, [day("2026-03-01"), day("2026-03-02")])) == 1


def test_packs_select_the_findings():
    findings, _ = run(scenario(), isolated_days("2026-03-01", 16), packs=["mandela"])
    assert {f.pack for f in findings} == {"mandela"}
    findings, _ = run(scenario(), isolated_days("2026-03-01", 16))
    assert {"no-current", "no-2026", "mandela", "cpt"} <= {f.pack for f in findings}
