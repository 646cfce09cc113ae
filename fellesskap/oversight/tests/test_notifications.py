"""The supervisory board's notice: made when the incident command commits,
once per incident, with what the notice must contain."""

from datetime import timedelta

import pytest
from django.db import transaction

from fellesskap.audit.models import AuditEvent
from fellesskap.oversight import notify
from fellesskap.oversight.tests.helpers import incident, means, world
from fellesskap.records import actions
from fellesskap.records.models import SupervisoryBoardNotification
from fellesskap.records.tests.helpers import exclusion_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs the on-commit hooks of what is done inside it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_suicide_notifies_the_board_with_its_contents(w, commit):
    exclusion = exclusion_in_force(w, start=w.ago(days=2))
    with commit():
        suicide = incident(w, "suicide", w.ago(hours=3), health_told_at=w.ago(hours=2))
    notice = SupervisoryBoardNotification.objects.get()
    c = notice.contents
    assert (notice.incident, notice.reason, notice.prison) == (suicide, "suicide", w.prison)
    assert c["person"] == str(w.person.public_id) and c["prison"] == "A" and c["kind"] == "suicide"
    assert c["serious"] is True and c["health_told"] is True
    assert [r["id"] for r in c["regimes_at_the_time"]] == [str(exclusion.public_id)]
    assert w.person.family_name not in str(c) and w.person.national_id not in str(c)
    assert notice.sent_at is not None
    assert AuditEvent.objects.filter(data__command="supervisory_board_notification",
                                     object_id=str(suicide.public_id)).count() == 1


def test_a_suicide_attempt_notifies_the_board_with_the_measures_after(w, commit):
    with commit():
        attempt = incident(w, "suicide_attempt", w.ago(hours=5))
    cell = means(w, "security_cell", w.ago(hours=4), reasons="Acute danger.")
    notice = SupervisoryBoardNotification.objects.get(incident=attempt)
    assert notice.reason == "suicide_attempt" and notice.contents["health_told"] is False
    assert notice.contents["regimes_at_the_time"] == []
    # Measures recorded after the notice are found when the board reads it.
    assert [m["id"] for m in notify.measures_after(w.person.pk, attempt.at)] == [str(cell.public_id)]


def test_repeated_serious_self_harm_notifies_the_board(w, commit):
    with commit():
        first = incident(w, "self_harm", w.ago(days=20), serious=True)
    assert not SupervisoryBoardNotification.objects.exists()
    with commit():
        second = incident(w, "self_harm", w.ago(days=1, hours=1), serious=True)
    notice = SupervisoryBoardNotification.objects.get()
    assert notice.incident == second and notice.reason == "repeated_serious_self_harm"
    assert notice.contents["earlier_serious_self_harm"] == [str(first.public_id)]


def test_a_backdated_self_harm_before_a_registered_one_also_notifies(w, commit):
    with commit():
        incident(w, "self_harm", w.ago(hours=3), serious=True)
    with commit():
        late = incident(w, "self_harm", w.ago(days=9), serious=True)
    assert SupervisoryBoardNotification.objects.get().incident == late


def test_a_correction_to_serious_notifies(w, commit):
    with commit():
        incident(w, "self_harm", w.ago(days=3), serious=True)
        second = incident(w, "self_harm", w.ago(hours=3), serious=False)
    assert not SupervisoryBoardNotification.objects.exists()
    with commit():
        actions.do_correct_record(actor=w.officer, record=second, changes={"serious": True},
                                  reason="The doctor judged it serious.")
    assert SupervisoryBoardNotification.objects.get().incident == second


def test_what_does_not_notify(w, commit):
    with commit():
        incident(w, "self_harm", w.ago(days=40), serious=True)
        incident(w, "self_harm", w.ago(days=5), serious=True)  # 35 days after the first
        incident(w, "self_harm", w.ago(days=4), serious=False)
        incident(w, "violence", w.ago(days=3), serious=True)
    assert not SupervisoryBoardNotification.objects.exists()
    assert notify.sweep() == 0


def test_a_rolled_back_incident_notifies_nobody(w, commit):
    with commit(), pytest.raises(RuntimeError), transaction.atomic():
        incident(w, "suicide_attempt", w.ago(hours=1))
        raise RuntimeError("the registration failed later")
    assert not SupervisoryBoardNotification.objects.exists()


def test_making_the_notice_is_idempotent_and_the_sweep_catches_up(w):
    # Without the on-commit hook (as after a crash), the sweep makes the notice.
    attempt = incident(w, "suicide_attempt", w.ago(hours=2))
    assert not SupervisoryBoardNotification.objects.exists()
    assert notify.sweep() == 1
    first = SupervisoryBoardNotification.objects.get()
    assert notify.ensure_notification(attempt.pk) == first
    assert notify.sweep() == 0
    assert SupervisoryBoardNotification.objects.count() == 1
    assert first.created_at > attempt.at - timedelta(seconds=1)


def test_the_sweep_command_makes_missing_notices(w):
    from io import StringIO

    from django.core.management import call_command

    incident(w, "suicide", w.ago(hours=2))
    out = StringIO()
    call_command("oversight_notify", "--days", "7", stdout=out)
    assert out.getvalue().strip() == "1 notification(s) made"
    assert SupervisoryBoardNotification.objects.get().reason == "suicide"
