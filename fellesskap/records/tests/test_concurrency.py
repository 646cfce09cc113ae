"""Two officers registering the same session at the same moment: one row, and
the other officer is told why (PostgreSQL; SQLite serialises writers anyway)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from fellesskap.records import actions
from fellesskap.records.models import Category, TimeSession
from fellesskap.records.tests.helpers import make_world
from fellesskap.registry.tests import helpers as h


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_of_one_session_count_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL; SQLite serialises writers by design")
    w = make_world()
    officers = [w.officer, h.user_with_role("officer", w.prison)]
    start, end = w.ago(hours=3), w.ago(hours=2)
    barrier = threading.Barrier(len(officers))
    outcomes: list = []

    def register(officer):
        translation.activate("en")  # the language is per thread
        try:
            barrier.wait()
            actions.do_register_session(actor=officer, person=w.person, category=Category.CONTACT,
                                        kind="association", start=start, end=end)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.message_dict["start"][0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(o,)) for o in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[-1] == "saved" and outcomes.count("saved") == 1
    assert "not counted twice" in next(o for o in outcomes if o != "saved")
    assert TimeSession.objects.count() == 1
