"""The registration screens call the commands and show their refusals on the fields."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions
from fellesskap.records.models import Category, CoerciveMeans, Exclusion, Supervision, TimeSession
from fellesskap.records.tests.helpers import make_world
from fellesskap.registry.models import Placement
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def local(x):
    return timezone.localtime(x).strftime("%Y-%m-%dT%H:%M")


def test_unit_board_lists_the_unit_and_is_audited(client, w):
    client.force_login(w.officer)
    r = client.get(reverse("records:unit_board", args=[w.unit.pk]))
    assert r.status_code == 200 and w.person.display_name in r.content.decode()
    assert AuditEvent.objects.filter(action="list", data__screen="unit_board").exists()


def test_unit_of_another_prison_is_404(client, w):
    other = h.make_prison("B")
    h.login_as(client, "officer", other)
    assert client.get(reverse("records:unit_board", args=[w.unit.pk])).status_code == 404


def test_unlock_toggle_opens_then_closes(client, w):
    client.force_login(w.officer)
    url = reverse("records:toggle_unlock", args=[w.unit.pk, w.person.public_id])
    assert client.post(url).status_code == 302
    session = TimeSession.objects.get(category=Category.UNLOCK)
    assert session.end is None
    r = client.post(url, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "<tr" in r.content.decode()
    session.refresh_from_db()
    assert session.end is not None and session.end > session.start
    assert "Unlocked now" in r.content.decode() or "Låst" in r.content.decode() or "Locked" in r.content.decode()


def test_group_association_start_and_stop(client, w):
    client.force_login(w.officer)
    r = client.post(reverse("records:group_start", args=[w.unit.pk]), {"persons": [str(w.person.public_id)]})
    assert r.status_code == 302
    session = TimeSession.objects.get(kind="association")
    assert session.group is not None and session.end is None


def test_confirm_the_normal_day_with_an_exception(client, w):
    yesterday = timezone.localdate() - timedelta(days=1)
    a = actions.do_add_schedule_entry(actor=w.leader, unit=w.unit, category=Category.CONTACT, kind="association",
                                      start_time=time(9), end_time=time(11), valid_from=yesterday)
    actions.do_add_schedule_entry(actor=w.leader, unit=w.unit, category=Category.OUTDOOR,
                                  start_time=time(13), end_time=time(14), valid_from=yesterday)
    client.force_login(w.officer)
    url = reverse("records:confirm_day", args=[w.unit.pk])
    page = client.get(url, {"date": yesterday.isoformat()})
    assert page.content.decode().count('name="happened"') == 2
    r = client.post(url, {"date": yesterday.isoformat(), "happened": [f"{w.person.public_id}:{a.public_id}"]})
    assert r.status_code == 200
    assert list(TimeSession.objects.values_list("kind", flat=True)) == ["association"]


def test_exclusion_form_shows_command_errors_on_fields(client, w):
    client.force_login(w.leader)
    url = reverse("records:exclusion_new", args=[w.person.public_id])
    r = client.post(url, {"scope": "full", "ground": "own_wish", "start": local(w.ago(hours=1)),
                          "end": local(w.ago(hours=2)), "decided_level": "prison"})
    assert r.status_code == 422 and "id_end-errors" in r.content.decode()
    r = client.post(url, {"scope": "full", "ground": "own_wish", "start": local(w.ago(hours=1)),
                          "decided_level": "prison", "reasons": "asked", "own_statement": "wants it",
                          "put_in_force": "on"})
    assert r.status_code == 302
    assert Exclusion.objects.get().state == "in_force"


def test_person_records_page_offers_the_allowed_transitions(client, w):
    client.force_login(w.leader)
    actions.do_create_exclusion(actor=w.leader, person=w.person, scope="full", ground="own_wish",
                                start=w.ago(hours=1))
    page = client.get(reverse("records:person_records", args=[w.person.public_id])).content.decode()
    draft = Exclusion.objects.get()
    assert reverse("records:exclusion_decide", args=[draft.public_id]) in page
    assert reverse("records:exclusion_end", args=[draft.public_id]) not in page  # a draft is not ended
    r = client.post(reverse("records:exclusion_decide", args=[draft.public_id]))
    assert r.status_code == 422  # no reasons yet: refused with the message


def test_coercive_means_with_supervision_log(client, w):
    client.force_login(w.officer)
    r = client.post(reverse("records:coercive_new", args=[w.person.public_id]), {
        "kind": "security_cell", "reason": "danger_to_self", "start": local(w.ago(hours=3))})
    assert r.status_code == 302
    means = CoerciveMeans.objects.get()
    url = reverse("records:coercive_detail", args=[means.public_id])
    assert client.post(url, {"at": local(w.ago(hours=2)), "observation": "asleep"}).status_code == 302
    r = client.post(url, {"at": local(w.ago(hours=5)), "observation": "before"})
    assert r.status_code == 422
    assert list(Supervision.objects.values_list("observation", flat=True)) == ["asleep"]
    assert Placement.objects.exists()
