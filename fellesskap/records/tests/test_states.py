"""The exclusion state machine: every pair of states is either allowed or not,
as written in states.py's docstring (the table below is copied by hand from it)."""

import itertools

import pytest

from fellesskap.records import states
from fellesskap.records.states import ExclusionState as S

ALLOWED = {
    (S.DRAFT, S.IN_FORCE), (S.DRAFT, S.REVOKED),
    (S.IN_FORCE, S.APPEALED), (S.IN_FORCE, S.ENDED), (S.IN_FORCE, S.REVOKED),
    (S.APPEALED, S.IN_FORCE), (S.APPEALED, S.ENDED), (S.APPEALED, S.REVOKED),
}


@pytest.mark.parametrize("current,target", list(itertools.product(S.values, S.values)))
def test_each_transition_is_allowed_exactly_when_documented(current, target):
    assert states.can_transition(current, target) is ((current, target) in ALLOWED)


def test_ended_and_revoked_are_final():
    assert states.allowed_next(S.ENDED) == []
    assert states.allowed_next(S.REVOKED) == []


def test_drafts_and_revoked_decisions_are_not_counted():
    assert states.COUNTED == {S.IN_FORCE, S.APPEALED, S.ENDED}


def test_messages_read_in_bokmal_when_the_language_is_nb():
    from django.utils import translation

    from fellesskap.records.states import ExclusionState

    with translation.override("nb"):
        assert str(ExclusionState.IN_FORCE.label) == "iverksatt"
        from django.utils.translation import gettext
        assert gettext("A session cannot be longer than 24 hours; register one per day.").startswith("En økt kan ikke")
