"""The stable deadline rules of no-current (rules.md "Stable rule ids"), each
met, missed and pending, and the boundaries of the qualifying window. Expected
instants are worked out by hand from the spec: "days" are exact multiples of
24 h from the start instant, so across the DST change on 29 March the local
clock time moves by an hour."""

from __future__ import annotations

from fellesskap.rules import load_pack

from .helpers import at, cell, deadlines_of, episode, exclusion, person, plan, review, scenario

START = "2026-03-02T08:00:00+01:00"
DUE_14D = at("2026-03-16T08:00:00+01:00")
DUE_42D = at("2026-04-13T09:00:00+02:00")  # 42 x 24 h after START, across DST
DUE_56D = at("2026-04-27T09:00:00+02:00")
DUE_70D = at("2026-05-11T09:00:00+02:00")


def full(end: str | None = None, decisions=("E1",)):
    return episode("full_exclusion", decisions, START, end)


def excluded(*reviews, plans=(), end=None, extra=()):
    return person(
        exclusions=(exclusion("E1", START, end), *extra),
        reviews=tuple(reviews),
        week_plans=tuple(plans),
    )


def test_region_14d_missed_without_a_review():
    (dl,) = deadlines_of("no.full_exclusion.region_14d", scenario(excluded()), [full()])
    assert (dl.subject, dl.due, dl.status, dl.met_at, dl.pack) == ("E1", DUE_14D, "missed", None, "no-current")
    assert dl.pack_version == load_pack("no-current").version


def test_region_review_exactly_at_due_counts():
    scn = scenario(excluded(review("E1", "region", "2026-03-16T08:00:00+01:00")))
    (dl,) = deadlines_of("no.full_exclusion.region_14d", scn, [full()])
    assert dl.status == "met" and dl.met_at == DUE_14D


def test_review_a_minute_after_due_is_too_late():
    scn = scenario(excluded(review("E1", "region", "2026-03-16T08:01:00+01:00")))
    (dl,) = deadlines_of("no.full_exclusion.region_14d", scn, [full()])
    assert dl.status == "missed"


def test_review_at_prison_level_does_not_meet_a_region_deadline():
    scn = scenario(excluded(review("E1", "prison", "2026-03-10T10:00:00+01:00")))
    (dl,) = deadlines_of("no.full_exclusion.region_14d", scn, [full()])
    assert dl.status == "missed"


def test_region_deadline_met_by_directorate_but_kdi_not_met_by_region():
    scn = scenario(
        excluded(
            review("E1", "directorate", "2026-03-12T10:00:00+01:00"),
            review("E1", "region", "2026-04-10T10:00:00+02:00"),
        )
    )
    (region,) = deadlines_of("no.full_exclusion.region_14d", scn, [full()])
    (kdi,) = deadlines_of("no.full_exclusion.kdi_42d", scn, [full()])
    assert region.status == "met" and region.met_at == at("2026-03-12T10:00:00+01:00")
    # The directorate's review on 12 March lies inside the whole-episode window
    # of the one-off 42-day deadline, so it meets it; the region's does not.
    assert kdi.status == "met" and kdi.met_at == at("2026-03-12T10:00:00+01:00")
    scn2 = scenario(excluded(review("E1", "region", "2026-04-10T10:00:00+02:00")))
    (kdi2,) = deadlines_of("no.full_exclusion.kdi_42d", scn2, [full()])
    assert kdi2.due == DUE_42D and kdi2.status == "missed"


def test_met_at_is_the_earliest_qualifying_record():
    scn = scenario(
        excluded(
            review("E1", "region", "2026-03-14T10:00:00+01:00"),
            review("E1", "directorate", "2026-03-10T10:00:00+01:00"),
        )
    )
    (dl,) = deadlines_of("no.full_exclusion.region_14d", scn, [full()])
    assert dl.met_at == at("2026-03-10T10:00:00+01:00")


def test_review_of_any_decision_of_the_episode_counts_and_subject_is_the_first():
    renewal = exclusion("E2", "2026-03-09T08:00:00+01:00", None)
    scn = scenario(excluded(review("E2", "region", "2026-03-15T09:00:00+01:00"), end="2026-03-09T08:00:00+01:00",
                            extra=(renewal,)))
    (dl,) = deadlines_of("no.full_exclusion.region_14d", scn, [full(decisions=("E2", "E1"))])
    assert dl.subject == "E1" and dl.status == "met"


