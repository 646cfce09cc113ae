"""The records hook (refresh after commit) and the handling commands' checks."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fellesskap.alerts import actions
from fellesskap.alerts.hooks import records_changed
from fellesskap.alerts.models import Deadline, Deviation
from fellesskap.alerts.packs import default_packs
from fellesskap.alerts.tests.helpers import world_with_exclusion
from fellesskap.alerts.worker import run_once
from fellesskap.registry import roles as R
from fellesskap.registry.models import RecordVersion
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_records_changed_refreshes_after_commit_only(django_capture_on_commit_callbacks):
    w, _ = world_with_exclusion()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        records_changed([w.person.public_id])
    assert len(callbacks) == 1 and not Deadline.objects.exists()  # nothing before the commit
    callbacks[0]()
    assert Deadline.objects.filter(person=w.person, rule="no.full_exclusion.region_14d").exists()


def test_records_changed_accepts_persons_pks_and_public_ids(django_capture_on_commit_callbacks):
    w, _ = world_with_exclusion()
    other, _ = world_with_exclusion("B")
    with django_capture_on_commit_callbacks(execute=True):
        records_changed([w.person, other.person.pk])
    assert {d.person_id for d in Deadline.objects.all()} == {w.person.pk, other.person.pk}


def test_default_packs_are_the_law_in_force():
    from datetime import date

    assert default_packs(date(2026, 11, 23)) == ["no-current", "mandela"]  # no-2026 has no date yet


@pytest.fixture
def deviation():
    w, _ = world_with_exclusion()
    run_once(w.now)
    return w, Deviation.objects.filter(prison=w.prison).first()


def test_only_leaders_of_the_prison_handle(deviation):
    w, d = deviation
    with pytest.raises(PermissionDenied):
        actions.do_comment_deviation(actor=w.officer, deviation=d, text="x")
    with pytest.raises(PermissionDenied):
        actions.do_comment_deviation(actor=h.user_with_role(R.PRISON_LEADER, h.make_prison("Z")), deviation=d,
                                     text="x")
    with pytest.raises(PermissionDenied):
        actions.do_comment_deviation(actor=h.user_with_role(R.REGION_ADVISOR, region="east"), deviation=d, text="x")


def test_assignee_must_work_in_the_prison(deviation):
    w, d = deviation
    outsider = h.user_with_role(R.OFFICER, h.make_prison("Z"))
    with pytest.raises(ValidationError) as err:
        actions.do_assign_deviation(actor=w.leader, deviation=d, assignee=outsider)
    assert "assigned_to" in err.value.message_dict


def test_close_and_reopen_are_versioned(deviation):
    w, d = deviation
    with pytest.raises(ValidationError) as err:
        actions.do_close_deviation(actor=w.leader, deviation=d, reason="  ")
    assert "reason" in err.value.message_dict
    d = actions.do_close_deviation(actor=w.leader, deviation=d, reason="Handled.")
    with pytest.raises(ValidationError):
        actions.do_close_deviation(actor=w.leader, deviation=d, reason="again")
    d = actions.do_reopen_deviation(actor=w.leader, deviation=d, reason="Happened again.")
    assert d.status == "open" and d.closed_at is None and d.version == 3
    versions = RecordVersion.objects.filter(record_id=d.public_id).order_by("version")
    assert [v.snapshot["status"] for v in versions] == ["open", "closed", "open"]
    assert versions[1].reason == "Handled."


def test_a_manual_deviation(deviation):
    w, _ = deviation
    d = actions.do_create_deviation(actor=w.leader, prison=w.prison, kind="unit_lock_in", severity="medium",
                                    description="Unit locked in all afternoon for lack of staff.",
                                    date=w.now.date(), unit=w.unit)
    assert d.created_by == w.leader and d.evidence == {"source": "manual"}
    with pytest.raises(ValidationError) as err:
        actions.do_create_deviation(actor=w.leader, prison=w.prison, kind="nope", severity="medium",
                                    description="x", date=w.now.date())
    assert "kind" in err.value.message_dict


def test_packs_setting_is_for_administrators(deviation):
    w, _ = deviation
    with pytest.raises(PermissionDenied):
        actions.do_set_prison_packs(actor=w.leader, prison=w.prison, packs=["se"])
    admin = h.user_with_role(R.ADMINISTRATOR, national=True)
    with pytest.raises(ValidationError) as err:
        actions.do_set_prison_packs(actor=admin, prison=w.prison, packs=["se", "xx"])
    assert "packs" in err.value.message_dict
    assert actions.do_set_prison_packs(actor=admin, prison=w.prison, packs=["se", "se"]).packs == ["se"]
