"""``ledger verify``: the stored ledger compared with a rebuild, changing nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.ledgerstore.refresh import refresh_person
from fellesskap.ledgerstore.tests.helpers import stored
from fellesskap.ledgerstore.verify import differences
from fellesskap.records import actions
from fellesskap.records.models import Category
from fellesskap.records.tests.helpers import exclusion_in_force, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    """A person with an exclusion and sessions, each refreshed at its own instant
    (the real clock), as a running server leaves them."""
    w = make_world()
    refresh_person(w.person)
    with django_capture_on_commit_callbacks(execute=True):
        exclusion_in_force(w, start=w.ago(days=4))
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                    start=w.ago(days=2), end=w.ago(days=2) + timedelta(hours=1),
                                    backdate_reason="entered late")
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_open_session(actor=w.officer, person=w.person, category=Category.UNLOCK)
    return w


def test_the_incremental_path_equals_a_rebuild_and_nothing_changes(world):
    before = stored()
    assert before[0] and before[1], "the world has stored days and an episode"
    assert differences() == []
    assert stored() == before
    call_command("ledger", "verify")


def test_a_changed_day_is_found(world):
    day = LedgerDay.objects.filter(person=world.person).order_by("-date")[2]
    day.contact_minutes += 1
    day.save()
    (found,) = differences()
    assert found.person == str(world.person.public_id)
    assert found.first_date == day.date.isoformat() and not found.episodes_differ
    with pytest.raises(CommandError, match="differs from a rebuild for 1 person"):
        call_command("ledger", "verify")


def test_a_missing_day_and_a_missing_episode_are_found(world):
    first = LedgerDay.objects.filter(person=world.person).order_by("date").first()
    first.delete()
    LedgerEpisode.objects.filter(person=world.person).delete()
    (found,) = differences()
    assert found.first_date == first.date.isoformat() and found.episodes_differ
    assert found.days_rebuilt == found.days_stored + 1
