"""The API for appeals, isolation-reducing measures and corrections of any
record: the same commands and refusals as the screens."""

import pytest

from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions
from fellesskap.records.models import Appeal, Category, IsolationReducingMeasure, TimeSession
from fellesskap.records.tests.helpers import exclusion_in_force, make_world
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db

BASE = "/api/v1/records"


@pytest.fixture
def w():
    return make_world()


def post(client, path, body):
    return client.post(BASE + path, body, content_type="application/json")


def test_appeal_lodged_forwarded_and_decided_through_the_api(client, w):
    e = exclusion_in_force(w, start=w.ago(days=3))
    client.force_login(w.leader)
    r = post(client, "/appeals", {"subject": str(e.public_id), "lodged_at": w.ago(days=2).isoformat(),
                                  "lodged_by": "lawyer", "grounds": "Too strict."})
    assert r.status_code == 201, r.content
    appeal_id = r.json()["id"]
    r = post(client, f"/appeals/{appeal_id}/forward", {"at": w.ago(days=1).isoformat(), "to": "prison"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "to"]
    r = post(client, f"/appeals/{appeal_id}/forward", {"at": w.ago(days=1).isoformat(), "to": "directorate"})
    assert r.status_code == 200 and r.json()["state"] == "forwarded"
    r = post(client, f"/appeals/{appeal_id}/decide", {"at": w.ago(hours=1).isoformat(), "outcome": "maybe"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "outcome"]
    r = post(client, f"/appeals/{appeal_id}/decide", {"at": w.ago(hours=1).isoformat(), "outcome": "changed",
                                                      "reasons": "Shorter."})
    assert r.status_code == 200 and r.json()["state"] == "changed"
    appeal = Appeal.objects.get()
    assert (appeal.forwarded_to, appeal.decision_reasons, appeal.lodged_by) == ("directorate", "Shorter.", "lawyer")
    assert AuditEvent.objects.filter(data__command="decide_appeal").exists()


def test_appeal_against_a_coercive_means_through_the_api(client, w):
    means = actions.do_start_coercive_means(actor=w.leader, person=w.person, kind="security_bed",
                                            reason="danger_to_self", start=w.ago(hours=5))
    client.force_login(w.officer)
    r = post(client, "/appeals", {"subject": str(means.public_id), "lodged_at": w.ago(hours=1).isoformat()})
    assert r.status_code == 201
    assert Appeal.objects.get().coercive_means == means


def test_measure_through_the_api_with_its_validation(client, w):
    client.force_login(w.officer)
    body = {"person": str(w.person.public_id), "at": w.ago(hours=1).isoformat(), "description": "Chess",
            "offered_by": "volunteer", "response": "declined"}
    r = post(client, "/measures", {**body, "offered_by": "nobody"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "offered_by"]
    r = post(client, "/measures", body)
    assert r.status_code == 201
    assert IsolationReducingMeasure.objects.get().response == "declined"


def test_correct_withdraw_and_history_of_any_record_through_the_api(client, w):
    session = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                          start=w.ago(hours=5), end=w.ago(hours=4))
    client.force_login(w.officer)
    path = f"/corrections/{session.public_id}"
    r = post(client, path, {"changes": {"end": w.ago(hours=3).isoformat()}, "reason": ""})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "reason"]
    r = post(client, path, {"changes": {"end": w.ago(hours=6).isoformat()}, "reason": "typo"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "end"]
    r = post(client, path, {"changes": {"end": w.ago(hours=3).isoformat()}, "reason": "later"})
    assert (r.status_code, r.json()["version"]) == (200, 2)
    assert client.get(BASE + path + "/history").status_code == 403
    client.force_login(w.leader)
    r = client.get(BASE + path + "/history")
    assert r.status_code == 200 and [v["reason"] for v in r.json()] == ["", "later"]
    r = post(client, path + "/withdraw", {"reason": "wrong person"})
    assert r.status_code == 200
    assert not TimeSession.objects.exists()
    assert client.get(BASE + path + "/history").json()[-1]["change"] == "withdraw"


def test_another_prisons_records_are_404_through_the_api(client, w):
    session = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                          start=w.ago(hours=5), end=w.ago(hours=4))
    e = exclusion_in_force(w, start=w.ago(days=3))
    appeal = actions.do_lodge_appeal(actor=w.leader, exclusion=e, lodged_at=w.ago(days=1))
    h.login_as(client, R.PRISON_LEADER, h.make_prison("B"))
    path = f"/corrections/{session.public_id}"
    assert post(client, path, {"changes": {"note": "x"}, "reason": "x"}).status_code == 404
    assert post(client, path + "/withdraw", {"reason": "x"}).status_code == 404
    assert client.get(BASE + path + "/history").status_code == 404
    assert post(client, f"/appeals/{appeal.public_id}/forward", {"at": w.ago(hours=1).isoformat()}).status_code == 404
    assert TimeSession.objects.get().version == 1 and Appeal.objects.get().forwarded_at is None
