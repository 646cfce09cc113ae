"""A request reads the user's grants once, and never keeps a stale answer
(fellesskap/registry/request_scope.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fellesskap.registry import access
from fellesskap.registry import roles as R
from fellesskap.registry.models import RoleGrant
from fellesskap.registry.request_scope import RequestScopeMiddleware, forget, remembered
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


def in_request(fn):
    """Runs ``fn`` the way a view runs: inside the middleware's scope."""
    out = {}

    def view(_request):
        out["value"] = fn()
        return None

    RequestScopeMiddleware(view)(object())
    return out["value"]


def test_outside_a_request_every_call_computes():
    calls = []
    assert remembered(("k",), lambda: calls.append(1) or len(calls)) == 1
    assert remembered(("k",), lambda: calls.append(1) or len(calls)) == 2


def test_inside_a_request_a_key_is_computed_once_and_forget_clears_it():
    def work():
        calls = []
        first = remembered(("k",), lambda: calls.append(1) or len(calls))
        again = remembered(("k",), lambda: calls.append(1) or len(calls))
        forget()
        after = remembered(("k",), lambda: calls.append(1) or len(calls))
        return first, again, after

    assert in_request(work) == (1, 1, 2)


def test_the_scope_ends_with_the_request():
    in_request(lambda: remembered(("k",), lambda: "inside"))
    assert remembered(("k",), lambda: "outside") == "outside"


def test_grants_are_read_once_per_request():
    prison, other = h.make_prison("A"), h.make_prison("B")
    user = h.user_with_role(R.PRISON_LEADER, prison)

    def checks():
        with CaptureQueriesContext(connection) as queries:
            answers = [access.prisons_for(user, access.VIEW_PERSON) for _ in range(5)]
            answers.append(access.active_roles(user))
        return answers, len(queries)

    answers, count = in_request(checks)
    assert answers[:5] == [frozenset({prison.pk})] * 5 and answers[5] == [R.PRISON_LEADER]
    with CaptureQueriesContext(connection) as outside:
        for _ in range(5):
            access.prisons_for(user, access.VIEW_PERSON)
    # Inside a request the five checks cost what one costs outside it.
    assert count * 5 <= len(outside) and count >= 1
    assert other.pk not in answers[0]


def test_a_grant_changed_within_the_request_is_seen_at_once():
    prison, other = h.make_prison("A"), h.make_prison("B")
    user = h.user_with_role(R.OFFICER, prison)

    def change_then_check():
        before = access.prisons_for(user, access.VIEW_PERSON)
        grant = RoleGrant.objects.get(user=user)
        grant.prisons.add(other)  # m2m change
        widened = access.prisons_for(user, access.VIEW_PERSON)
        grant.valid_to = timezone.now() - timedelta(seconds=1)
        grant.save()  # ended
        ended = access.prisons_for(user, access.VIEW_PERSON)
        h.grant(user, R.UNIT_LEADER, other)  # a new grant
        regranted = access.active_roles(user)
        return before, widened, ended, regranted

    before, widened, ended, regranted = in_request(change_then_check)
    assert before == {prison.pk}
    assert widened == {prison.pk, other.pk}
    assert ended == frozenset()
    assert regranted == [R.UNIT_LEADER]


def test_a_national_grant_covers_a_prison_opened_within_the_request():
    first = h.make_prison("A")
    analyst = h.user_with_role(R.DIRECTORATE_ANALYST, national=True)

    def open_prison():
        before = access.prisons_with_roles(analyst, {R.DIRECTORATE_ANALYST})
        new = h.make_prison("N")
        return before, access.prisons_with_roles(analyst, {R.DIRECTORATE_ANALYST}), new

    before, after, new = in_request(open_prison)
    assert first.pk in before and new.pk not in before
    assert new.pk in after
