"""The person page: the ledger's figures drawn, every view audited, 404 across prisons."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions
from fellesskap.records.models import Category
from fellesskap.records.tests.helpers import exclusion_in_force, make_world
from fellesskap.registry.tests import helpers as h

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]



@pytest.fixture
def w():
    return make_world()


def url(w, **params):
    base = reverse("web:person", args=[w.person.public_id])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_page_is_audited_and_shows_every_section(client, w):
    exclusion_in_force(w, start=w.ago(days=5))
    client.force_login(w.officer)
    r = client.get(url(w))
    page = r.content.decode()
    assert r.status_code == 200
    for heading in ("Contact per day", "The day", "Deadlines and findings", "Episodes", "Decisions", "Reviews",
                    "Week plan against what happened"):
        assert heading in page
    event = AuditEvent.objects.get(action="view", data__purpose="person_page")
    assert event.person == str(w.person.public_id)
    assert w.person.display_name not in str(event.data)


def test_calendar_has_a_link_per_day_and_colours_from_the_ledger(client, w):
    client.force_login(w.officer)
    page = client.get(url(w)).content.decode()
    assert page.count('href="?day=') >= 90
    # In custody ten days with no contact: the nine whole days before today are isolated.
    assert page.count("fk-heat fk-heat--isolated") >= 9
    assert "10 days in custody" in page or "11 days in custody" in page


def test_day_timeline_for_a_chosen_day(client, w):
    day = timezone.localdate() - timedelta(days=3)
    actions.do_register_session(actor=w.officer, person=w.person, category=Category.CONTACT, kind="visit",
                                start=h.at(f"{day} 10:00"), end=h.at(f"{day} 12:30"), backdate_reason="late")
    client.force_login(w.officer)
    page = client.get(url(w, day=day.isoformat())).content.decode()
    assert "10:00–12:30" in page
    assert "Meaningful contact 2 h 30 min" in page
    # 150 minutes of contact: the day is not isolated, the cell says so.
    assert 'class="fk-heat fk-heat--goal fk-heat--chosen"' in page


def test_a_bad_or_future_day_falls_back_to_today(client, w):
    client.force_login(w.officer)
    for bad in ("2026-13-45", "tomorrow", (timezone.localdate() + timedelta(days=5)).isoformat()):
        r = client.get(url(w, day=bad))
        assert r.status_code == 200 and 'aria-current="date"' in r.content.decode()


def test_episodes_decisions_reviews_and_deadlines(client, w):
    e = exclusion_in_force(w, start=w.ago(days=5))
    actions.do_record_review(actor=w.leader, subject=e, at=w.ago(hours=20), level="prison", outcome="continue",
                             reasons="Still threats.")
    client.force_login(w.officer)
    page = client.get(url(w)).content.decode()
    assert "Full exclusion" in page and "ongoing" in page
    assert "Still threats." in page
    assert "pending" in page or "missed" in page  # the rules in force set deadlines for an exclusion


def test_week_plan_planned_against_actual(client, w):
    e = exclusion_in_force(w, start=w.ago(days=5))
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    actions.do_make_week_plan(actor=w.leader, exclusion=e, week_start=monday, items=[
        {"weekday": d, "kind": "staff_conversation", "start_time": time(9), "end_time": time(10)} for d in range(7)])
    client.force_login(w.officer)
    page = client.get(url(w)).content.decode()
    assert page.count("plan under 2 h") == 7


def test_another_prisons_person_is_404_and_not_audited_as_a_view(client, w):
    other = h.make_prison("B")
    h.login_as(client, "officer", other)
    assert client.get(url(w)).status_code == 404
    assert not AuditEvent.objects.filter(action="view", data__purpose="person_page").exists()
