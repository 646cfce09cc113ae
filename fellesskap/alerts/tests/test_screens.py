"""The leader screens: scoped by prison (a user of prison A never sees prison
B's deadlines, alerts or deviations), handling through the forms, CSV export,
the rules page for every role, and the packs page for administrators."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from fellesskap.alerts.export import COLUMNS
from fellesskap.alerts.models import Deviation, PrisonRulePacks
from fellesskap.alerts.refresh import refresh_person
from fellesskap.alerts.tests.helpers import region_due, world_with_exclusion
from fellesskap.alerts.worker import run_once
from fellesskap.audit.models import AuditEvent
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(client):
    """Screens in English (the bokmål catalogue is checked by the web app's test)."""
    client.cookies["django_language"] = "en"


@pytest.fixture
def two_prisons():
    a, excl_a = world_with_exclusion("A")
    b, excl_b = world_with_exclusion("B")
    run_once(a.now)
    return a, b


def test_a_leader_of_a_sees_only_a(client, two_prisons):
    a, b = two_prisons
    h.login_as(client, R.PRISON_LEADER, a.prison)
    page = client.get("/alerts/deviations/").content.decode()
    ids_a = [str(d.public_id) for d in Deviation.objects.filter(prison=a.prison)]
    ids_b = [str(d.public_id) for d in Deviation.objects.filter(prison=b.prison)]
    assert ids_a and ids_b
    assert all(i in page for i in ids_a) and not any(i in page for i in ids_b)
    assert str(b.person.public_id) not in client.get("/alerts/").content.decode()
    assert client.get(f"/alerts/deviations/{ids_b[0]}/").status_code == 404
    assert client.get(f"/alerts/deviations/{ids_a[0]}/").status_code == 200
    rows = list(csv.reader(io.StringIO(client.get("/alerts/deviations/export.csv").content.decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0] == COLUMNS
    assert {r[COLUMNS.index("fengsel")] for r in rows[1:]} == {"A"}
    assert len(rows) - 1 == len(ids_a)


def test_a_region_advisor_sees_the_region_and_only_region_alerts(client):
    a, excl = world_with_exclusion("A")  # region east by default
    refresh_person(a.person, at=region_due(excl) - timedelta(hours=2))
    h.login_as(client, R.REGION_ADVISOR, region="east")
    page = client.get("/alerts/").content.decode()
    assert "no.full_exclusion.region_14d" in page
    h.login_as(client, R.REGION_ADVISOR, region="north")
    assert "no.full_exclusion.region_14d" not in client.get("/alerts/").content.decode()


def test_officers_do_not_get_the_leader_screens(client, two_prisons):
    a, _ = two_prisons
    h.login_as(client, R.OFFICER, a.prison)
    assert client.get("/alerts/").status_code == 403
    assert client.get("/alerts/deviations/").status_code == 403
    assert client.get("/alerts/deviations/export.csv").status_code == 403


def test_a_leader_handles_a_deviation_through_the_forms(client, two_prisons):
    a, _ = two_prisons
    leader = h.login_as(client, R.PRISON_LEADER, a.prison)
    deviation = Deviation.objects.filter(prison=a.prison).first()
    url = f"/alerts/deviations/{deviation.public_id}/"
    assert client.post(url, {"step": "assign", "assigned_to": a.officer.pk}).status_code == 302
    assert client.post(url, {"step": "comment", "text": "Looked into it."}).status_code == 302
    assert client.post(url, {"step": "measures", "measures": "Week plans are made at once."}).status_code == 302
    response = client.post(url, {"step": "close", "reason": ""})
    assert response.status_code == 200 and "Give the reason for closing." in response.content.decode()
    assert client.post(url, {"step": "close", "reason": "Measures in place."}).status_code == 302
    deviation.refresh_from_db()
    assert deviation.status == "closed" and deviation.closed_by == leader and deviation.assigned_to == a.officer
    assert deviation.measures == "Week plans are made at once." and deviation.version == 5
    assert [n.kind for n in deviation.notes.all()] == ["assign", "comment", "measures", "close"]


def test_a_region_advisor_reads_but_does_not_handle(client, two_prisons):
    a, _ = two_prisons
    h.login_as(client, R.REGION_ADVISOR, region="east")
    deviation = Deviation.objects.filter(prison=a.prison).first()
    url = f"/alerts/deviations/{deviation.public_id}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"step": "comment", "text": "x"}).status_code == 403


def test_acknowledging_an_alert(client):
    a, excl = world_with_exclusion("A")
    refresh_person(a.person, at=region_due(excl) - timedelta(hours=2))
    h.login_as(client, R.UNIT_LEADER, a.prison)
    from fellesskap.alerts.models import Alert

    alert = Alert.objects.get()
    assert client.post(f"/alerts/alerts/{alert.public_id}/acknowledge").status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
    h.login_as(client, R.UNIT_LEADER, h.make_prison("Z"))
    assert client.post(f"/alerts/alerts/{alert.public_id}/acknowledge").status_code == 404


@pytest.mark.parametrize("role, scope", [
    (R.OFFICER, {}), (R.DIRECTORATE_ANALYST, {"national": True}), (R.ADMINISTRATOR, {"national": True}),
    (R.HEALTH_STAFF, {}),
])
def test_the_rules_page_lists_every_rule_for_every_role(client, role, scope):
    from fellesskap.rules.pack import available_packs, load_pack

    prison = h.make_prison("A")
    h.login_as(client, role, *(() if scope else (prison,)), **scope)
    page = client.get("/rules/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for pack_id in available_packs():
        for rule in load_pack(pack_id).rules:
            assert f'id="{rule.id}"' in page
    home = client.get("/").content.decode()
    assert 'href="/rules/"' in home


def test_the_rules_page_speaks_the_active_language(client):
    from fellesskap.rules.pack import find_rule

    h.login_as(client, R.OFFICER, h.make_prison("A"))
    rule = find_rule("no.full_exclusion.region_14d")
    client.cookies["django_language"] = "nb"
    assert rule.text_nb in client.get("/rules/").content.decode()
    client.cookies["django_language"] = "en"
    assert rule.text_en in client.get("/rules/").content.decode()


def test_administrators_choose_the_packs_of_a_prison(client):
    prison = h.make_prison("A")
    h.login_as(client, R.ADMINISTRATOR, national=True)
    assert client.post("/rules/prisons/", {"prison": "A", "packs": ["se", "cpt"]}).status_code == 302
    assert PrisonRulePacks.objects.get(prison=prison).packs == ["se", "cpt"]
    assert AuditEvent.objects.filter(object_type="alerts.prisonrulepacks", object_id="A").exists()
    response = client.post("/rules/prisons/", {"prison": "A", "packs": ["xx"]})
    assert "Unknown rule pack: xx." in response.content.decode()
    h.login_as(client, R.PRISON_LEADER, prison)
    assert client.get("/rules/prisons/").status_code == 403


@pytest.mark.parametrize("role, scope, shown", [
    (R.PRISON_LEADER, {}, True), (R.UNIT_LEADER, {}, True), (R.REGION_ADVISOR, {"region": "east"}, True),
    (R.OFFICER, {}, False), (R.HEALTH_STAFF, {}, False),
])
def test_the_menu_shows_the_leader_screens_to_leaders(client, role, scope, shown):
    prison = h.make_prison("A")
    h.login_as(client, role, *(() if scope else (prison,)), **scope)
    home = client.get("/").content.decode()
    assert ('href="/alerts/"' in home) is shown
    assert ('href="/alerts/deviations/"' in home) is shown
    assert 'href="/rules/"' in home
