"""Which roles may register and decide records, written by hand from
docs/records.md ("Who may do what")."""

import pytest

from fellesskap.records import permissions as P
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db

EXPECTED = {
    R.OFFICER: {P.REGISTER},
    R.UNIT_LEADER: {P.REGISTER, P.DECIDE, P.REVIEW_REGION},
    R.PRISON_LEADER: {P.REGISTER, P.DECIDE, P.REVIEW_REGION},
    R.HEALTH_STAFF: {P.REGISTER},
    R.REGION_ADVISOR: {P.REVIEW_REGION},
    R.DIRECTORATE_ANALYST: set(),
    R.SUPERVISORY_BOARD_MEMBER: set(),
    R.INSPECTOR: set(),
    R.ADMINISTRATOR: set(),
}
SCOPE = {R.REGION_ADVISOR: {"region": "east"}, R.DIRECTORATE_ANALYST: {"national": True}}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_may_exactly_what_the_docs_say_in_its_prison_and_nowhere_else(role):
    a, north = h.make_prison("A"), h.make_prison("N", region="north")
    user = h.user_with_role(role, *([] if role in SCOPE else [a]), **SCOPE.get(role, {}))
    assert {what for what in (P.REGISTER, P.DECIDE, P.REVIEW_REGION) if P.may(user, what, a)} == EXPECTED[role]
    assert not any(P.may(user, what, north) for what in (P.REGISTER, P.DECIDE, P.REVIEW_REGION))