def test_review_of_a_decision_outside_the_episode_does_not_count():
    scn = scenario(excluded(review("OTHER", "region", "2026-03-15T09:00:00+01:00")))
    (dl,) = deadlines_of("no.full_exclusion.region_14d", scn, [full()])
    assert dl.status == "missed"


def test_review_at_or_after_evaluated_at_is_ignored():
    scn = scenario(
        excluded(review("E1", "region", "2026-03-12T10:00:00+01:00")),
        evaluated_at="2026-03-12T10:00:00+01:00",
        end="2026-03-13",
    )
    (dl,) = deadlines_of("no.full_exclusion.region_14d", scn, [full()])
    assert dl.status == "pending" and dl.met_at is None
    later = scenario(
        excluded(review("E1", "region", "2026-03-12T10:00:00+01:00")),
        evaluated_at="2026-03-12T10:00:01+01:00",
        end="2026-03-13",
    )
    (dl,) = deadlines_of("no.full_exclusion.region_14d", later, [full()])
    assert dl.status == "met"  # met before due: not pending any more


def test_episode_ended_before_or_at_due_has_no_deadline():
    for end in ("2026-03-16T07:59:00+01:00", "2026-03-16T08:00:00+01:00"):
        assert deadlines_of("no.full_exclusion.region_14d", scenario(excluded(end=end)), [full(end)]) == []
    end = "2026-03-16T08:01:00+01:00"
    (dl,) = deadlines_of("no.full_exclusion.region_14d", scenario(excluded(end=end)), [full(end)])
    assert dl.status == "missed"


def test_repeating_kdi_deadline_of_an_ongoing_episode_is_listed_once_its_window_opens():
    # evaluated_at 1 May 00:00 (+02:00): due 56 d (27 Apr) is missed, due 70 d
    # (11 May) has its window open since 27 Apr, due 84 d (25 May) not yet.
    dls = deadlines_of("no.full_exclusion.kdi_every_14d", scenario(excluded()), [full()])
    assert [(x.due, x.status) for x in dls] == [(DUE_56D, "missed"), (DUE_70D, "pending")]


def test_repeating_window_excludes_its_start_instant():
    # A directorate review exactly at 42 d belongs to the 42-day deadline, not
    # to the window (42 d, 56 d] of the first repeating one.
    scn = scenario(excluded(review("E1", "directorate", "2026-04-13T09:00:00+02:00")))
    (kdi,) = deadlines_of("no.full_exclusion.kdi_42d", scn, [full()])
    first = deadlines_of("no.full_exclusion.kdi_every_14d", scn, [full()])[0]
    assert kdi.status == "met"
    assert first.due == DUE_56D and first.status == "missed"
    scn = scenario(excluded(review("E1", "directorate", "2026-04-13T09:01:00+02:00")))
    first = deadlines_of("no.full_exclusion.kdi_every_14d", scn, [full()])[0]
    assert first.status == "met"


def test_repeating_deadlines_of_an_ended_episode_stop_at_its_end():
    end = "2026-05-11T10:00:00+02:00"  # one hour after the 70-day due
    scn = scenario(excluded(end=end), end="2026-06-01", evaluated_at="2026-06-01T00:00:00+02:00")
    dls = deadlines_of("no.full_exclusion.kdi_every_14d", scn, [full(end)])
    assert [x.due for x in dls] == [DUE_56D, DUE_70D]


def test_one_off_deadline_of_an_ongoing_episode_is_listed_however_far_ahead():
    scn = scenario(excluded(), end="2026-03-05", evaluated_at="2026-03-05T00:00:00+01:00")
    (dl,) = deadlines_of("no.full_exclusion.kdi_42d", scn, [full()])
    assert dl.due == DUE_42D and dl.status == "pending"
    assert deadlines_of("no.full_exclusion.kdi_every_14d", scn, [full()]) == []


def test_partial_exclusion_region_30d():
    p = person(exclusions=(exclusion("D1", START, None, scope="partial"),))
    ep = episode("partial_exclusion", ("D1",), START, None)
    (dl,) = deadlines_of("no.partial_exclusion.region_30d", scenario(p), [ep])
    assert dl.due == at("2026-04-01T09:00:00+02:00") and dl.status == "missed"
    assert deadlines_of("no.full_exclusion.region_14d", scenario(p), [ep]) == []


