"""refresh_person: bridge -> ledger -> engine for one person, upserted; never
deleting, withdrawing with a reason; alerts raised in the warning window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fellesskap.alerts.models import Alert, Deadline, Finding, PrisonRulePacks
from fellesskap.alerts.refresh import NO_LONGER_FOLLOWS, refresh_person
from fellesskap.alerts.tests.helpers import region_due, world_with_exclusion
from fellesskap.records import actions

pytestmark = pytest.mark.django_db


def _deadlines(person):
    return {d.rule: d for d in Deadline.objects.filter(person=person)}


def test_stores_the_deadlines_of_the_episode():
    w, excl = world_with_exclusion()
    result = refresh_person(w.person, at=w.now)
    assert not result.skipped and result.inserted > 0
    rows = _deadlines(w.person)
    region = rows["no.full_exclusion.region_14d"]
    assert region.status == "pending" and region.due == region_due(excl)
    assert region.subject == str(excl.public_id) and region.responsible_role == "region"
    assert region.warn_from == region.due - timedelta(hours=24)
    assert region.prison == w.prison and region.pack == "no-current" and region.pack_version
    week_plan = rows["no.exclusion.week_plan_24h"]
    assert week_plan.status == "missed" and week_plan.due == excl.start + timedelta(hours=24)
    # KDI at 42 days lies beyond today but is a one-off deadline: listed however far ahead.
    assert rows["no.full_exclusion.kdi_42d"].status == "pending"


def test_stores_unregistered_isolation_with_its_ledger_day():
    w, excl = world_with_exclusion()
    refresh_person(w.person, at=w.now)
    found = Finding.objects.filter(person=w.person, rule="no.unregistered_isolation", withdrawn_at__isnull=True)
    assert found.exists()
    for f in found:
        assert f.ledger_day["isolated"] is True and f.ledger_day["cause"] == "unregistered"
        assert f.prison == w.prison


def test_a_second_refresh_changes_nothing():
    w, _ = world_with_exclusion()
    refresh_person(w.person, at=w.now)
    before = list(Deadline.objects.order_by("pk").values()), list(Finding.objects.order_by("pk").values())
    again = refresh_person(w.person, at=w.now)
    assert again.inserted == 0 and again.updated == 0 and again.withdrawn == 0
    after = list(Deadline.objects.order_by("pk").values()), list(Finding.objects.order_by("pk").values())
    assert before == after


def test_a_withdrawn_decision_withdraws_its_deadlines_but_keeps_them():
    w, excl = world_with_exclusion()
    refresh_person(w.person, at=w.now)
    count = Deadline.objects.count()
    actions.do_withdraw_record(actor=w.leader, record=excl, reason="registered on the wrong person")
    result = refresh_person(w.person, at=w.now)
    assert Deadline.objects.count() == count  # nothing deleted
    missed = Deadline.objects.get(rule="no.exclusion.week_plan_24h")
    assert missed.status == "missed" and missed.withdrawn_at == w.now
    assert missed.withdrawn_reason == NO_LONGER_FOLLOWS
    assert not Deadline.objects.filter(withdrawn_at__isnull=True).exists()
    assert result.withdrawn >= count


def test_a_week_plan_registered_late_but_dated_in_time_turns_missed_into_met():
    w, excl = world_with_exclusion()
    refresh_person(w.person, at=w.now)
    assert Deadline.objects.get(rule="no.exclusion.week_plan_24h").status == "missed"
    plan = actions.do_make_week_plan(actor=w.leader, exclusion=excl, week_start=excl.start.date(), items=[],
                                     made_at=excl.start + timedelta(hours=2), backdate_reason="entered late")
    refresh_person(w.person, at=w.now)
    row = Deadline.objects.get(rule="no.exclusion.week_plan_24h")
    assert row.status == "met" and row.withdrawn_at is None and row.met_at == plan.made_at
    assert Deadline.objects.filter(rule="no.exclusion.week_plan_24h").count() == 1  # updated, not added


def test_alert_raised_in_the_warning_window_for_the_responsible_role():
    w, excl = world_with_exclusion()
    due = region_due(excl)
    refresh_person(w.person, at=due - timedelta(hours=25))
    assert not Alert.objects.filter(deadline__rule="no.full_exclusion.region_14d").exists()
    refresh_person(w.person, at=due - timedelta(hours=23))
    alert = Alert.objects.get(deadline__rule="no.full_exclusion.region_14d")
    assert alert.role == "region" and alert.prison == w.prison and alert.resolved_at is None
    # Refreshing again raises no second alert.
    refresh_person(w.person, at=due - timedelta(hours=22))
    assert Alert.objects.filter(deadline__rule="no.full_exclusion.region_14d").count() == 1
    # Once due passes without a review, the deadline is missed and the alert resolved as missed.
    refresh_person(w.person, at=due + timedelta(minutes=1))
    alert.refresh_from_db()
    assert alert.resolution == "missed" and alert.resolved_at == due + timedelta(minutes=1)


def test_a_region_review_meets_the_deadline_and_resolves_the_alert():
    w, excl = world_with_exclusion()
    due = region_due(excl)
    refresh_person(w.person, at=due - timedelta(hours=2))
    actions.do_record_review(actor=w.leader, subject=excl, at=w.now - timedelta(hours=1), level="region",
                             outcome="continue", reasons="Still needed.")
    refresh_person(w.person, at=due - timedelta(hours=1))
    row = Deadline.objects.get(rule="no.full_exclusion.region_14d")
    assert row.status == "met" and row.met_at == w.now - timedelta(hours=1)
    assert row.alert.resolution == "met"


def test_packs_follow_the_prison_setting():
    w, _ = world_with_exclusion()
    refresh_person(w.person, at=w.now)
    assert not Finding.objects.filter(pack="cpt").exists()  # comparison pack: not by default
    PrisonRulePacks.objects.create(prison=w.prison, packs=["cpt"], updated_at=w.now)
    refresh_person(w.person, at=w.now)
    assert Finding.objects.filter(pack="cpt", rule="cpt.outdoor_1h").exists()
    assert Finding.objects.filter(pack="no-current").exists()  # the law in force stays
    PrisonRulePacks.objects.filter(prison=w.prison).update(packs=[])
    refresh_person(w.person, at=w.now)
    cpt = Finding.objects.filter(pack="cpt")
    assert cpt.exists() and all(f.withdrawn_at == w.now for f in cpt)


def test_no_finding_before_the_prison_registers_time():
    """A prison that starts using fellesskap (records_from) is not charged with the days before."""
    w, excl = world_with_exclusion()
    refresh_person(w.person, at=w.now)
    before = sorted(Finding.objects.filter(person=w.person, rule="no.unregistered_isolation",
                                           withdrawn_at__isnull=True).values_list("date", flat=True))
    assert len(before) >= 2, "the world has unregistered isolation on several days"
    start = before[1]
    w.prison.records_from = start
    w.prison.save()
    refresh_person(w.person, at=w.now)
    live = Finding.objects.filter(person=w.person, withdrawn_at__isnull=True)
    assert live.exists() and all(d >= start for d in live.values_list("date", flat=True))
    assert sorted(live.filter(rule="no.unregistered_isolation").values_list("date", flat=True)) == before[1:]
    gone = Finding.objects.get(person=w.person, rule="no.unregistered_isolation", date=before[0])
    assert gone.withdrawn_at is not None and gone.withdrawn_reason == "before_recording_start"
    # Deadlines come from decisions, which were registered: they are kept.
    assert Deadline.objects.filter(person=w.person, withdrawn_at__isnull=True).exists()


def test_a_prison_with_a_recording_start_never_stores_the_earlier_days():
    w, _ = world_with_exclusion()
    start = timezone.localdate(w.ago(days=3))  # went live three days ago
    w.prison.records_from = start
    w.prison.save()
    first = refresh_person(w.person, at=w.now)
    assert first.deadlines > 0, "the decisions' deadlines are still followed"
    assert not Finding.objects.filter(person=w.person, date__lt=start).exists()
    again = refresh_person(w.person, at=w.now)
    assert again.inserted == 0 and again.withdrawn == 0
