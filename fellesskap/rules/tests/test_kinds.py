"""The other rules' kinds and parameters, on hand-built inputs: repeating
deadlines in hours, deadlines after the episode end, contact records, caps per
decision / with extension / with exemption / per stay, generic streaks,
lock-in maxima, long-episode conditions, prohibitions on episodes and
notifications."""

from __future__ import annotations

from datetime import timedelta

from fellesskap.rules.context import Context
from fellesskap.scenario.model import Contact, Incident, Prison, Stay

from .helpers import (
    Ledger,
    at,
    cell,
    check,
    d,
    day,
    deadlines_of,
    episode,
    exclusion,
    findings_of,
    isolated_days,
    person,
    review,
    scenario,
)

START = "2026-03-02T08:00:00+01:00"


def test_security_bed_reassessed_every_24h_after_the_first_day():
    end = "2026-03-06T09:00:00+01:00"  # 97 h
    p = person(coercive_means=(cell("B1", START, end, "security_bed"),),
               reviews=(review("B1", "region", "2026-03-04T07:00:00+01:00"),))
    ep = episode("security_bed", ("B1",), START, end)
    dls = deadlines_of("no.security_bed.region_every_24h", scenario(p), [ep])
    assert [(x.due, x.status) for x in dls] == [
        (at("2026-03-04T08:00:00+01:00"), "met"),
        (at("2026-03-05T08:00:00+01:00"), "missed"),
        (at("2026-03-06T08:00:00+01:00"), "missed"),
    ]


def test_quality_check_is_due_after_the_placement_ends():
    end = "2026-03-02T12:00:00+01:00"
    p = person(coercive_means=(cell("C1", START, end),), reviews=(review("C1", "region", "2026-03-10T12:00:00+01:00"),))
    ep = episode("security_cell", ("C1",), START, end)
    (dl,) = deadlines_of("no.security_cell.region_quality_check", scenario(p), [ep])
    assert dl.due == at("2026-03-16T12:00:00+01:00") and dl.status == "met"
    ongoing = episode("security_cell", ("C1",), START, None)
    assert deadlines_of("no.security_cell.region_quality_check", scenario(p), [ongoing]) == []


def test_doctor_deadline_is_met_by_a_health_contact_only():
    ep = episode("full_exclusion", ("E1",), START, None)
    health = Contact("health", at("2026-03-02T15:00:00+01:00"), at("2026-03-02T15:20:00+01:00"))
    visit = Contact("visit", at("2026-03-02T15:00:00+01:00"), at("2026-03-02T16:00:00+01:00"))
    (met,) = deadlines_of("no.full_exclusion.doctor_24h", scenario(person(contacts=(health,))), [ep])
    (missed,) = deadlines_of("no.full_exclusion.doctor_24h", scenario(person(contacts=(visit,))), [ep])
    assert met.status == "met" and missed.status == "missed"


def test_preliminary_exclusion_capped_per_decision():
    long_end, short_end = "2026-03-03T08:01:00+01:00", "2026-03-03T08:00:00+01:00"
    for end, expected in ((long_end, [d("2026-03-03")]), (short_end, [])):
        p = person(exclusions=(exclusion("E1", START, end, ground="preliminary"),))
        ep = episode("full_exclusion", ("E1",), START, end)
        assert [f.date for f in findings_of("no.preliminary_exclusion.max_24h", scenario(p), episodes=[ep])] == expected
    p = person(exclusions=(exclusion("E1", START, long_end),))  # other ground
    ep = episode("full_exclusion", ("E1",), START, long_end)
    assert findings_of("no.preliminary_exclusion.max_24h", scenario(p), episodes=[ep]) == []


def test_danish_cap_lifted_by_a_directorate_extension():
    ep = episode("full_exclusion", ("E1",), START, None)
    scn = scenario(person(exclusions=(exclusion("E1", START, None),)), end="2026-07-01",
                   evaluated_at="2026-07-01T00:00:00+02:00")
    (f,) = findings_of("dk.exclusion.max_3_months", scn, episodes=[ep], packs=["dk"])
    assert f.date == (at(START) + timedelta(days=92)).date()
    extended = scenario(person(exclusions=(exclusion("E1", START, None),),
                               reviews=(review("E1", "directorate", "2026-05-20T10:00:00+02:00"),)),
                        end="2026-07-01", evaluated_at="2026-07-01T00:00:00+02:00")
    assert findings_of("dk.exclusion.max_3_months", extended, episodes=[ep], packs=["dk"]) == []


def test_over_one_year_only_on_own_wish():
    start = "2025-01-02T08:00:00+01:00"
    ep = episode("full_exclusion", ("E1",), start, None)
    forced = scenario(person(exclusions=(exclusion("E1", start, None),)), start="2026-01-01")
    wished = scenario(person(exclusions=(exclusion("E1", start, None, ground="own_wish"),)), start="2026-01-01")
    (f,) = findings_of("no.full_exclusion.over_one_year", forced, episodes=[ep])
    assert f.date == d("2026-01-02")
    assert findings_of("no.full_exclusion.over_one_year", wished, episodes=[ep]) == []


def test_reception_unit_cap_per_stay():
    stay = Stay("OSL", "remand", at("2026-03-01T12:00:00+01:00"), None, unit="reception")
    (f,) = findings_of("no.reception.max_days", scenario(person(stays=(stay,))))
    assert f.date == d("2026-03-15")
    ordinary = Stay("OSL", "remand", at("2026-03-01T12:00:00+01:00"), None, unit="A")
    assert findings_of("no.reception.max_days", scenario(person(stays=(ordinary,)))) == []


