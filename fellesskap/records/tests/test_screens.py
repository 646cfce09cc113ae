"""The registration screens call the commands and show their refusals on the fields."""


import pytest
from django.urls import reverse
from django.utils import timezone

from fellesskap.records import actions
from fellesskap.records.models import CoerciveMeans, Exclusion, Supervision
from fellesskap.records.tests.helpers import make_world
from fellesskap.registry.models import Placement
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def local(x):
    return timezone.localtime(x).strftime("%Y-%m-%dT%H:%M")


def test_the_old_unit_addresses_redirect_to_the_ward_board(client, w):
    """The cell list, association and the normal day live on the ward board
    now (fellesskap/web/tests/test_ward_day.py); bookmarks still work."""
    client.force_login(w.officer)
    r = client.get(reverse("records:unit_board", args=[w.unit.pk]))
    assert r.status_code == 302 and r.url == reverse("web:ward_board", args=[w.unit.pk])
    assert client.get(reverse("records:unit_list")).url == reverse("web:ward")
    r = client.get(reverse("records:confirm_day", args=[w.unit.pk]), {"date": "2026-01-05"})
    assert r.url == reverse("web:ward_day", args=[w.unit.pk]) + "?date=2026-01-05"


def test_unit_of_another_prison_is_404(client, w):
    other = h.make_prison("B")
    h.login_as(client, "officer", other)
    assert client.get(reverse("records:unit_board", args=[w.unit.pk])).status_code == 404


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
