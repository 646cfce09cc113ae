"""The ward board's registrations for several persons: association for the
ticked persons (one registration) and the normal day confirmed from the daily
schedule with its exceptions (who was not out, who was out shorter).
Moved here from the records app's old unit board."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions
from fellesskap.records.models import Category, DailyScheduleEntry, GroupSession, TimeSession
from fellesskap.records.tests.helpers import make_world
from fellesskap.registry.tests import helpers as h

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]



@pytest.fixture
def w():
    world = make_world()
    world.others = []
    for name in ("Per", "Ali"):
        person = h.make_person(world.prison, given_name=name)
        h.make_stay(person, world.prison, world.now - timedelta(days=10), unit=world.unit)
        world.others.append(person)
    return world


def test_board_offers_association_and_the_daily_schedule(client, w):
    actions.do_add_schedule_entry(actor=w.leader, unit=w.unit, category=Category.OUTDOOR, start_time=time(13),
                                  end_time=time(14), valid_from=timezone.localdate())
    client.force_login(w.officer)
    page = client.get(reverse("web:ward_board", args=[w.unit.pk])).content.decode()
    assert page.count('name="persons"') == 3
    assert reverse("web:ward_association", args=[w.unit.pk]) in page
    assert "13:00–14:00" in page and reverse("web:ward_day", args=[w.unit.pk]) in page


def test_association_for_the_ticked_persons_is_one_registration(client, w):
    client.force_login(w.officer)
    chosen = [w.person, w.others[0]]
    r = client.post(reverse("web:ward_association", args=[w.unit.pk]),
                    {"persons": [str(p.public_id) for p in chosen]})
    assert r.status_code == 302 and r.url == reverse("web:ward_board", args=[w.unit.pk])
    group = GroupSession.objects.get()
    assert sorted(TimeSession.objects.filter(group=group).values_list("person_id", flat=True)) == sorted(
        p.pk for p in chosen)
    assert not TimeSession.objects.filter(person=w.others[1]).exists()
    page = client.get(reverse("web:ward_board", args=[w.unit.pk])).content.decode()
    assert "In association since" in page
    r = client.post(reverse("web:ward_association_end", args=[w.unit.pk, group.public_id]))
    assert r.status_code == 302
    assert not TimeSession.objects.filter(group=group, end__isnull=True).exists()


def test_the_same_association_press_sent_twice_is_registered_once(client, w):
    """A press kept while the connection was down may arrive twice (or after a lost answer)."""
    client.force_login(w.officer)
    url = reverse("web:ward_association", args=[w.unit.pk])
    form = {"persons": [str(w.person.public_id), str(w.others[0].public_id)], "key": "press-1", "clicked_at": ""}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert GroupSession.objects.count() == 1 and TimeSession.objects.filter(group__isnull=False).count() == 2
    # Another press (another key) is another registration attempt: the persons are already in association.
    client.post(url, {**form, "key": "press-2"})
    assert GroupSession.objects.count() == 1


def test_association_starts_when_the_officer_pressed_not_when_it_arrived(client, w):
    client.force_login(w.officer)
    url = reverse("web:ward_association", args=[w.unit.pk])
    pressed = timezone.now() - timedelta(minutes=25)
    client.post(url, {"persons": [str(w.person.public_id)], "key": "late",
                      "clicked_at": str(int(pressed.timestamp() * 1000))})
    assert GroupSession.objects.get().start == pressed.replace(second=0, microsecond=0)
    # A press "in the future" (a wrong clock) is registered at arrival.
    before = timezone.now().replace(second=0, microsecond=0)
    ahead = timezone.now() + timedelta(hours=1)
    client.post(url, {"persons": [str(w.others[0].public_id)], "key": "ahead",
                      "clicked_at": str(int(ahead.timestamp() * 1000))})
    start = GroupSession.objects.get(idempotency_key="ahead").start
    assert before <= start <= timezone.now()


def test_a_key_of_another_unit_is_refused(client, w):
    client.force_login(w.officer)
    other = h.make_unit(w.prison, "B")
    GroupSession.objects.create(unit=other, prison=w.prison, start=timezone.now(), idempotency_key="theirs",
                                created_at=timezone.now(), created_by=w.officer)
    r = client.post(reverse("web:ward_association", args=[w.unit.pk]),
                    {"persons": [str(w.person.public_id)], "key": "theirs"}, follow=True)
    assert "another registration" in r.content.decode()
    assert not TimeSession.objects.filter(person=w.person, group__isnull=False).exists()


def test_association_refuses_nobody_and_a_person_of_another_unit(client, w):
    client.force_login(w.officer)
    url = reverse("web:ward_association", args=[w.unit.pk])
    page = client.post(url, {}, follow=True).content.decode()
    assert "Choose at least one person." in page
    stranger = h.make_person(w.prison)
    h.make_stay(stranger, w.prison, w.now - timedelta(days=3), unit=h.make_unit(w.prison, "B"))
    assert client.post(url, {"persons": [str(stranger.public_id)]}).status_code == 404
    assert not TimeSession.objects.exists()


def test_association_and_the_day_are_closed_to_others(client, w):
    h.login_as(client, "officer", h.make_prison("B"))
    assert client.post(reverse("web:ward_association", args=[w.unit.pk]),
                       {"persons": [str(w.person.public_id)]}).status_code == 404
    assert client.get(reverse("web:ward_day", args=[w.unit.pk])).status_code == 404
    h.login_as(client, "supervisory_board_member", w.prison)
    assert client.get(reverse("web:ward_day", args=[w.unit.pk])).status_code == 403
    assert not TimeSession.objects.exists()


@pytest.fixture
def schedule(w):
    yesterday = timezone.localdate() - timedelta(days=1)
    association = actions.do_add_schedule_entry(actor=w.leader, unit=w.unit, category=Category.CONTACT,
                                                kind="association", start_time=time(9), end_time=time(11),
                                                valid_from=yesterday)
    outdoor = actions.do_add_schedule_entry(actor=w.leader, unit=w.unit, category=Category.OUTDOOR,
                                            start_time=time(13), end_time=time(14), valid_from=yesterday)
    return yesterday, association, outdoor


def key(person, entry):
    return f"{person.public_id}:{entry.public_id}"


def day_form(w, day, entries, *, skip=(), times=None):
    """The form as the page pre-fills it, with the officer's exceptions."""
    data = {"date": day.isoformat(), "happened": []}
    for p in [w.person, *w.others]:
        for e in entries:
            k = key(p, e)
            if (p, e) not in skip:
                data["happened"].append(k)
            a, b = (times or {}).get((p, e), (e.start_time.strftime("%H:%M"), e.end_time.strftime("%H:%M")))
            data[f"start:{k}"], data[f"end:{k}"] = a, b
    return data


