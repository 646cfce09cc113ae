"""POST /api/v1/evaluate: exactly the command's output, 422 with the command's
field-named message, behind log-in, audited without the payload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fellesskap.audit.models import AuditEvent
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h
from fellesskap.scenario.cli import evaluate_document, evaluate_main
from fellesskap.scenario.tests.test_evaluate_cli import DOC

pytestmark = pytest.mark.django_db

SCENARIOS = Path(__file__).resolve().parents[3] / "tests" / "scenarios"


def post(client, body, query=""):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(f"/api/v1/evaluate{query}", data, content_type="application/json")


def cli_output(tmp_path, capsys, doc, *args) -> tuple[int, str, str]:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc)
    rc = evaluate_main([str(path), *args])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def user(client):
    return h.login_as(client, R.OFFICER, h.make_prison("A"))


def test_login_is_required(client):
    assert post(client, DOC).status_code == 401


def test_answer_equals_the_command_output(client, user, tmp_path, capsys):
    response = post(client, DOC, "?packs=no-current,mandela&at=2026-05-02T20:00:00%2B02:00")
    assert response.status_code == 200, response.content
    rc, out, _ = cli_output(tmp_path, capsys, DOC, "--packs", "no-current,mandela", "--at", "2026-05-02T20:00:00+02:00")
    assert rc == 0
    assert response.json() == json.loads(out)
    assert response.json()["days"][0]["person"] == "P1"


def test_a_shared_scenario_gives_the_command_output_and_its_expected_days(client, user):
    scenario = SCENARIOS / "small-sample.json"
    expected = json.loads((SCENARIOS / "small-sample.expected.json").read_text())
    response = post(client, scenario.read_bytes())
    assert response.status_code == 200
    got = response.json()
    assert got == json.loads(json.dumps(evaluate_document(json.loads(scenario.read_text()))))
    assert got["days"] == expected["days"]


def _bad_stay_start():
    doc = json.loads(json.dumps(DOC))
    doc["persons"][0]["stays"][0]["start"] = "2026-04-20T12:00:00"
    return doc


@pytest.mark.parametrize("body, query, cli_args, field", [
    (_bad_stay_start(), "", [], "persons[0].stays[0].start"),
    ({"period": {"start": "2026-05-01"}, "persons": []}, "", [], "period.end"),
    (DOC, "?packs=mandela,xx", ["--packs", "mandela,xx"], "packs"),
    (DOC, "?at=2026-05-01T20:00:00", ["--at", "2026-05-01T20:00:00"], "at"),
])
def test_bad_input_is_422_with_the_command_message(client, user, tmp_path, capsys, body, query, cli_args, field):
    response = post(client, body, query)
    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"][0]["loc"] == ["body", field]
    rc, _, err = cli_output(tmp_path, capsys, body, *cli_args)
    assert rc == 2
    # The command says "error: --packs: ..."; the API names the query parameter "packs".
    cli_message = err.strip().removeprefix("error: ").replace("--packs", "packs").replace("--at", "at")
    assert answer["message"] == cli_message == answer["detail"][0]["msg"]
    assert answer["message"].startswith(f"{field}: ")


@pytest.mark.parametrize("body", ["{not json", b"\xff\xfe", "[]", "null"])
def test_malformed_bodies_are_422_not_500(client, user, body):
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["message"]


def test_each_call_is_audited_without_the_payload(client, user):
    post(client, DOC)
    post(client, _bad_stay_start())
    events = list(AuditEvent.objects.filter(action="evaluate").order_by("seq"))
    assert [e.data["status"] for e in events] == [200, 422]
    assert all(e.user_id == user.pk for e in events)
    assert events[1].data["field"] == "persons[0].stays[0].start"
    stored = json.dumps([e.data for e in events])
    assert "P1" not in stored and "2026-04-20" not in stored and "E1" not in stored
