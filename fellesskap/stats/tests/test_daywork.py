"""The day measurement as a workflow, through the database and the screens.

Yesterday (local) is measured, so its census instant has passed. Held since ten days ago:

| person | prison | yesterday | registered | out of cell | removed from adjusted |
|---|---|---|---|---|---|
| P1 | OSL (east, high) | association 08:00–16:00 | yes | 480 (ge8h) | no |
| P2 | OSL | nothing | no | 0 (lt2h) | no |
| P3 | OSL | full exclusion, own wish (from 3 days ago, open); outdoor 10:00–11:00 | yes | 60 (lt2h) | own wish |
| P4 | BRG (west, lower) | unlock 08:00–10:30 | yes | 150 (2to4h) | no |

Nation: 4 persons, bands 2 / 1 / 0 / 1, raw share under 2 h 2/4 = 0.5; adjusted: P3 removed,
1 of 3 under 2 h = 0.333; fully isolated: P2, P3 and P4 (unlock alone is not contact) = 3.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions as ra
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h
from fellesskap.stats import daywork
from fellesskap.stats.actions import NotAllowed
from fellesskap.stats.models import DayMeasurement, DayMeasurementConfirmation

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _yesterday():
    return timezone.now().astimezone(OSLO).date() - timedelta(days=1)


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), OSLO)


@pytest.fixture
def world():
    from fellesskap.records.tests.helpers import World, exclusion_in_force

    day = _yesterday()
    osl, brg = h.make_prison("OSL", "east"), h.make_prison("BRG", "west", security_level="lower")
    unit = h.make_unit(osl, "A")
    since = _at(day - timedelta(days=10), 9)
    people = {}
    for name, prison in (("P1", osl), ("P2", osl), ("P3", osl), ("P4", brg)):
        person = h.make_person(prison, given_name="Gunnhild", family_name=f"Testesen{name}")
        stay = h.make_stay(person, prison, since, unit=unit if prison is osl else None)
        people[name] = (person, stay)
    officer_osl, officer_brg = h.user_with_role(R.OFFICER, osl), h.user_with_role(R.OFFICER, brg)
    reason = {"backdate_reason": "registered for the test"}
    ra.do_register_session(actor=officer_osl, person=people["P1"][0], category="contact", kind="association",
                           start=_at(day, 8), end=_at(day, 16), **reason)
    ra.do_register_session(actor=officer_osl, person=people["P3"][0], category="outdoor",
                           start=_at(day, 10), end=_at(day, 11), **reason)
    ra.do_register_session(actor=officer_brg, person=people["P4"][0], category="unlock",
                           start=_at(day, 8), end=_at(day, 10, 30), **reason)
    p3, stay3 = people["P3"]
    w = World(prison=osl, unit=unit, person=p3, stay=stay3, leader=h.user_with_role(R.UNIT_LEADER, osl),
              officer=officer_osl, now=timezone.now())
    exclusion_in_force(w, start=_at(day - timedelta(days=3), 9), ground="own_wish")
    return {"day": day, "osl": osl, "brg": brg, "people": {k: v[0] for k, v in people.items()},
            "analyst": h.user_with_role(R.DIRECTORATE_ANALYST, national=True),
            "leader_osl": h.user_with_role(R.PRISON_LEADER, osl),
            "leader_brg": h.user_with_role(R.PRISON_LEADER, brg)}


def test_the_measurement_from_the_database_is_as_worked_out_by_hand(world):
    people = daywork.measure_from_database(world["day"])
    by_id = {m.person: m for m in people}
    ids = {k: str(p.public_id) for k, p in world["people"].items()}
    assert set(by_id) == set(ids.values())
    assert {k: by_id[v].band for k, v in ids.items()} == {"P1": "ge8h", "P2": "lt2h", "P3": "lt2h", "P4": "2to4h"}
    assert {k: by_id[v].registered for k, v in ids.items()} == {"P1": True, "P2": False, "P3": True, "P4": True}
    assert by_id[ids["P3"]].removed_ground == "own_wish"
    only_osl = daywork.measure_from_database(world["day"], prisons=["OSL"])
    assert {m.prison for m in only_osl} == {"OSL"} and len(only_osl) == 3


def test_only_the_directorate_announces_once_per_date_and_it_is_audited(world):
    with pytest.raises(NotAllowed):
        daywork.announce(world["day"], actor=world["leader_osl"])
    dm = daywork.announce(world["day"], actor=world["analyst"], note="spring count")
    with pytest.raises(daywork.DayMeasurementError, match="^date: "):
        daywork.announce(world["day"], actor=world["analyst"])
    event = AuditEvent.objects.get(action="announce_day_measurement")
    assert event.user == world["analyst"] and event.data == {"date": world["day"].isoformat()}
    assert dm.note == "spring count"


def test_a_prison_sees_who_has_no_time_registered_and_confirms(world):
    dm = daywork.announce(world["day"], actor=world["analyst"])
    c = daywork.completeness(dm, world["osl"], actor=world["leader_osl"])
    assert c.persons == 3 and c.unregistered == [world["people"]["P2"]]
    with pytest.raises(NotAllowed):
        daywork.completeness(dm, world["osl"], actor=world["leader_brg"])
    listed = AuditEvent.objects.filter(action="list", prison="OSL").latest("seq")
    assert listed.data["unregistered"] == 1 and "Testesen" not in str(listed.data)

    with pytest.raises(NotAllowed):
        daywork.confirm(dm, world["osl"], actor=world["analyst"])
    with pytest.raises(NotAllowed):
        daywork.confirm(dm, world["osl"], actor=world["leader_brg"])
    confirmation = daywork.confirm(dm, world["osl"], actor=world["leader_osl"], comment="P2 was in court")
    assert (confirmation.persons, confirmation.unregistered) == (3, 1)
    with pytest.raises(daywork.DayMeasurementError, match="^prison: OSL has already confirmed"):
        daywork.confirm(dm, world["osl"], actor=world["leader_osl"])
    assert AuditEvent.objects.filter(action="confirm_day_measurement", prison="OSL").count() == 1


def test_nothing_to_confirm_before_the_census_instant(world):
    tomorrow = world["day"] + timedelta(days=2)
    dm = daywork.announce(tomorrow, actor=world["analyst"])
    with pytest.raises(daywork.DayMeasurementError, match="^date: the census instant"):
        daywork.confirm(dm, world["osl"], actor=world["leader_osl"])
    with pytest.raises(daywork.DayMeasurementError, match="^date: the census instant"):
        daywork.conclude(dm, actor=world["analyst"])
    assert not daywork.completeness(dm, world["osl"], actor=world["leader_osl"]).census_passed


def test_the_national_result_and_its_conclusion(world):
    dm = daywork.announce(world["day"], actor=world["analyst"])
    with pytest.raises(NotAllowed):
        daywork.national_result(dm, actor=world["leader_osl"])
    live = daywork.national_result(dm, actor=world["analyst"])
    nation = live["nation"]
    assert nation["persons"] == 4 and nation["bands"] == {"lt2h": 2, "2to4h": 1, "4to8h": 0, "ge8h": 1}
    assert (nation["raw_share_under_2h"], nation["adjusted_share_under_2h"]) == (0.5, 0.333)
    assert nation["fully_isolated"] == 3 and nation["unregistered"] == 1
    assert [s["key"] for s in live["security_level"]] == ["high", "lower"]
    concluded = daywork.conclude(dm, actor=world["analyst"])
    assert concluded.result == live and concluded.concluded_by == world["analyst"]
    # Frozen: a later registration does not change a concluded result.
    ra.do_register_session(actor=h.user_with_role(R.OFFICER, world["osl"]), person=world["people"]["P2"],
                           category="contact", kind="association", start=_at(world["day"], 9),
                           end=_at(world["day"], 17), backdate_reason="late")
    assert daywork.national_result(DayMeasurement.objects.get(pk=dm.pk), actor=world["analyst"]) == live
    with pytest.raises(daywork.DayMeasurementError, match="^measurement: already concluded"):
        daywork.conclude(dm, actor=world["analyst"])
    with pytest.raises(daywork.DayMeasurementError, match="^measurement: "):
        daywork.confirm(dm, world["brg"], actor=world["leader_brg"])


# ------------------------------------------------------------------ screens


def test_screens_need_a_statistics_role(client, world):
    url = reverse("stats:day-index")
    assert client.get(url).status_code == 302  # to the log-in
    h.login_as(client, R.OFFICER, world["osl"])
    assert client.get(url).status_code == 403
    assert client.get(reverse("stats:internal")).status_code == 403


def test_the_workflow_through_the_screens(client, world):
    client.force_login(world["analyst"])
    response = client.post(reverse("stats:day-index"), {"date": world["day"].isoformat(), "note": "vår"})
    dm = DayMeasurement.objects.get(date=world["day"])
    assert response.status_code == 302 and response["Location"] == reverse("stats:day-detail", args=[dm.pk])
    assert client.post(reverse("stats:day-index"), {"date": "18.03.2026"}).status_code == 400

    client.force_login(world["leader_osl"])
    page = client.get(reverse("stats:day-detail", args=[dm.pk])).content.decode()
    assert "TestesenP2" in page and "TestesenP1" not in page and "TestesenP4" not in page
    assert 'id="result"' not in page  # the national result is the directorate's
    assert client.post(reverse("stats:day-index"), {"date": "2026-01-01"}).status_code == 403
    client.post(reverse("stats:day-confirm", args=[dm.pk, "OSL"]), {"comment": ""})
    assert DayMeasurementConfirmation.objects.filter(measurement=dm, prison=world["osl"]).exists()
    assert client.post(reverse("stats:day-confirm", args=[dm.pk, "BRG"])).status_code == 403

    client.force_login(world["analyst"])
    page = client.get(reverse("stats:day-detail", args=[dm.pk])).content.decode()
    assert 'id="result"' in page and "33,3 %" in page and "50,0 %" in page
    assert "Testesen" not in page and "Gunnhild" not in page  # aggregates only for the directorate
    assert client.post(reverse("stats:day-conclude", args=[dm.pk])).status_code == 302
    assert DayMeasurement.objects.get(pk=dm.pk).concluded_at is not None

    # A later measurement is compared with the concluded one.
    later = daywork.announce(world["day"] + timedelta(days=1), actor=world["analyst"])
    page = client.get(reverse("stats:day-detail", args=[later.pk])).content.decode()
    assert world["day"].isoformat() in page.split('id="earlier"')[1]
