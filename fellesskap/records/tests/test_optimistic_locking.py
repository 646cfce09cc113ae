"""Two officers saving the same decision or session: the second save, made from
the version they saw before the first was saved, is refused with a clear
message (409 in the API, with the record as it is now), and nothing is lost —
neither the first officer's change nor the second officer's input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions
from fellesskap.records.models import Category, CoerciveMeans, Exclusion, Review, TimeSession
from fellesskap.records.tests.helpers import exclusion_in_force, make_world
from fellesskap.registry.models import RecordVersion
from fellesskap.registry.tests import helpers as h
from fellesskap.registry.versioning import StaleVersion, correct_versioned, history

pytestmark = pytest.mark.django_db

BASE = "/api/v1/records"


@pytest.fixture
def w():
    return make_world()


@pytest.fixture
def exclusion(w):
    return exclusion_in_force(w, start=w.ago(hours=5))


def post(client, path, body, **headers):
    return client.post(BASE + path, body, content_type="application/json", **headers)


def _versions(record) -> int:
    return RecordVersion.objects.filter(record_id=record.public_id).count()


# --- the command layer ---------------------------------------------------------------------------


def test_a_correction_from_the_current_version_is_saved(w, exclusion):
    seen = exclusion.version
    corrected = actions.do_correct_exclusion(actor=w.leader, exclusion=exclusion, changes={"facts": "A."},
                                             reason="more facts", expected_version=seen)
    assert corrected.version == seen + 1


def test_a_correction_from_a_stale_version_is_refused_and_nothing_is_lost(w, exclusion):
    seen = exclusion.version
    actions.do_correct_exclusion(actor=w.leader, exclusion=exclusion, changes={"facts": "First officer."},
                                 reason="facts", expected_version=seen)
    before = (_versions(exclusion), AuditEvent.objects.count())
    with pytest.raises(StaleVersion) as refused:
        actions.do_correct_exclusion(actor=w.leader, exclusion=exclusion, changes={"facts": "Second officer."},
                                     reason="facts", expected_version=seen)
    assert (refused.value.seen, refused.value.current) == (seen, seen + 1)
    assert f"you saw version {seen}, it is now version {seen + 1}" in refused.value.messages[0]
    stored = Exclusion.objects.get(pk=exclusion.pk)
    assert stored.facts == "First officer." and stored.version == seen + 1
    assert (_versions(exclusion), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("command", ["end", "revoke", "renew"])
def test_every_exclusion_command_checks_the_version(w, exclusion, command):
    stale = exclusion.version - 1
    call = {
        "end": lambda: actions.do_end_exclusion(actor=w.leader, exclusion=exclusion, at=w.ago(hours=1),
                                                expected_version=stale),
        "revoke": lambda: actions.do_revoke_exclusion(actor=w.leader, exclusion=exclusion, reason="wrong",
                                                      expected_version=stale),
        "renew": lambda: actions.do_renew_exclusion(actor=w.leader, previous=exclusion, start=w.ago(hours=1),
                                                    letter={"reasons": "r", "own_statement": "s"},
                                                    expected_version=stale),
    }[command]
    with pytest.raises(StaleVersion):
        call()
    assert Exclusion.objects.count() == 1 and Exclusion.objects.get().state == "in_force"


def test_the_message_is_in_bokmal():
    with translation.override("nb"):
        w = make_world()
        ex = exclusion_in_force(w, start=w.ago(hours=5))
        with pytest.raises(StaleVersion) as refused:
            actions.do_end_exclusion(actor=w.leader, exclusion=ex, expected_version=1)
    assert "Noen andre lagret denne registreringen" in refused.value.messages[0]
    assert "Ingenting ble lagret" in refused.value.messages[0]


def test_the_compare_and_set_refuses_a_stale_object_even_without_the_lock(w, exclusion):
    """The last guard: two copies read at the same version; the second save is refused."""
    first = Exclusion.objects.get(pk=exclusion.pk)
    second = Exclusion.objects.get(pk=exclusion.pk)
    correct_versioned(first, {"facts": "first"}, actor=w.leader, reason="r")
    with pytest.raises(StaleVersion):
        correct_versioned(second, {"facts": "second"}, actor=w.leader, reason="r")
    assert Exclusion.objects.get(pk=exclusion.pk).facts == "first"
    assert [v.snapshot["facts"] for v in history(exclusion)][-1] == "first"


# --- the API -------------------------------------------------------------------------------------


def test_api_stale_correction_answers_409_with_the_current_record(client, w, exclusion):
    client.force_login(w.leader)
    seen = exclusion.version
    url = f"/exclusions/{exclusion.public_id}/correct"
    first = post(client, url, {"changes": {"facts": "First."}, "reason": "r", "expected_version": seen})
    assert (first.status_code, first.json()["version"]) == (200, seen + 1)
    second = post(client, url, {"changes": {"facts": "Second."}, "reason": "r", "expected_version": seen})
    assert second.status_code == 409, second.content
    body = second.json()
    assert body["current_version"] == seen + 1 and body["current"]["version"] == seen + 1
    assert body["current"]["id"] == str(exclusion.public_id)
    assert body["detail"][0]["loc"] == ["body", "expected_version"]
    assert Exclusion.objects.get(pk=exclusion.pk).facts == "First."


def test_api_takes_the_version_from_if_match(client, w, exclusion):
    client.force_login(w.leader)
    url = f"/exclusions/{exclusion.public_id}/correct"
    stale = post(client, url, {"changes": {"facts": "x"}, "reason": "r"}, HTTP_IF_MATCH=f'"{exclusion.version - 1}"')
    assert stale.status_code == 409
    fresh = post(client, url, {"changes": {"facts": "x"}, "reason": "r"}, HTTP_IF_MATCH=f'W/"{exclusion.version}"')
    assert fresh.status_code == 200
    garbage = post(client, url, {"changes": {"facts": "y"}, "reason": "r"}, HTTP_IF_MATCH='"abc"')
    assert garbage.status_code == 422 and garbage.json()["detail"][0]["loc"] == ["body", "version"]


def test_api_stale_transition_review_end_and_close_answer_409(client, w, exclusion):
    client.force_login(w.leader)
    stale = exclusion.version - 1
    r = post(client, f"/exclusions/{exclusion.public_id}/transition", {"target": "ended", "expected_version": stale})
    assert r.status_code == 409
    r = post(client, "/reviews", {"subject": str(exclusion.public_id), "at": w.ago(hours=1).isoformat(),
                                  "level": "prison", "outcome": "continue", "expected_version": stale})
    assert r.status_code == 409 and not Review.objects.exists()
    means = actions.do_start_coercive_means(actor=w.leader, person=w.person, kind="security_cell",
                                            reason="danger_to_self", start=w.ago(hours=3))
    actions.do_notify_health(actor=w.leader, means=means, at=w.ago(hours=2))
    r = post(client, f"/coercive-means/{means.public_id}/end", {"expected_version": 1})
    assert r.status_code == 409 and CoerciveMeans.objects.get().end is None
    session = actions.do_open_session(actor=w.officer, person=w.person, category=Category.UNLOCK,
                                      start=w.ago(hours=2))
    actions.do_correct_record(actor=w.leader, record=session, changes={"note": "x"}, reason="note")
    r = post(client, f"/sessions/{session.public_id}/close", {"expected_version": 1})
    assert r.status_code == 409 and TimeSession.objects.get().end is None
    r = post(client, f"/sessions/{session.public_id}/close", {"expected_version": 2})
    assert r.status_code == 200 and r.json()["version"] == 3


# --- the screens ---------------------------------------------------------------------------------


def test_screen_form_carries_the_version_and_refuses_a_stale_save_keeping_the_input(client, w, exclusion):
    client.force_login(w.leader)
    url = reverse("records:exclusion_end", args=[exclusion.public_id])
    page = client.get(url).content.decode()
    assert f'name="version" value="{exclusion.version}"' in page
    # Another leader corrects the decision while this form is open.
    actions.do_correct_exclusion(actor=h.user_with_role("unit_leader", w.prison), exclusion=exclusion,
                                 changes={"facts": "Meanwhile."}, reason="r")
    when = (w.now - timedelta(hours=1)).astimezone().strftime("%Y-%m-%dT%H:%M")
    r = client.post(url, {"at": when, "reason": "Calmer now.", "version": exclusion.version})
    assert r.status_code == 422
    page = r.content.decode()
    assert "Noen andre lagret denne registreringen" in page and "Calmer now." in page
    assert f'name="version" value="{exclusion.version + 1}"' in page  # saving again is deliberate
    assert Exclusion.objects.get(pk=exclusion.pk).state == "in_force"
    r = client.post(url, {"at": when, "reason": "Calmer now.", "version": exclusion.version + 1})
    assert r.status_code == 302 and Exclusion.objects.get(pk=exclusion.pk).state == "ended"


def test_screen_review_of_a_changed_decision_is_refused(client, w, exclusion):
    client.force_login(w.leader)
    url = reverse("records:review_new", args=[exclusion.public_id])
    assert f'name="version" value="{exclusion.version}"' in client.get(url).content.decode()
    actions.do_correct_exclusion(actor=w.leader, exclusion=exclusion, changes={"facts": "New."}, reason="r")
    r = client.post(url, {"at": w.ago(hours=1).astimezone().strftime("%Y-%m-%dT%H:%M"), "level": "prison",
                          "outcome": "continue", "reasons": "Still needed.", "version": exclusion.version})
    assert r.status_code == 422 and "Noen andre lagret denne registreringen" in r.content.decode()
    assert "Still needed." in r.content.decode() and not Review.objects.exists()


# The stale unlock click on the ward board: fellesskap/web/tests/test_ward.py
# (test_a_stale_board_does_not_overwrite_a_newer_registration, test_a_stale_lock_...).


def test_screen_stale_decide_and_end_buttons_are_refused(client, w):
    client.force_login(w.leader)
    draft = actions.do_create_exclusion(actor=w.leader, person=w.person, scope="full", ground="own_wish",
                                        start=w.ago(hours=3), letter={"reasons": "r", "own_statement": "s"})
    page = client.get(reverse("records:person_records", args=[w.person.public_id])).content.decode()
    assert f'name="version" value="{draft.version}"' in page
    actions.do_correct_exclusion(actor=w.leader, exclusion=draft, changes={"facts": "f"}, reason="r")
    r = client.post(reverse("records:exclusion_decide", args=[draft.public_id]), {"version": draft.version})
    assert r.status_code == 422 and Exclusion.objects.get().state == "draft"
    means = actions.do_start_coercive_means(actor=w.leader, person=w.person, kind="security_cell",
                                            reason="danger_to_self", start=w.ago(hours=3))
    assert 'name="version" value="1"' in client.get(
        reverse("records:coercive_detail", args=[means.public_id])).content.decode()
    actions.do_notify_health(actor=w.leader, means=means, at=w.ago(hours=2))
    r = client.post(reverse("records:coercive_end", args=[means.public_id]), {"version": 1})
    assert r.status_code == 422 and CoerciveMeans.objects.get().end is None
