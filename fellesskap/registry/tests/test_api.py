"""The registry API: same access checks and validation as the screens; 422
answers name the field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.registry import roles as R
from fellesskap.registry.models import Stay
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def fields_of(response) -> set[str]:
    return {item["loc"][-1] for item in response.json()["detail"]}


@pytest.fixture
def a():
    return h.make_prison("A")


def test_api_requires_login(client, a):
    assert client.get("/api/v1/persons").status_code == 401
    assert client.get("/api/v1/prisons").status_code == 401


def test_prisons(client, a):
    h.login_as(client, R.DIRECTORATE_ANALYST, national=True)
    assert [p["code"] for p in client.get("/api/v1/prisons").json()] == ["A"]


def test_register_admit_release_through_the_api(client, a):
    h.login_as(client, R.OFFICER, a)
    number = h.synthetic_fnr(h.at("1990-05-17 00:00").date())
    response = post(client, "/api/v1/persons", {"prison": "A", "sex": "male", "national_id": number})
    assert response.status_code == 201, response.content
    person = response.json()
    assert person["birth_date"] == "1990-05-17" and person["identity_kind"] == "fnr"
    assert person["flags"] is None  # officers do not see sensitive flags
    start = timezone.now() - timedelta(days=2)
    response = post(client, f"/api/v1/persons/{person['id']}/stays",
                    {"prison": "A", "start": start.isoformat(), "arrival_reason": "arrest", "status": "remand"})
    assert response.status_code == 201, response.content
    stay = response.json()
    assert stay["status_periods"][0]["status"] == "remand" and stay["end"] is None
    listed = client.get("/api/v1/persons").json()
    assert [p["id"] for p in listed] == [person["id"]]
    response = post(client, f"/api/v1/stays/{stay['id']}/release",
                    {"at": (start - timedelta(hours=1)).isoformat(), "release_reason": "released"})
    assert response.status_code == 422 and fields_of(response) == {"at"}
    response = post(client, f"/api/v1/stays/{stay['id']}/release",
                    {"at": timezone.now().isoformat(), "release_reason": "released"})
    assert response.status_code == 200 and response.json()["end"] is not None


def test_422_names_each_bad_field(client, a):
    h.login_as(client, R.OFFICER, a)
    response = post(client, "/api/v1/persons", {"prison": "A", "sex": "male", "national_id": "12345678901"})
    assert response.status_code == 422 and fields_of(response) == {"national_id"}
    response = post(client, "/api/v1/persons", {"prison": "NOPE", "sex": "male", "identity_kind": "unknown",
                                                "alias": "x"})
    assert response.status_code == 422 and fields_of(response) == {"prison"}
    response = post(client, "/api/v1/persons", {"prison": "A", "sex": "male", "identity_kind": "unknown"})
    assert response.status_code == 422 and fields_of(response) == {"alias"}
    response = post(client, "/api/v1/persons", {"prison": "A"})
    assert response.status_code == 422 and "sex" in fields_of(response)


def test_overlapping_admission_is_422_on_start(client, a):
    person = h.held(a)
    h.login_as(client, R.OFFICER, a)
    response = post(client, f"/api/v1/persons/{person.public_id}/stays",
                    {"prison": "A", "start": timezone.now().isoformat(), "arrival_reason": "arrest",
                     "status": "remand"})
    assert response.status_code == 422 and fields_of(response) == {"start"}
    assert Stay.objects.filter(person=person).count() == 1


def test_person_in_another_prison_is_404_for_read_and_write(client, a):
    b = h.make_prison("B")
    other = h.held(b)
    h.login_as(client, R.PRISON_LEADER, a)
    stay = other.stays.get()
    assert client.get(f"/api/v1/persons/{other.public_id}").status_code == 404
    assert client.get(f"/api/v1/stays/{stay.public_id}").status_code == 404
    response = post(client, f"/api/v1/stays/{stay.public_id}/release",
                    {"at": timezone.now().isoformat(), "release_reason": "released"})
    assert response.status_code == 404
    stay.refresh_from_db()
    assert stay.end is None


def test_read_only_role_gets_403_on_write(client, a):
    person = h.held(a)
    h.login_as(client, R.INSPECTOR, a)
    response = post(client, f"/api/v1/stays/{person.stays.get().public_id}/release",
                    {"at": timezone.now().isoformat(), "release_reason": "released"})
    assert response.status_code == 403


def test_api_reads_are_audited(client, a):
    person = h.held(a)
    user = h.login_as(client, R.HEALTH_STAFF, a)
    response = client.get(f"/api/v1/persons/{person.public_id}")
    assert response.status_code == 200 and response.json()["flags"] == {
        "pregnant": False, "infant": False, "mental_illness": False, "disability": False}
    event = AuditEvent.objects.latest("seq")
    assert (event.action, event.user, event.person) == ("view", user, str(person.public_id))


def test_status_placement_correction_flags_and_withdrawal(client, a):
    unit = h.make_unit(a, "Vest")
    cell = h.make_cell(unit, "12")
    person = h.held(a, given_name="Ola")
    stay = person.stays.get()
    h.login_as(client, R.PRISON_LEADER, a)
    now = timezone.now()
    response = post(client, f"/api/v1/stays/{stay.public_id}/status",
                    {"status": "sentenced", "at": (now - timedelta(days=1)).isoformat()})
    assert response.status_code == 201, response.content
    assert [p["status"] for p in response.json()["status_periods"]] == ["remand", "sentenced"]
    response = post(client, f"/api/v1/stays/{stay.public_id}/placements",
                    {"unit": unit.pk, "cell": cell.pk, "at": (now - timedelta(hours=1)).isoformat()})
    assert response.status_code == 201 and response.json()["placements"][-1]["cell"] == "12"
    response = post(client, f"/api/v1/stays/{stay.public_id}/placements",
                    {"unit": unit.pk, "cell": 999999, "at": now.isoformat()})
    assert response.status_code == 422 and fields_of(response) == {"cell"}
    response = post(client, f"/api/v1/persons/{person.public_id}/corrections", {"given_name": "Ole", "reason": ""})
    assert response.status_code == 422 and fields_of(response) == {"reason"}
    response = post(client, f"/api/v1/persons/{person.public_id}/corrections",
                    {"given_name": "Ole", "reason": "spelling"})
    assert response.status_code == 200 and response.json()["given_name"] == "Ole"
    assert response.json()["version"] == 2
    response = post(client, f"/api/v1/persons/{person.public_id}/flags", {"disability": True, "reason": "assessed"})
    assert response.status_code == 200 and response.json()["flags"]["disability"] is True
    response = post(client, f"/api/v1/persons/{person.public_id}/withdraw", {"reason": "registered in error"})
    assert response.status_code == 200
    assert client.get(f"/api/v1/persons/{person.public_id}").status_code == 404


def test_officer_cannot_set_flags_through_the_api(client, a):
    person = h.held(a)
    h.login_as(client, R.OFFICER, a)
    response = post(client, f"/api/v1/persons/{person.public_id}/flags", {"pregnant": True, "reason": "r"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert not person.pregnant