def test_week_plan_within_24h_for_any_decision_of_the_episode():
    ep = full()
    (dl,) = deadlines_of("no.exclusion.week_plan_24h", scenario(excluded(plans=[plan("E1", START)])), [ep])
    assert dl.due == at("2026-03-03T08:00:00+01:00") and dl.status == "met" and dl.met_at == at(START)
    (dl,) = deadlines_of(
        "no.exclusion.week_plan_24h", scenario(excluded(plans=[plan("E1", "2026-03-03T08:01:00+01:00")])), [ep]
    )
    assert dl.status == "missed"
    (dl,) = deadlines_of(
        "no.exclusion.week_plan_24h", scenario(excluded(plans=[plan("E1", "2026-03-02T07:59:00+01:00")])), [ep]
    )
    assert dl.status == "missed"  # made before the exclusion began: not a plan for it


def test_week_plan_deadline_for_partial_exclusion_and_none_for_short_episode():
    p = person(exclusions=(exclusion("D1", START, "2026-03-02T20:00:00+01:00", scope="partial"),))
    ep = episode("partial_exclusion", ("D1",), START, "2026-03-02T20:00:00+01:00")
    assert deadlines_of("no.exclusion.week_plan_24h", scenario(p), [ep]) == []


def _cell_person(kind="security_cell", reviews=()):
    return person(coercive_means=(cell("C1", "2026-03-05T22:10:00+01:00", None, kind),), reviews=tuple(reviews))


def test_security_cell_region_3d_and_kdi_6d():
    ep = episode("security_cell", ("C1",), "2026-03-05T22:10:00+01:00", None)
    scn = scenario(_cell_person(reviews=[review("C1", "region", "2026-03-08T22:10:00+01:00")]))
    (region,) = deadlines_of("no.security_cell.region_3d", scn, [ep])
    (kdi,) = deadlines_of("no.security_cell.kdi_6d", scn, [ep])
    assert region.due == at("2026-03-08T22:10:00+01:00") and region.status == "met"
    assert kdi.due == at("2026-03-11T22:10:00+01:00") and kdi.status == "missed"


def test_security_cell_deadlines_absent_for_a_short_placement():
    ep = episode("security_cell", ("C1",), "2026-03-05T22:10:00+01:00", "2026-03-06T03:40:00+01:00")
    assert deadlines_of("no.security_cell.region_3d", scenario(_cell_person()), [ep]) == []


def test_security_bed_region_24h_and_kdi_3d():
    ep = episode("security_bed", ("B1",), "2026-03-05T22:10:00+01:00", "2026-03-09T00:00:00+01:00")
    p = person(
        coercive_means=(cell("B1", "2026-03-05T22:10:00+01:00", "2026-03-09T00:00:00+01:00", "security_bed"),),
        reviews=(review("B1", "directorate", "2026-03-06T20:00:00+01:00"),),
    )
    (region,) = deadlines_of("no.security_bed.region_24h", scenario(p), [ep])
    (kdi,) = deadlines_of("no.security_bed.kdi_3d", scenario(p), [ep])
    assert region.due == at("2026-03-06T22:10:00+01:00") and region.status == "met"
    assert kdi.due == at("2026-03-08T22:10:00+01:00") and kdi.status == "met"
    # A security-cell episode is not a security-bed episode.
    cell_ep = episode("security_cell", ("B1",), "2026-03-05T22:10:00+01:00", None)
    assert deadlines_of("no.security_bed.region_24h", scenario(p), [cell_ep]) == []


def test_minor_deadlines_only_for_persons_under_18():
    ep = full()
    child = person(birth_date=at("2010-01-01T12:00:00+01:00").date(), exclusions=(exclusion("E1", START, None),))
    adult = person(birth_date=at("1990-01-01T12:00:00+01:00").date(), exclusions=(exclusion("E1", START, None),))
    (dl,) = deadlines_of("no.minor.exclusion.region_24h", scenario(child), [ep])
    assert dl.due == at("2026-03-03T08:00:00+01:00") and dl.status == "missed"
    assert deadlines_of("no.minor.exclusion.region_24h", scenario(adult), [ep]) == []