def test_generic_streak_counts_only_days_meeting_its_condition():
    excluded = isolated_days("2026-03-01", 16, cause="full_exclusion:order_and_security")
    (f,) = findings_of("cpt.solitary_14d", scenario(), excluded)
    assert f.date == d("2026-03-15") and f.evidence == {"streak_days": 15}
    assert findings_of("cpt.solitary_14d", scenario(), isolated_days("2026-03-01", 16)) == []
    gap = excluded[:10] + excluded[11:]  # a missing day breaks the streak
    assert findings_of("cpt.solitary_14d", scenario(), gap) == []


def test_swedish_lock_in_depends_on_the_prison_security_level_and_regime():
    high = scenario(prisons=(Prison("OSL", "east", "high"),))
    lower = scenario(prisons=(Prison("OSL", "east", "lower"),))
    nine_h = [day("2026-03-01", out_of_cell=599, contact=600)]  # locked 841 min
    ten_h = [day("2026-03-01", out_of_cell=600, contact=600)]
    assert len(findings_of("se.lock_in_14h", high, nine_h, packs=["se"])) == 1
    assert findings_of("se.lock_in_14h", high, ten_h, packs=["se"]) == []
    assert findings_of("se.lock_in_14h", lower, nine_h, packs=["se"]) == []
    assert len(findings_of("se.lock_in_11h", lower, nine_h, packs=["se"])) == 1
    excluded = [day("2026-03-01", out_of_cell=0, states={"full_exclusion": 1440})]
    assert findings_of("se.lock_in_14h", high, excluded, packs=["se"]) == []


def test_danish_activity_after_six_months_of_exclusion():
    start = "2025-09-01T08:00:00+02:00"
    ep = episode("full_exclusion", ("E1",), start, None)
    scn = scenario(person(exclusions=(exclusion("E1", start, None),)))
    early = day("2026-03-01", contact=120)  # 181 days in
    late = day("2026-03-02", contact=120)  # 182 days passed during the day
    enough = day("2026-03-03", contact=180)
    found = findings_of("dk.exclusion.activity_3h_6m", scn, [early, late, enough], [ep], packs=["dk"])
    assert [f.date for f in found] == [d("2026-03-02")]


def test_remand_isolation_of_a_child_is_prohibited():
    child = person(birth_date=d("2010-01-01"), exclusions=(exclusion("E1", START, None, ground="remand_restriction"),))
    adult = person(birth_date=d("1990-01-01"), exclusions=(exclusion("E1", START, None, ground="remand_restriction"),))
    ep = episode("full_exclusion", ("E1",), START, None)
    (f,) = findings_of("no.remand_isolation.minor", scenario(child), episodes=[ep])
    assert f.date == d("2026-03-02") and f.evidence == {"reasons": ["minor"]}
    assert findings_of("no.remand_isolation.minor", scenario(adult), episodes=[ep]) == []


def test_notifications_of_incidents():
    events = (
        Incident("self_harm", at("2026-03-03T10:00:00+01:00"), serious=True),
        Incident("self_harm", at("2026-03-20T10:00:00+01:00"), serious=True),
        Incident("self_harm", at("2026-04-25T10:00:00+02:00"), serious=True),
        Incident("self_harm", at("2026-04-26T10:00:00+02:00"), serious=False),
        Incident("suicide_attempt", at("2026-04-01T10:00:00+02:00")),
    )
    scn = scenario(person(incidents=events))
    repeated = findings_of("no.incident.supervisory_board_repeated_self_harm", scn)
    assert [(f.date, f.evidence["count"]) for f in repeated] == [(d("2026-03-20"), 2)]
    assert len(findings_of("no.incident.serious_self_harm_kdi", scn)) == 3
    assert [f.date for f in findings_of("no.incident.supervisory_board_suicide", scn)] == [d("2026-04-01")]
    assert findings_of("no.incident.suicide_kdi", scn) == []


def test_full_exclusion_checks_at_most_eight_hours_apart():
    end = "2026-03-02T20:00:00+01:00"
    ok = person(supervisions=(check("E1", "2026-03-02T15:00:00+01:00"),))
    ep = episode("full_exclusion", ("E1",), START, end)
    assert findings_of("no.full_exclusion.supervision_3_daily", scenario(ok), episodes=[ep]) == []
    (f,) = findings_of("no.full_exclusion.supervision_3_daily", scenario(person()), episodes=[ep])
    assert f.evidence == {"gap_minutes": 720}


def test_rules_not_evaluated_produce_nothing_and_stable_output_ignores_other_packs():
    days = isolated_days("2026-03-01", 16)
    base = findings_of("mandela.prolonged_solitary", scenario(), days)
    wider = findings_of("mandela.prolonged_solitary", scenario(), days, packs=[
        "no-current", "no-2026", "mandela", "cpt", "se", "dk", "fi"])
    assert base == wider
    assert findings_of("dk.protective_exclusion_5d", scenario(), days, packs=["dk"]) == []


def test_context_minor_on_29_february_birthday():
    ctx = Context.from_ledger(scenario(person(birth_date=d("2008-02-29"))), Ledger())
    assert ctx.is_minor("P1", d("2026-02-28")) and not ctx.is_minor("P1", d("2026-03-01"))