def test_the_normal_day_is_one_confirmation_with_exceptions(client, w, schedule):
    day, association, outdoor = schedule
    client.force_login(w.officer)
    url = reverse("web:ward_day", args=[w.unit.pk])
    page = client.get(url, {"date": day.isoformat()}).content.decode()
    assert page.count('name="happened"') == 6 and page.count(" checked") == 6
    per, ali = w.others
    r = client.post(url, day_form(w, day, [association, outdoor], skip=[(per, association)],
                                  times={(ali, association): ("09:00", "09:40")}))
    assert r.status_code == 200 and "5 sessions registered." in r.content.decode()
    got = {(s.person_id, s.kind or s.category): (timezone.localtime(s.start).time(), timezone.localtime(s.end).time())
           for s in TimeSession.objects.all()}
    assert got == {
        (w.person.pk, "association"): (time(9), time(11)), (w.person.pk, "outdoor"): (time(13), time(14)),
        (per.pk, "outdoor"): (time(13), time(14)),
        (ali.pk, "association"): (time(9), time(9, 40)), (ali.pk, "outdoor"): (time(13), time(14)),
    }
    assert "times changed" in TimeSession.objects.get(person=ali, kind="association").note
    # Planned stays planned: the schedule is untouched.
    association.refresh_from_db()
    assert (association.start_time, association.end_time) == (time(9), time(11))
    assert DailyScheduleEntry.objects.count() == 2
    assert AuditEvent.objects.filter(data__command="confirm_normal_day").count() == 1
    # Confirming again counts nothing twice.
    client.post(url, day_form(w, day, [association, outdoor]))
    assert TimeSession.objects.count() == 6  # only Per's association, unticked before, is new


@pytest.mark.parametrize("times, message", [
    (("10:00", "09:30"), "The end must be after the start"),
    (("9.3o", "10:00"), "enter the times as hours and minutes"),
])
def test_a_bad_time_refuses_the_whole_day_and_keeps_the_input(client, w, schedule, times, message):
    day, association, outdoor = schedule
    client.force_login(w.officer)
    ali = w.others[1]
    r = client.post(reverse("web:ward_day", args=[w.unit.pk]),
                    day_form(w, day, [association, outdoor], skip=[(w.person, outdoor)],
                             times={(ali, association): times}))
    page = r.content.decode()
    assert r.status_code == 422 and message in page and "Nothing was saved" in page
    assert not TimeSession.objects.exists()
    assert f'value="{times[0]}"' in page  # what the officer typed is shown again
    assert page.count(" checked") == 5  # and the exception too


def test_a_day_in_the_future_is_today(client, w, schedule):
    client.force_login(w.officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = client.get(reverse("web:ward_day", args=[w.unit.pk]), {"date": tomorrow.isoformat()}).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
