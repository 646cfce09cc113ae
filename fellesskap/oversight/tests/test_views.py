"""Each oversight screen per role: allowed, 403 for a role it is not for,
404 for another prison's ids or codes, and an inspector refused once the
grant has expired."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.oversight import actions as oversight
from fellesskap.oversight.models import BoardAcknowledgement
from fellesskap.oversight.tests.helpers import h, incident, means, world
from fellesskap.records.models import Counterpart, SupervisoryBoardNotification, TimeSession
from fellesskap.records.tests.helpers import exclusion_in_force
from fellesskap.registry import roles as R

pytestmark = pytest.mark.django_db

BOARD_SCREENS = ["oversight:index", "oversight:register", "oversight:register_csv", "oversight:notifications",
                 "oversight:notifications_csv", "oversight:deviations", "oversight:deviations_csv",
                 "oversight:inspections"]


@pytest.fixture
def w():
    return world()


@pytest.fixture
def b():
    return world("B")


def _notice(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident(w, "suicide_attempt", w.ago(hours=3), health_told_at=w.ago(hours=2))
    return SupervisoryBoardNotification.objects.get(prison=w.prison)


# --- health ---------------------------------------------------------------------------------------


def test_health_staff_see_excluded_and_coerced_persons(client, w):
    exclusion_in_force(w, start=w.ago(days=2))
    cell = means(w, "security_cell", w.ago(hours=2), reasons="Acute danger.")
    other = h.make_person(w.prison, family_name="Notisolated")
    h.make_stay(other, w.prison, w.ago(days=3))
    h.login_as(client, R.HEALTH_STAFF, w.prison)
    response = client.get(reverse("oversight:health"))
    assert response.status_code == 200
    page = response.content.decode()
    assert w.person.family_name in page and "Notisolated" not in page
    assert f'name="means" value="{cell.public_id}"' in page
    assert AuditEvent.objects.filter(action="list", data__screen="health",
                                     data__persons=[str(w.person.public_id)]).exists()


@pytest.mark.parametrize("role", [R.OFFICER, R.SUPERVISORY_BOARD_MEMBER, R.INSPECTOR, R.PRISON_LEADER])
def test_the_health_screen_is_for_health_staff_only(client, w, role):
    h.login_as(client, role, w.prison)
    assert client.get(reverse("oversight:health")).status_code == 403


def test_another_prisons_code_is_404_for_health_staff(client, w, b):
    h.login_as(client, R.HEALTH_STAFF, w.prison)
    assert client.get(reverse("oversight:health"), {"prison": "B"}).status_code == 404
    assert client.get(reverse("oversight:health"), {"prison": "NOPE"}).status_code == 404


def test_health_staff_record_a_health_contact(client, w):
    exclusion_in_force(w, start=w.ago(days=2))
    h.login_as(client, R.HEALTH_STAFF, w.prison)
    start = timezone.localtime(w.ago(hours=2))
    response = client.post(reverse("oversight:health_contact"), {
        "prison": "A", "person": str(w.person.public_id), "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M"), "note": "conversation"})
    assert response.status_code == 302
    session = TimeSession.objects.get(person=w.person)
    assert (session.counterpart, session.kind, session.category) == (Counterpart.HEALTH, "health", "contact")
    assert (session.end - session.start) == timedelta(minutes=40)


def test_a_bad_health_contact_is_refused_with_a_message(client, w):
    h.login_as(client, R.HEALTH_STAFF, w.prison)
    start = timezone.localtime(w.ago(hours=2))
    response = client.post(reverse("oversight:health_contact"), {
        "prison": "A", "person": str(w.person.public_id), "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start - timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M")}, follow=True)
    assert not TimeSession.objects.exists()
    assert 'class="ds-alert" data-color="danger"' in response.content.decode()


def test_a_health_contact_for_another_prisons_person_is_404(client, w, b):
    h.login_as(client, R.HEALTH_STAFF, w.prison)
    start = timezone.localtime(b.ago(hours=2))
    response = client.post(reverse("oversight:health_contact"), {
        "person": str(b.person.public_id), "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 404 and not TimeSession.objects.exists()


def test_health_staff_acknowledge_health_notified(client, w, b):
    cell = means(w, "security_cell", w.ago(hours=2), reasons="Acute danger.")
    theirs = means(b, "handcuffs", b.ago(hours=2))
    h.login_as(client, R.HEALTH_STAFF, w.prison)
    at = timezone.localtime(w.ago(hours=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(reverse("oversight:health_notified"), {"means": str(theirs.public_id), "at": at}).status_code \
        == 404
    assert client.post(reverse("oversight:health_notified"), {"means": str(cell.public_id), "at": at}).status_code \
        == 302
    cell.refresh_from_db()
    theirs.refresh_from_db()
    assert cell.health_notified_at is not None and cell.version == 2 and theirs.health_notified_at is None


def test_an_officer_cannot_post_health_notified(client, w):
    cell = means(w, "security_cell", w.ago(hours=2))
    h.login_as(client, R.OFFICER, w.prison)
    response = client.post(reverse("oversight:health_notified"), {"means": str(cell.public_id), "at": "2026-01-01T10:00"})
    assert response.status_code == 403


# --- the board and inspectors ---------------------------------------------------------------------


@pytest.mark.parametrize("name", BOARD_SCREENS)
@pytest.mark.parametrize("role", [R.SUPERVISORY_BOARD_MEMBER, R.INSPECTOR])
def test_the_board_and_inspectors_read_their_prison(client, w, role, name):
    h.login_as(client, role, w.prison)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", BOARD_SCREENS)
@pytest.mark.parametrize("role", [R.OFFICER, R.HEALTH_STAFF, R.PRISON_LEADER, R.DIRECTORATE_ANALYST])
def test_other_roles_are_refused_the_board_screens(client, w, role, name):
    if role == R.DIRECTORATE_ANALYST:
        h.login_as(client, role, national=True)
    else:
        h.login_as(client, role, w.prison)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", BOARD_SCREENS)
def test_another_prisons_code_is_404_for_the_board(client, w, b, name):
    h.login_as(client, R.SUPERVISORY_BOARD_MEMBER, w.prison)
    assert client.get(reverse(name), {"prison": "B"}).status_code == 404


def test_an_inspector_is_refused_after_the_grant_expires(client, w):
    now = timezone.now()
    user = h.make_user()
    h.grant(user, R.INSPECTOR, w.prison, valid_from=now - timedelta(days=10), valid_to=now - timedelta(minutes=1))
    client.force_login(user)
    for name in BOARD_SCREENS:
        assert client.get(reverse(name)).status_code == 403, name


def test_the_register_lists_decisions_with_reviews_and_exports_csv(client, w, b):
    exclusion_in_force(w, start=w.ago(days=5), end=w.ago(days=1))
    means(w, "security_bed", w.ago(days=3), w.ago(days=3) + timedelta(hours=2))
    exclusion_in_force(b, start=b.ago(days=5))
    h.login_as(client, R.INSPECTOR, w.prison)
    page = client.get(reverse("oversight:register")).content.decode()
    assert page.count(w.person.family_name) == 2 and b.person.family_name not in page
    response = client.get(reverse("oversight:register_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[0][0] == "vedtak_id" and len(rows) == 3
    assert {r[1] for r in rows[1:]} == {"exclusion", "coercive_means"}
    assert {r[8] for r in rows[1:]} == {"96,0", "2,0"}
    assert w.person.family_name not in response.content.decode()
    assert AuditEvent.objects.filter(action="export", object_type="oversight.register").exists()


def test_the_board_acknowledges_a_notification_once(client, w, django_capture_on_commit_callbacks):
    notice = _notice(w, django_capture_on_commit_callbacks)
    member = h.login_as(client, R.SUPERVISORY_BOARD_MEMBER, w.prison)
    page = client.get(reverse("oversight:notifications")).content.decode()
    assert w.person.family_name in page and f'name="incident" value="{notice.incident.public_id}"' in page
    response = client.post(reverse("oversight:acknowledge"), {"incident": str(notice.incident.public_id),
                                                              "comment": "Seen; we will visit."})
    assert response.status_code == 302
    ack = BoardAcknowledgement.objects.get()
    assert (ack.notification, ack.acknowledged_by, ack.comment) == (notice, member, "Seen; we will visit.")
    client.post(reverse("oversight:acknowledge"), {"incident": str(notice.incident.public_id)})
    assert BoardAcknowledgement.objects.count() == 1


def test_an_inspector_reads_but_does_not_acknowledge(client, w, django_capture_on_commit_callbacks):
    notice = _notice(w, django_capture_on_commit_callbacks)
    h.login_as(client, R.INSPECTOR, w.prison)
    page = client.get(reverse("oversight:notifications")).content.decode()
    assert w.person.family_name in page and 'name="incident"' not in page
    assert client.post(reverse("oversight:acknowledge"), {"incident": str(notice.incident.public_id)}).status_code \
        == 403
    assert not BoardAcknowledgement.objects.exists()


def test_another_prisons_notification_is_404(client, w, b, django_capture_on_commit_callbacks):
    notice = _notice(b, django_capture_on_commit_callbacks)
    h.login_as(client, R.SUPERVISORY_BOARD_MEMBER, w.prison)
    assert client.post(reverse("oversight:acknowledge"), {"incident": str(notice.incident.public_id)}).status_code \
        == 404
    assert not BoardAcknowledgement.objects.exists()


def test_an_acknowledgement_is_refused_by_the_command_layer_without_the_role(w, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    notice = _notice(w, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        oversight.do_acknowledge_notification(actor=h.user_with_role(R.INSPECTOR, w.prison), notification=notice)


# --- inspections ----------------------------------------------------------------------------------


def test_an_inspection_of_another_prison_is_404_and_an_expired_inspector_gets_404(client, w, b):
    inspector = h.user_with_role(R.INSPECTOR, b.prison)
    inspection = oversight.do_start_inspection(actor=inspector, prison=b.prison,
                                               period_start=timezone.localdate() - timedelta(days=30),
                                               period_end=timezone.localdate())
    url = reverse("oversight:inspection", kwargs={"inspection_id": inspection.public_id})
    h.login_as(client, R.SUPERVISORY_BOARD_MEMBER, w.prison)
    assert client.get(url).status_code == 404
    client.force_login(inspector)
    assert client.get(url).status_code == 200
    inspector.grants.update(valid_to=timezone.now() - timedelta(minutes=1))
    assert client.get(url).status_code == 404
    assert client.get(reverse("oversight:inspection_report", kwargs={
        "inspection_id": inspection.public_id, "language": "nb", "fmt": "html"})).status_code == 404
