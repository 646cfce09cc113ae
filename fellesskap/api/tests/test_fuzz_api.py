"""Fuzzing the JSON API's write endpoints: for a mutant of a valid body (and
for bodies that are not JSON at all) every endpoint answers a refusal with a
message — 4xx with ``detail`` — or does what was asked; never a 500. Each
input runs in a savepoint that is rolled back, so every input meets the same
records (a person held, an exclusion in force, a coercive means, an open
session)."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fellesskap.fuzzing import TRIED, mutants
from fellesskap.records import actions
from fellesskap.records.models import Category
from fellesskap.records.tests.helpers import LETTER, exclusion_in_force, make_world
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db

STATUSES: dict[int, int] = {}


@pytest.fixture
def world(client):
    w = make_world()
    user = h.user_with_role(R.PRISON_LEADER, w.prison)
    client.force_login(user)
    ex = exclusion_in_force(w, start=w.ago(hours=5))
    means = actions.do_start_coercive_means(actor=w.leader, person=w.person, kind="security_cell",
                                            reason="danger_to_self", start=w.ago(hours=3))
    session = actions.do_open_session(actor=w.officer, person=w.person, category=Category.UNLOCK,
                                      start=w.ago(hours=1))
    p, s, t = str(w.person.public_id), str(w.stay.public_id), lambda **d: w.ago(**d).isoformat()
    seeds = {
        "/records/exclusions": {"person": p, "scope": "full", "ground": "own_wish", "start": t(hours=9), "end": t(hours=6),
                                "letter": LETTER},
        f"/records/exclusions/{ex.public_id}/transition": {"target": "ended", "at": t(minutes=30), "reason": "calm",
                                                          "expected_version": ex.version},
        f"/records/exclusions/{ex.public_id}/renew": {"start": t(hours=1), "letter": LETTER},
        f"/records/exclusions/{ex.public_id}/correct": {"changes": {"facts": "More.", "start": t(hours=4)},
                                                       "reason": "completed"},
        "/records/reviews": {"subject": str(ex.public_id), "at": t(hours=1), "level": "prison",
                             "outcome": "continue", "reasons": "still needed"},
        "/records/coercive-means": {"person": p, "kind": "security_bed", "reason": "danger_to_self",
                                    "start": t(hours=2), "end": t(hours=1)},
        f"/records/coercive-means/{means.public_id}/end": {"at": t(minutes=10)},
        "/records/supervisions": {"subject": str(means.public_id), "at": t(hours=2), "observation": "calm"},
        "/records/sessions": {"person": p, "category": "contact", "kind": "visit", "start": t(hours=4),
                              "end": t(hours=3)},
        f"/records/sessions/{session.public_id}/close": {"end": t(minutes=5)},
        "/records/group-sessions": {"unit": w.unit.pk, "persons": [p], "start": t(hours=6), "end": t(hours=5)},
        "/records/week-plans": {"exclusion": str(ex.public_id), "week_start": w.now.date().isoformat(),
                                "items": [{"weekday": 0, "kind": "association", "start_time": "09:00",
                                           "end_time": "11:00"}]},
        "/records/incidents": {"person": p, "kind": "self_harm", "at": t(hours=2), "serious": True},
        "/records/unit-lock-ins": {"unit": w.unit.pk, "start": t(hours=2), "reason": "staff shortage"},
        "/persons": {"prison": w.prison.code, "sex": "male", "identity_kind": "unknown", "alias": "X"},
        f"/persons/{p}/corrections": {"reason": "typo", "alias": "Y"},
        f"/persons/{p}/flags": {"reason": "told by health", "disability": True},
        f"/stays/{s}/status": {"status": "sentenced", "at": t(hours=2)},
        f"/stays/{s}/placements": {"unit": w.unit.pk, "at": t(hours=2)},
        f"/stays/{s}/release": {"at": t(minutes=1), "release_reason": "released"},
        f"/stays/{s}/transfer": {"to_prison": h.make_prison("B").code, "at": t(minutes=1)},
    }
    return client, seeds


def _post(client, path: str, raw: str):
    with transaction.atomic():
        response = client.post("/api/v1" + path, raw, content_type="application/json")
        transaction.set_rollback(True)
    TRIED["api"] += 1
    STATUSES[response.status_code] = STATUSES.get(response.status_code, 0) + 1
    assert response.status_code < 500, (path, raw, response.content[:500])
    if response.status_code >= 400:
        detail = response.json()["detail"]
        assert detail, (path, raw)
        if isinstance(detail, list):
            assert all(item.get("msg") for item in detail), detail
    return response


FUZZ = settings(max_examples=300, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


def test_the_seeds_are_accepted(world):
    client, seeds = world
    answers = {path: _post(client, path, json.dumps(body)) for path, body in seeds.items()}
    assert {p: r.json() for p, r in answers.items() if r.status_code >= 400} == {}


@FUZZ
@given(st.data())
def test_mutated_bodies_are_refused_with_a_message_never_500(world, data):
    client, seeds = world
    path = data.draw(st.sampled_from(sorted(seeds)))
    _post(client, path, json.dumps(data.draw(mutants(seeds[path]))))


@settings(max_examples=50, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_bodies_that_are_not_json_objects_are_refused_never_500(world, data):
    client, seeds = world
    path = data.draw(st.sampled_from(sorted(seeds)))
    raw = data.draw(st.one_of(st.text(max_size=50), st.sampled_from(["", "null", "[]", "1", '"x"', "{", "{}"])))
    _post(client, path, raw)  # an all-optional body may take null or {} as "nothing given"


def test_report_the_inputs_tried(capsys):
    with capsys.disabled():
        print(f"\nfuzzing the API: {TRIED['api']} requests, statuses {dict(sorted(STATUSES.items()))}")
