"""The records API: same commands, same refusals, as JSON."""

import uuid
from datetime import timedelta

import pytest

from fellesskap.audit.models import AuditEvent
from fellesskap.records.models import Exclusion, TimeSession
from fellesskap.records.tests.helpers import LETTER, make_world
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db

BASE = "/api/v1/records"


@pytest.fixture
def w():
    return make_world()


def post(client, path, body):
    return client.post(BASE + path, body, content_type="application/json")


def iso(x):
    return x.isoformat()


def test_exclusion_lifecycle_through_the_api(client, w):
    client.force_login(w.leader)
    r = post(client, "/exclusions", {"person": str(w.person.public_id), "scope": "full", "ground": "own_wish",
                                     "start": iso(w.ago(hours=3)), "letter": LETTER})
    assert r.status_code == 201, r.content
    ex_id = r.json()["id"]
    assert r.json()["state"] == "draft"
    r = post(client, f"/exclusions/{ex_id}/transition", {"target": "in_force"})
    assert (r.status_code, r.json()["state"]) == (200, "in_force")
    r = post(client, f"/exclusions/{ex_id}/renew", {"start": iso(w.ago(hours=1)), "letter": LETTER})
    assert r.status_code == 201 and r.json()["renews"] == ex_id
    r = post(client, f"/exclusions/{ex_id}/correct", {"changes": {"facts": "More facts."}, "reason": "completed"})
    assert (r.status_code, r.json()["version"]) == (200, 4)
    assert Exclusion.objects.get(public_id=ex_id).state == "ended"
    assert AuditEvent.objects.filter(object_id=ex_id, data__command="correct_exclusion").exists()


def test_refusals_are_422_with_the_field(client, w):
    client.force_login(w.leader)
    r = post(client, "/exclusions", {"person": str(w.person.public_id), "scope": "full", "ground": "own_wish",
                                     "start": iso(w.ago(hours=1)), "end": iso(w.ago(hours=2))})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "end"]
    r = post(client, "/exclusions", {"person": str(w.person.public_id), "scope": "full", "ground": "own_wish",
                                     "start": "2026-03-01T09:00:00"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "start"]


def test_an_officer_may_not_decide_403(client, w):
    client.force_login(w.officer)
    r = post(client, "/exclusions", {"person": str(w.person.public_id), "scope": "full", "ground": "own_wish",
                                     "start": iso(w.ago(hours=1)), "letter": LETTER})
    assert r.status_code == 201
    r = post(client, f"/exclusions/{r.json()['id']}/transition", {"target": "in_force"})
    assert r.status_code == 403


def test_a_person_in_another_prison_is_404(client, w):
    other = h.make_prison("B")
    h.login_as(client, "prison_leader", other)
    r = post(client, "/sessions", {"person": str(w.person.public_id), "category": "outdoor",
                                   "start": iso(w.ago(hours=2)), "end": iso(w.ago(hours=1))})
    assert r.status_code == 404
    assert not TimeSession.objects.exists()


def test_anonymous_is_refused(client, w):
    r = post(client, "/sessions", {"person": str(w.person.public_id), "category": "outdoor"})
    assert r.status_code == 401


def test_sessions_open_close_and_idempotent_retry(client, w):
    client.force_login(w.officer)
    body = {"person": str(w.person.public_id), "category": "unlock", "start": iso(w.ago(hours=2)),
            "idempotency_key": str(uuid.uuid4())}
    first = post(client, "/sessions", body)
    again = post(client, "/sessions", body)
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]
    r = post(client, f"/sessions/{first.json()['id']}/close", {"end": iso(w.ago(hours=1))})
    assert r.status_code == 200 and r.json()["end"] is not None
    r = post(client, "/sessions", {"person": str(w.person.public_id), "category": "outdoor",
                                   "start": iso(w.ago(hours=30)), "end": iso(w.ago(hours=3)),
                                   "backdate_reason": "late"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "end"]


def test_group_association_through_the_api(client, w):
    second = h.make_person(w.prison)
    h.make_stay(second, w.prison, w.ago(days=3), unit=w.unit)
    client.force_login(w.officer)
    r = post(client, "/group-sessions", {"unit": w.unit.pk, "persons": [str(w.person.public_id),
                                                                         str(second.public_id)],
                                         "start": iso(w.ago(hours=2))})
    assert r.status_code == 201 and len(r.json()["sessions"]) == 2
    r = post(client, f"/group-sessions/{r.json()['id']}/end", {"end": iso(w.ago(hours=1))})
    assert r.status_code == 200
    assert TimeSession.objects.filter(end__isnull=True).count() == 0


def test_coercive_means_supervision_review_week_plan_incident_lock_in(client, w):
    client.force_login(w.leader)
    r = post(client, "/coercive-means", {"person": str(w.person.public_id), "kind": "security_cell",
                                         "reason": "danger_to_self", "start": iso(w.ago(hours=3))})
    assert r.status_code == 201
    cell = r.json()["id"]
    assert post(client, "/supervisions", {"subject": cell, "at": iso(w.ago(hours=2))}).status_code == 201
    assert post(client, "/reviews", {"subject": cell, "at": iso(w.ago(hours=2)), "level": "prison",
                                     "outcome": "continue"}).status_code == 201
    assert post(client, f"/coercive-means/{cell}/end", {"at": iso(w.ago(hours=1))}).status_code == 200
    r = post(client, "/supervisions", {"subject": str(uuid.uuid4()), "at": iso(w.ago(hours=2))})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "subject"]
    ex = post(client, "/exclusions", {"person": str(w.person.public_id), "scope": "full", "ground": "own_wish",
                                      "start": iso(w.ago(hours=3)), "letter": LETTER}).json()["id"]
    post(client, f"/exclusions/{ex}/transition", {"target": "in_force"})
    r = post(client, "/week-plans", {"exclusion": ex, "week_start": w.now.date().isoformat(), "items": [
        {"weekday": 0, "kind": "visit", "start_time": "10:00", "end_time": "12:00"}]})
    assert r.status_code == 201 and r.json()["short_days"] == [1, 2, 3, 4, 5, 6]
    r = post(client, "/incidents", {"person": str(w.person.public_id), "kind": "suicide_attempt",
                                    "at": iso(w.ago(hours=1))})
    assert r.status_code == 201
    r = post(client, "/unit-lock-ins", {"unit": w.unit.pk, "start": iso(w.ago(hours=1)), "reason": "staff"})
    assert r.status_code == 201
    assert post(client, f"/unit-lock-ins/{r.json()['id']}/end", {"at": iso(w.now)}).status_code == 200


def test_the_persons_records_as_the_ledger_reads_them(client, w):
    client.force_login(w.officer)
    post(client, "/sessions", {"person": str(w.person.public_id), "category": "outdoor",
                               "start": iso(w.ago(hours=2)), "end": iso(w.ago(hours=1))})
    r = client.get(f"{BASE}/persons/{w.person.public_id}/scenario")
    assert r.status_code == 200
    doc = r.json()
    assert doc["id"] == str(w.person.public_id) and len(doc["outdoor"]) == 1
    assert doc["stays"][0]["start"].endswith(("+01:00", "+02:00"))
    assert doc["outdoor"][0]["end"] is not None and w.ago(hours=1) - w.ago(hours=2) == timedelta(hours=1)
