"""The dashboards: who reaches which, and figures checked against rows built here."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.dashboards import figures
from fellesskap.dashboards.tests.helpers import build_world
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_prison_figures_count_what_was_built(world):
    a, c = world["a"], world["c"]
    f = figures.prison_figures([a.pk, c.pk])
    assert (f[a.pk].persons, f[a.pk].isolated, f[a.pk].streak_7, f[a.pk].streak_15) == (4, 3, 2, 1)
    assert (f[a.pk].unregistered, f[a.pk].deadlines_72h, f[a.pk].deviations_open) == (2, 1, 1)
    assert (f[c.pk].persons, f[c.pk].isolated, f[c.pk].streak_15) == (1, 1, 1)


def test_units_compared(world):
    units = {u.name: u for u in figures.unit_figures([world["a"].pk])}
    assert (units["Unit 1"].persons, units["Unit 1"].isolated) == (2, 2)
    assert units["Unit 1"].share_under_2h == 1.0
    u2 = units["Unit 2"]
    assert (u2.persons, u2.isolated) == (2, 1)
    # p3 today (30 min) under; p4 today (200) not; p4 yesterday (60) under if in this week
    expected = (2, 3) if timezone.localdate().weekday() > 0 else (1, 2)
    assert (u2.week_under_2h, u2.week_days) == expected


def test_weekly_trend_has_twelve_weeks_and_counts_this_week(world):
    trend = figures.weekly_trend([world["a"].pk])
    assert len(trend) == 12
    # this week: three held persons isolated today, plus the released one (its stay covered... no: ended
    # two days ago, so today's row is outside it)
    assert trend[-1]["days"] == 3
    assert sum(t["days"] for t in trend[:-1]) == 0


def test_leader_sees_figures_and_names(client, world):
    user = h.login_as(client, R.PRISON_LEADER, world["a"])
    r = client.get(reverse("dashboards:prison"))
    assert r.status_code == 200
    f = r.context["figures"]
    assert (f.isolated, f.streak_7, f.streak_15, f.unregistered) == (3, 2, 1, 2)
    body = r.content.decode()
    p1 = world["p"][0]
    assert f"/person/{p1.public_id}/" in body and p1.display_name in body
    assert AuditEvent.objects.filter(user=user, action="list", prison="A").exists()


def test_leader_of_another_prison_gets_404_for_its_code(client, world):
    h.login_as(client, R.PRISON_LEADER, world["b"])
    assert client.get(reverse("dashboards:prison"), {"prison": "A"}).status_code == 404
    r = client.get(reverse("dashboards:prison"))
    assert r.status_code == 200 and r.context["figures"].isolated == 0


@pytest.mark.parametrize("role", [R.OFFICER, R.HEALTH_STAFF, R.SUPERVISORY_BOARD_MEMBER])
def test_roles_without_the_dashboard_are_refused(client, world, role):
    h.login_as(client, role, world["a"])
    assert client.get(reverse("dashboards:prison")).status_code == 403
    assert client.get(reverse("dashboards:region")).status_code == 403
    assert client.get(reverse("dashboards:national")).status_code == 403


def test_region_sees_its_prisons_and_names_only_for_its_cases(client, world):
    h.login_as(client, R.REGION_ADVISOR, region="east")
    r = client.get(reverse("dashboards:region"))
    assert r.status_code == 200
    codes = [p.code for p, _f, _l in r.context["rows"]]
    assert codes == ["A", "B"]
    a_row = r.context["rows"][0]
    assert a_row[2] == [2, 1]  # over 14 days: p1 and p2; over 42: p1
    body = r.content.decode()
    p1, p2 = world["p"][:2]
    assert p1.display_name in body and p2.display_name not in body
    assert world["q"].display_name not in body


def test_directorate_analyst_sees_every_prison_and_no_names(client, world):
    h.login_as(client, R.DIRECTORATE_ANALYST, national=True)
    r = client.get(reverse("dashboards:national"))
    assert r.status_code == 200
    assert {p.code for p, _f, _l in r.context["rows"]} >= {"A", "B", "C"}
    body = r.content.decode()
    assert r.context["named"] == []
    for p in (*world["p"], world["q"]):
        assert p.display_name not in body and str(p.public_id) not in body
    assert client.get(reverse("dashboards:prison")).status_code == 403
    assert client.get(reverse("dashboards:region")).status_code == 403


def test_home_links_the_dashboard_and_nav_shows_it(client, world):
    h.login_as(client, R.PRISON_LEADER, world["a"])
    body = client.get("/").content.decode()
    assert 'id="your-dashboard"' in body and reverse("dashboards:prison") in body
    assert reverse("dashboards:region") not in body


def test_header_names_the_role(client, world):
    h.login_as(client, R.REGION_ADVISOR, region="east")
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "region advisor" in body.lower()
    assert "No role assigned" not in body and "Ingen rolle tildelt" not in body


def test_nav_items_come_first_and_only_for_their_roles(world):
    from fellesskap.web import nav

    keys = [item.key for item in nav.items()]
    assert keys[:3] == ["dashboard_prison", "dashboard_region", "dashboard_national"]
    officer = h.user_with_role(R.OFFICER, world["a"])
    analyst = h.user_with_role(R.DIRECTORATE_ANALYST, national=True)
    assert not [link for link in nav.links_for(officer, "/") if link.key.startswith("dashboard_")]
    assert [link.key for link in nav.links_for(analyst, "/") if link.key.startswith("dashboard_")] == [
        "dashboard_national"]


def test_header_role_label_in_bokmal(client, world):
    h.login_as(client, R.PRISON_LEADER, world["a"])
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "fengselsleder" in body
    assert "Ingen rolle tildelt" not in body
