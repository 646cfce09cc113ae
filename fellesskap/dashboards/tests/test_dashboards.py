"""The dashboards: who reaches which, and figures checked against rows built here."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesskap.alerts.models import Deadline, Deviation
from fellesskap.audit.models import AuditEvent
from fellesskap.dashboards import figures
from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.registry import roles as R
from fellesskap.registry.models import Placement, Stay
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


def _day(person, day, *, isolated, streak=0, contact=0, cause=""):
    return LedgerDay.objects.create(
        person=person, date=day, custody_minutes=1440, contact_minutes=contact, association_minutes=0,
        outdoor_minutes=0, out_of_cell_minutes=contact, no_contact_minutes=1440 - contact, isolated=isolated,
        cause=cause if isolated else "", isolated_streak=streak, computed_at=timezone.now())


def _place(person, unit):
    stay = Stay.objects.get(person=person)
    Placement.objects.create(stay=stay, unit=unit, start=stay.start, created_at=timezone.now(),
                             created_by=stay.created_by)


def _deadline(person, prison, due, *, role="prison_leader", subject="d1", status="pending"):
    now = timezone.now()
    return Deadline.objects.create(person=person, prison=prison, rule="no.review", pack="no", pack_version="1",
                                   first_seen_at=now, refreshed_at=now, subject=subject, due=due, status=status,
                                   responsible_role=role, warn_from=due - timedelta(hours=24))


def _deviation(person, prison, status="open", kind="unregistered_isolation"):
    return Deviation.objects.create(kind=kind, severity="high", status=status, person=person, prison=prison,
                                    cause=f"c{Deviation.objects.count()}", date=timezone.localdate(),
                                    created_at=timezone.now(), created_by=h.registrar(prison))


@pytest.fixture
def world():
    """Prison A (east) with two units, prison B (east), prison C (west)."""
    a, b, c = h.make_prison("A", "east"), h.make_prison("B", "east"), h.make_prison("C", "west")
    u1, u2 = h.make_unit(a, "Unit 1"), h.make_unit(a, "Unit 2")
    today = timezone.localdate()
    p1, p2, p3, p4 = (h.bare_held(a, start=timezone.now() - timedelta(days=60)) for _ in range(4))
    for p, u in ((p1, u1), (p2, u1), (p3, u2), (p4, u2)):
        _place(p, u)
    _day(p1, today, isolated=True, streak=20, cause="full_exclusion:order")
    _day(p2, today, isolated=True, streak=8, cause="unregistered")
    _day(p3, today, isolated=True, streak=1, contact=30, cause="unregistered")
    _day(p4, today, isolated=False, contact=200)
    if today.weekday() > 0:  # an earlier day of this week, for the unit share
        _day(p4, today - timedelta(days=1), isolated=False, contact=60)
    released = h.bare_held(a, start=timezone.now() - timedelta(days=30), end=timezone.now() - timedelta(days=2))
    _day(released, today, isolated=True, streak=30)  # not held now: not counted
    q = h.bare_held(c)
    _day(q, today, isolated=True, streak=16)
    now = timezone.now()
    _deadline(p1, a, now + timedelta(hours=10))
    _deadline(p2, a, now + timedelta(hours=80))  # beyond 72 h
    _deadline(p3, a, now + timedelta(hours=5), status="met")
    _deviation(p2, a)
    _deviation(p3, a, status="closed")
    LedgerEpisode.objects.create(person=p1, kind="full_exclusion", decisions=["dec-region"],
                                 start=now - timedelta(days=50), hours=1200, long=True, computed_at=now)
    LedgerEpisode.objects.create(person=p2, kind="partial_exclusion", decisions=["dec-local"],
                                 start=now - timedelta(days=20), hours=480, long=True, computed_at=now)
    _deadline(p1, a, now + timedelta(days=5), role="region", subject="dec-region")
    return {"a": a, "b": b, "c": c, "u1": u1, "u2": u2, "p": (p1, p2, p3, p4), "q": q}


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
