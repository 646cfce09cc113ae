"""The nightly roll-over: with a frozen clock across midnight (and across the
spring DST change), yesterday is completed and today added, once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from fellesskap.ledgerstore.models import LedgerDay
from fellesskap.ledgerstore.rebuild import rebuild
from fellesskap.ledgerstore.refresh import TZ
from fellesskap.ledgerstore.rollover import roll_over, stale_persons
from fellesskap.ledgerstore.tests.helpers import stored
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


def _held(admitted: datetime):
    prison = h.make_prison("R")
    unit = h.make_unit(prison, "A")
    person = h.make_person(prison)
    h.make_stay(person, prison, admitted, unit=unit)
    released = h.make_person(prison)
    h.make_stay(released, prison, admitted, admitted + timedelta(hours=30), unit=unit)
    return person, released


@pytest.mark.parametrize(("evening", "minutes_of_day"), [
    (datetime(2026, 11, 23, 23, 30, tzinfo=TZ), 1440),   # an ordinary night
    (datetime(2026, 3, 29, 23, 30, tzinfo=TZ), 1380),    # the spring DST day has 23 hours
    (datetime(2026, 10, 25, 23, 30, tzinfo=TZ), 1500),   # the autumn one 25
])
def test_midnight_completes_yesterday_and_adds_today_once(evening, minutes_of_day):
    person, released = _held(evening - timedelta(days=3))
    rebuild(at=evening)
    last = LedgerDay.objects.filter(person=person).latest("date")
    assert last.date == evening.date() and last.custody_minutes == minutes_of_day - 30, "today so far"
    assert list(stale_persons(evening)) == [], "nothing to do before midnight"
    assert roll_over(evening) == 0

    after = evening + timedelta(minutes=40)  # 00:10 the next local day
    assert list(stale_persons(after)) == [person], "only the person still held"
    assert roll_over(after) == 1
    yesterday = LedgerDay.objects.get(person=person, date=evening.date())
    assert yesterday.custody_minutes == minutes_of_day, "yesterday completed"
    today = LedgerDay.objects.get(person=person, date=evening.date() + timedelta(days=1))
    assert today.custody_minutes == 10 and today.isolated_streak == 0
    rolled = stored()
    assert roll_over(after + timedelta(minutes=5)) == 0, "idempotent: once a day"
    assert stored() == rolled
    rebuild(at=after)
    assert stored() == rolled, "the roll-over gives the rows of a rebuild at the same instant"
