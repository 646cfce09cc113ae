"""Time sessions, group association, the daily schedule, coercive means with
supervision, reviews, week plans, measures, incidents and unit lock-ins."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fellesskap.records import actions
from fellesskap.records.models import (
    Category,
    GroupSession,
    SupervisoryBoardNotification,
    TimeSession,
)
from fellesskap.records.tests.helpers import exclusion_in_force, make_world
from fellesskap.registry import actions as registry_actions
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def errors(excinfo) -> dict:
    return excinfo.value.message_dict


# --- sessions --------------------------------------------------------------------------------------


def test_open_then_close_a_session(w):
    s = actions.do_open_session(actor=w.officer, person=w.person, category=Category.UNLOCK, start=w.ago(hours=2))
    assert s.end is None
    closed = actions.do_close_session(actor=w.officer, session=s, end=w.ago(hours=1))
    assert (closed.end, closed.version) == (w.ago(hours=1), 2)


def test_the_same_kind_cannot_be_open_twice(w):
    actions.do_open_session(actor=w.officer, person=w.person, category=Category.UNLOCK, start=w.ago(hours=2))
    with pytest.raises(ValidationError) as e:
        actions.do_open_session(actor=w.officer, person=w.person, category=Category.UNLOCK, start=w.ago(hours=1))
    assert "already open" in errors(e)["start"][0]


def test_contact_needs_a_known_kind(w):
    with pytest.raises(ValidationError) as e:
        actions.do_register_session(actor=w.officer, person=w.person, category=Category.CONTACT, kind="chat",
                                    start=w.ago(hours=2), end=w.ago(hours=1))
    assert "kind" in errors(e)


def test_a_session_longer_than_a_day_is_refused(w):
    with pytest.raises(ValidationError) as e:
        actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                    start=w.ago(hours=30), end=w.ago(hours=5), backdate_reason="late")
    assert "24 hours" in errors(e)["end"][0]
    s = actions.do_open_session(actor=w.officer, person=w.person, category=Category.OUTDOOR, start=w.ago(hours=23))
    with pytest.raises(ValidationError):
        actions.do_close_session(actor=w.officer, session=s, end=w.now + timedelta(hours=2))


def test_end_before_start_is_refused(w):
    with pytest.raises(ValidationError) as e:
        actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                    start=w.ago(hours=1), end=w.ago(hours=2))
    assert "end" in errors(e)


def test_actual_time_far_ahead_is_refused(w):
    with pytest.raises(ValidationError) as e:
        actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                    start=w.now + timedelta(days=2), end=w.now + timedelta(days=2, hours=1))
    assert "start" in errors(e)


def test_a_session_when_the_person_was_not_held_is_refused(w):
    registry_actions.do_release(actor=h.registrar(w.prison), stay=w.stay, at=w.ago(hours=3),
                                release_reason="released")
    with pytest.raises(ValidationError) as e:
        actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                    start=w.ago(hours=4), end=w.ago(hours=2))
    assert "not held" in errors(e)["start"][0]
    assert actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                       start=w.ago(hours=4), end=w.ago(hours=3)).pk


def test_a_session_across_a_transfer_is_covered(w):
    b = h.make_prison("B")
    registry_actions.do_transfer(actor=h.registrar(w.prison), stay=w.stay, to_prison=b, at=w.ago(hours=3))
    s = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                    start=w.ago(hours=4), end=w.ago(hours=2))
    assert s.prison == w.prison


def test_two_officers_registering_the_same_session_count_it_once(w):
    other = h.user_with_role("officer", w.prison)
    actions.do_register_session(actor=w.officer, person=w.person, category=Category.CONTACT, kind="association",
                                start=w.ago(hours=3), end=w.ago(hours=2))
    with pytest.raises(ValidationError) as e:
        actions.do_register_session(actor=other, person=w.person, category=Category.CONTACT, kind="association",
                                    start=w.ago(hours=3), end=w.ago(hours=1))
    assert "not counted twice" in errors(e)["start"][0]
    assert TimeSession.objects.count() == 1


def test_the_database_refuses_a_duplicate_even_if_the_check_is_raced(w):
    s = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                    start=w.ago(hours=3), end=w.ago(hours=2))
    twin = TimeSession(person=w.person, prison=w.prison, category=s.category, kind=s.kind, start=s.start,
                       end=s.end, created_at=w.now, created_by=w.officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_the_race_loser_gets_a_clear_message(w, monkeypatch):
    actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                start=w.ago(hours=3), end=w.ago(hours=2))
    # Simulate the other officer's row landing between our check and our insert.
    real_filter = TimeSession.objects.filter

    class Blind:
        def first(self):
            return None

    monkeypatch.setattr(TimeSession.objects, "filter",
                        lambda *a, **k: Blind() if "start" in k and "category" in k else real_filter(*a, **k))
    with pytest.raises(ValidationError) as e:
        actions.do_register_session(actor=w.leader, person=w.person, category=Category.OUTDOOR,
                                    start=w.ago(hours=3), end=w.ago(hours=1))
    assert "same time" in errors(e)["start"][0]


def test_a_retry_with_the_same_idempotency_key_returns_the_first(w):
    first = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                        start=w.ago(hours=3), end=w.ago(hours=2), idempotency_key="k-1")
    again = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                        start=w.ago(hours=3), end=w.ago(hours=2), idempotency_key="k-1")
    assert again.pk == first.pk and TimeSession.objects.count() == 1


def test_backdated_session_needs_a_reason(w):
    with pytest.raises(ValidationError) as e:
        actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                    start=w.ago(days=2), end=w.ago(days=2) + timedelta(hours=1))
    assert "backdate_reason" in errors(e)


def test_group_association_makes_one_session_per_person_and_closes_them_all(w):
    second = h.make_person(w.prison)
    h.make_stay(second, w.prison, w.ago(days=5), unit=w.unit)
    group = actions.do_start_group_session(actor=w.officer, unit=w.unit, persons=[w.person, second],
                                           start=w.ago(hours=2))
    sessions = TimeSession.objects.filter(group=group)
    assert sorted(s.person_id for s in sessions) == sorted([w.person.pk, second.pk])
    assert all(s.kind == "association" and s.end is None for s in sessions)
    actions.do_end_group_session(actor=w.officer, group=group, end=w.ago(hours=1))
    assert set(TimeSession.objects.filter(group=group).values_list("end", flat=True)) == {w.ago(hours=1)}
    assert GroupSession.objects.get(pk=group.pk).end == w.ago(hours=1)


def test_group_refuses_a_person_not_held(w):
    gone = h.make_person(w.prison)
    with pytest.raises(ValidationError):
        actions.do_start_group_session(actor=w.officer, unit=w.unit, persons=[w.person, gone], start=w.ago(hours=2))
    assert not TimeSession.objects.exists() and not GroupSession.objects.exists()


# --- the daily schedule ----------------------------------------------------------------------------


def test_confirm_normal_day_prefills_from_the_schedule_once(w):
    yesterday = timezone.localdate() - timedelta(days=1)
    assoc = actions.do_add_schedule_entry(actor=w.leader, unit=w.unit, category=Category.CONTACT, kind="association",
                                          start_time=time(9), end_time=time(11), valid_from=yesterday)
    outdoor = actions.do_add_schedule_entry(actor=w.leader, unit=w.unit, category=Category.OUTDOOR,
                                            start_time=time(13), end_time=time(14), valid_from=yesterday)
    second = h.make_person(w.prison)
    h.make_stay(second, w.prison, w.ago(days=5), unit=w.unit)
    done = actions.do_confirm_normal_day(actor=w.officer, unit=w.unit, day=yesterday,
                                         exceptions=[(second.public_id, outdoor.public_id)])
    assert len(done.created) == 3
    assert (str(second.public_id), str(outdoor.public_id), "exception") in done.skipped
    mine = TimeSession.objects.filter(person=w.person).order_by("start")
    assert [(s.category, s.kind, timezone.localtime(s.start).hour, timezone.localtime(s.end).hour) for s in mine] == [
        ("contact", "association", 9, 11), ("outdoor", "", 13, 14)]
    again = actions.do_confirm_normal_day(actor=w.officer, unit=w.unit, day=yesterday,
                                          exceptions=[(second.public_id, outdoor.public_id)])
    assert again.created == [] and TimeSession.objects.count() == 3
    # Without the exception the block that did not happen is added, and only it.
    last = actions.do_confirm_normal_day(actor=w.officer, unit=w.unit, day=yesterday)
    assert [s.person for s in last.created] == [second] and TimeSession.objects.count() == 4
    assert assoc.unit == w.unit


def test_confirm_normal_day_leaves_a_fully_excluded_person_out_of_association(w):
    yesterday = timezone.localdate() - timedelta(days=1)
    actions.do_add_schedule_entry(actor=w.leader, unit=w.unit, category=Category.CONTACT, kind="association",
                                  start_time=time(9), end_time=time(11), valid_from=yesterday)
    exclusion_in_force(w, start=w.ago(days=3))
    done = actions.do_confirm_normal_day(actor=w.officer, unit=w.unit, day=yesterday)
    assert done.created == [] and done.skipped[0][2] == "excluded"


def test_schedule_entries_are_planned_not_counted(w):
    actions.do_add_schedule_entry(actor=w.leader, unit=w.unit, category=Category.OUTDOOR,
                                  start_time=time(13), end_time=time(14), valid_from=timezone.localdate())
    assert not TimeSession.objects.exists()


def test_an_officer_cannot_change_the_schedule(w):
    with pytest.raises(PermissionDenied):
        actions.do_add_schedule_entry(actor=w.officer, unit=w.unit, category=Category.OUTDOOR,
                                      start_time=time(13), end_time=time(14), valid_from=timezone.localdate())


# --- coercive means, supervision, reviews ---------------------------------------------------------


def test_security_cell_with_supervision_log_escalation_and_health(w):
    cell = actions.do_start_coercive_means(actor=w.officer, person=w.person, kind="security_cell",
                                           reason="danger_to_self", start=w.ago(hours=5), reason_text="threats")
    check = actions.do_record_supervision(actor=w.officer, subject=cell, at=w.ago(hours=4), observation="calm",
                                          condition="awake", health_called=True)
    assert check.coercive_means == cell and check.health_called
    actions.do_escalate_coercive_means(actor=w.leader, means=cell, level="region", at=w.ago(hours=3))
    actions.do_notify_health(actor=w.officer, means=cell, at=w.ago(hours=4))
    ended = actions.do_end_coercive_means(actor=w.officer, means=cell, at=w.ago(hours=1))
    assert (ended.escalated_level, ended.health_notified_at, ended.end) == ("region", w.ago(hours=4), w.ago(hours=1))


def test_supervision_outside_the_measure_or_of_handcuffs_is_refused(w):
    cell = actions.do_start_coercive_means(actor=w.officer, person=w.person, kind="security_cell",
                                           reason="danger_to_self", start=w.ago(hours=5), end=w.ago(hours=2))
    with pytest.raises(ValidationError) as e:
        actions.do_record_supervision(actor=w.officer, subject=cell, at=w.ago(hours=1))
    assert "at" in errors(e)
    cuffs = actions.do_start_coercive_means(actor=w.officer, person=w.person, kind="handcuffs", reason="escape",
                                            start=w.ago(hours=5), end=w.ago(hours=4))
    with pytest.raises(ValidationError) as e:
        actions.do_record_supervision(actor=w.officer, subject=cuffs, at=w.ago(hours=4, minutes=30))
    assert "subject" in errors(e)


def test_renewed_coercive_means_links_and_ends_the_previous(w):
    bed = actions.do_start_coercive_means(actor=w.officer, person=w.person, kind="security_bed",
                                          reason="danger_to_self", start=w.ago(hours=20))
    renewed = actions.do_start_coercive_means(actor=w.leader, person=w.person, kind="security_bed",
                                              reason="danger_to_self", start=w.ago(hours=2), renews=bed)
    bed.refresh_from_db()
    assert bed.end == w.ago(hours=2) and renewed.renews == bed
    with pytest.raises(ValidationError) as e:
        actions.do_start_coercive_means(actor=w.leader, person=w.person, kind="security_bed",
                                        reason="danger_to_self", start=w.ago(hours=1))
    assert "renewal" in errors(e)["start"][0]


def test_review_levels_outcomes_and_times(w):
    e1 = exclusion_in_force(w, start=w.ago(days=3))
    review = actions.do_record_review(actor=w.leader, subject=e1, at=w.ago(hours=2), level="region",
                                      outcome="continue", reasons="still threats")
    assert review.exclusion == e1 and review.level == "region"
    with pytest.raises(ValidationError) as e:
        actions.do_record_review(actor=w.leader, subject=e1, at=w.ago(days=4), level="prison", outcome="continue",
                                 backdate_reason="late")
    assert "at" in errors(e)
    with pytest.raises(ValidationError) as e:
        actions.do_record_review(actor=w.leader, subject=e1, at=w.ago(hours=1), level="prison", outcome="maybe")
    assert "outcome" in errors(e)
    with pytest.raises(PermissionDenied):
        actions.do_record_review(actor=w.officer, subject=e1, at=w.ago(hours=1), level="prison", outcome="end")


def test_region_advisor_records_a_region_review(w):
    advisor = h.user_with_role("region_advisor", region="east")
    e1 = exclusion_in_force(w, start=w.ago(days=3))
    assert actions.do_record_review(actor=advisor, subject=e1, at=w.ago(hours=1), level="region",
                                    outcome="end").pk
    with pytest.raises(PermissionDenied):
        actions.do_record_review(actor=advisor, subject=e1, at=w.ago(hours=1), level="prison", outcome="end")


# --- week plans, measures, incidents, lock-ins -----------------------------------------------------


def test_week_plan_warns_about_days_under_two_hours(w):
    e1 = exclusion_in_force(w, start=w.ago(days=1))
    items = [{"weekday": d, "kind": "staff_conversation", "start_time": time(10), "end_time": time(11)}
             for d in range(7)]
    items += [{"weekday": d, "kind": "isolation_reducing", "start_time": time(10, 30), "end_time": time(12)}
              for d in range(6)]
    items.append({"weekday": 6, "kind": "phone", "start_time": time(13), "end_time": time(15)})
    plan = actions.do_make_week_plan(actor=w.officer, exclusion=e1, week_start=timezone.localdate(), items=items)
    # Mon–Sat: 10:00–12:00 once (overlap counted once) = 120 min; Sunday: 60 min + phone (not meaningful).
    assert plan.short_days == [6]
    assert plan.items.count() == 14


def test_week_plan_item_errors_name_the_item(w):
    e1 = exclusion_in_force(w, start=w.ago(days=1))
    with pytest.raises(ValidationError) as e:
        actions.do_make_week_plan(actor=w.officer, exclusion=e1, week_start=timezone.localdate(), items=[
            {"weekday": 0, "kind": "visit", "start_time": time(10), "end_time": time(9)}])
    assert "items[0].end_time" in errors(e)


def test_a_declined_offer_is_recorded(w):
    m = actions.do_record_measure(actor=w.officer, person=w.person, at=w.ago(hours=1), description="walk",
                                  offered_by="activity_team", response="declined")
    assert m.response == "declined"
    with pytest.raises(ValidationError) as e:
        actions.do_record_measure(actor=w.officer, person=w.person, at=w.ago(hours=1), description="walk",
                                  offered_by="activity_team", response="maybe")
    assert "response" in errors(e)


def test_repeated_serious_self_harm_notifies_the_supervisory_board(w, django_capture_on_commit_callbacks):
    # The notice is made when the command commits (fellesskap/oversight/hooks.py).
    with django_capture_on_commit_callbacks(execute=True):
        first = actions.do_record_incident(actor=w.officer, person=w.person, kind="self_harm", at=w.ago(days=5),
                                           serious=True, backdate_reason="late")
    assert not SupervisoryBoardNotification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_record_incident(actor=w.officer, person=w.person, kind="self_harm", at=w.ago(days=4),
                                   serious=False, backdate_reason="late")
    assert not SupervisoryBoardNotification.objects.exists()
    exclusion_in_force(w, start=w.ago(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        second = actions.do_record_incident(actor=w.officer, person=w.person, kind="self_harm", at=w.ago(hours=2),
                                            serious=True, health_told_at=w.ago(hours=1))
    notice = SupervisoryBoardNotification.objects.get()
    assert notice.incident == second and notice.reason == "repeated_serious_self_harm"
    assert notice.contents["earlier_serious_self_harm"] == [str(first.public_id)]
    assert [(r["type"], r["scope"], r["ground"]) for r in notice.contents["regimes_at_the_time"]] == [
        ("exclusion", "full", "order_and_security")]
    assert notice.contents["person"] == str(w.person.public_id)
    assert w.person.family_name not in str(notice.contents)


def test_a_suicide_attempt_notifies_at_once(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident = actions.do_record_incident(actor=w.officer, person=w.person, kind="suicide_attempt",
                                              at=w.ago(hours=2))
    incident.refresh_from_db()
    assert incident.serious and incident.board_notification.reason == "suicide_attempt"


def test_health_cannot_be_told_before_the_incident(w):
    with pytest.raises(ValidationError) as e:
        actions.do_record_incident(actor=w.officer, person=w.person, kind="violence", at=w.ago(hours=2),
                                   health_told_at=w.ago(hours=3))
    assert "health_told_at" in errors(e)


def test_unit_lock_in_refuses_an_overlap_and_ends(w):
    lock = actions.do_start_unit_lock_in(actor=w.leader, unit=w.unit, start=w.ago(hours=5), reason="staff shortage")
    with pytest.raises(ValidationError) as e:
        actions.do_start_unit_lock_in(actor=w.leader, unit=w.unit, start=w.ago(hours=4), reason="again")
    assert "start" in errors(e)
    assert actions.do_end_unit_lock_in(actor=w.leader, lock_in=lock, at=w.ago(hours=1)).end == w.ago(hours=1)


def test_corrections_and_withdrawals_need_a_reason(w):
    s = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                    start=w.ago(hours=3), end=w.ago(hours=2))
    with pytest.raises(ValidationError):
        actions.do_correct_record(actor=w.officer, record=s, changes={"end": w.ago(hours=1)}, reason="")
    fixed = actions.do_correct_record(actor=w.officer, record=s, changes={"end": w.ago(hours=1)}, reason="clock")
    assert fixed.end == w.ago(hours=1)
    with pytest.raises(ValidationError) as e:
        actions.do_correct_record(actor=w.officer, record=s, changes={"end": w.ago(hours=4)}, reason="oops")
    assert "end" in errors(e)
    actions.do_withdraw_record(actor=w.officer, record=s, reason="wrong person")
    assert not TimeSession.objects.exists() and TimeSession.all_objects.get().withdrawn_reason == "wrong person"


def test_confirm_normal_day_skips_a_person_who_arrived_during_a_block(w):
    yesterday = timezone.localdate() - timedelta(days=1)
    actions.do_add_schedule_entry(actor=w.leader, unit=w.unit, category=Category.OUTDOOR,
                                  start_time=time(13), end_time=time(14), valid_from=yesterday)
    late = h.make_person(w.prison)
    arrival = timezone.make_aware(timezone.datetime.combine(yesterday, time(13, 30)))
    h.make_stay(late, w.prison, arrival, unit=w.unit)
    done = actions.do_confirm_normal_day(actor=w.officer, unit=w.unit, day=yesterday)
    assert [s.person for s in done.created] == [w.person]
    reason = next(r for p, _e, r in done.skipped if p == str(late.public_id))
    assert reason.startswith("refused: ") and "not held" in reason
