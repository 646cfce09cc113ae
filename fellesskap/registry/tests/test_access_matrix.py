"""The role matrix: each role sees and changes exactly what docs/access.md says.

The expected table below is written by hand from docs/access.md, not read from
access.py, so changing a rule in access.py (or the docs) fails a test here.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from fellesskap.registry import access, actions
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db

# Who holds each role in the test world: A and B are in region east, C in north.
SCOPES = {
    R.OFFICER: {"prisons": ["A"]},
    R.UNIT_LEADER: {"prisons": ["A"]},
    R.PRISON_LEADER: {"prisons": ["A"]},
    R.HEALTH_STAFF: {"prisons": ["A"]},
    R.REGION_ADVISOR: {"region": "east"},
    R.DIRECTORATE_ANALYST: {"national": True},
    R.SUPERVISORY_BOARD_MEMBER: {"prisons": ["A"]},
    R.INSPECTOR: {"prisons": ["A"]},
    R.ADMINISTRATOR: {"national": True},
}

# For each role and action: the persons (held in A, B, C) it may act on.
EXPECTED = {
    R.OFFICER: {"view": "A", "sensitive": "", "edit": "A", "edit_sensitive": "", "withdraw": ""},
    R.UNIT_LEADER: {"view": "A", "sensitive": "A", "edit": "A", "edit_sensitive": "A", "withdraw": ""},
    R.PRISON_LEADER: {"view": "A", "sensitive": "A", "edit": "A", "edit_sensitive": "A", "withdraw": "A"},
    R.HEALTH_STAFF: {"view": "A", "sensitive": "A", "edit": "", "edit_sensitive": "A", "withdraw": ""},
    R.REGION_ADVISOR: {"view": "AB", "sensitive": "", "edit": "", "edit_sensitive": "", "withdraw": ""},
    R.DIRECTORATE_ANALYST: {"view": "", "sensitive": "", "edit": "", "edit_sensitive": "", "withdraw": ""},
    R.SUPERVISORY_BOARD_MEMBER: {"view": "A", "sensitive": "", "edit": "", "edit_sensitive": "", "withdraw": ""},
    R.INSPECTOR: {"view": "A", "sensitive": "", "edit": "", "edit_sensitive": "", "withdraw": ""},
    R.ADMINISTRATOR: {"view": "", "sensitive": "", "edit": "", "edit_sensitive": "", "withdraw": ""},
}
AUDIT_READERS = {R.PRISON_LEADER, R.REGION_ADVISOR, R.ADMINISTRATOR}
REFERENCE_MANAGERS = {R.ADMINISTRATOR}
ISOLATION_RECORDERS = {R.OFFICER, R.UNIT_LEADER, R.PRISON_LEADER, R.HEALTH_STAFF}
ISOLATION_DECIDERS = {R.UNIT_LEADER, R.PRISON_LEADER}
REGION_REVIEWERS = {R.REGION_ADVISOR, R.UNIT_LEADER, R.PRISON_LEADER}

CHECKS = {
    "view": access.can_view_person,
    "sensitive": access.can_see_sensitive_flags,
    "edit": access.can_edit_person,
    "edit_sensitive": access.can_edit_sensitive_flags,
    "withdraw": access.can_withdraw_person,
}


@pytest.fixture
def world():
    prisons = {"A": h.make_prison("A", "east"), "B": h.make_prison("B", "east"), "C": h.make_prison("C", "north")}
    persons = {code: h.bare_held(p) for code, p in prisons.items()}
    return prisons, persons


def user_for(role, prisons, client=None):
    scope = dict(SCOPES[role])
    chosen = [prisons[c] for c in scope.pop("prisons", [])]
    if client is not None:
        return h.login_as(client, role, *chosen, **scope)
    return h.user_with_role(role, *chosen, **scope)


def test_matrix_covers_every_role():
    assert set(EXPECTED) == set(R.ROLES) == set(access.ROLE_CAPABILITIES)


@pytest.mark.parametrize("action", sorted(CHECKS))
@pytest.mark.parametrize("role", R.ROLES)
def test_role_may_act_on_exactly_the_expected_persons(world, role, action):
    prisons, persons = world
    user = user_for(role, prisons)
    allowed = "".join(code for code, person in sorted(persons.items()) if CHECKS[action](user, person))
    assert allowed == EXPECTED[role][action]


@pytest.mark.parametrize("role", R.ROLES)
def test_persons_visible_to_matches_can_view(world, role):
    prisons, persons = world
    user = user_for(role, prisons)
    visible = set(access.persons_visible_to(user))
    assert visible == {persons[c] for c in EXPECTED[role]["view"]}


@pytest.mark.parametrize("role", R.ROLES)
def test_audit_reference_and_records_capabilities(world, role):
    prisons, _ = world
    user = user_for(role, prisons)
    assert access.has_capability(user, access.VIEW_AUDIT) == (role in AUDIT_READERS)
    assert access.has_capability(user, access.MANAGE_REFERENCE) == (role in REFERENCE_MANAGERS)
    assert access.has_capability(user, access.RECORD_ISOLATION) == (role in ISOLATION_RECORDERS)
    assert access.has_capability(user, access.DECIDE_ISOLATION) == (role in ISOLATION_DECIDERS)
    assert access.has_capability(user, access.REVIEW_REGION) == (role in REGION_REVIEWERS)
    # Records capabilities reach only the prisons of the grant.
    if role in ISOLATION_RECORDERS:
        assert access.prisons_for(user, access.RECORD_ISOLATION) == {prisons["A"].pk}


@pytest.mark.parametrize("role", R.ROLES)
def test_detail_screen_is_200_or_404_never_403(world, role, client):
    prisons, persons = world
    user_for(role, prisons, client)
    for code, person in persons.items():
        response = client.get(reverse("registry:person_detail", kwargs={"person_id": person.public_id}))
        expected = 200 if code in EXPECTED[role]["view"] else 404
        assert response.status_code == expected, (role, code)
        if expected == 200:
            shows_flags = b'id="sensitive-flags"' in response.content
            assert shows_flags == (code in EXPECTED[role]["sensitive"])


@pytest.mark.parametrize("role", R.ROLES)
def test_api_detail_is_200_or_404_and_flags_only_for_allowed_roles(world, role, client):
    prisons, persons = world
    user_for(role, prisons, client)
    for code, person in persons.items():
        response = client.get(f"/api/v1/persons/{person.public_id}")
        expected = 200 if code in EXPECTED[role]["view"] else 404
        assert response.status_code == expected, (role, code)
        if expected == 200:
            assert (response.json()["flags"] is not None) == (code in EXPECTED[role]["sensitive"])


@pytest.mark.parametrize("role", R.ROLES)
def test_audit_screen_only_for_leaders_and_administrators(world, role, client):
    prisons, _ = world
    user_for(role, prisons, client)
    assert client.get(reverse("audit:index")).status_code == (200 if role in AUDIT_READERS else 403)


def test_officer_of_a_gets_404_for_a_stay_in_b_and_cannot_release_it(world, client):
    prisons, persons = world
    officer = h.login_as(client, R.OFFICER, prisons["A"])
    stay_b = persons["B"].stays.get()
    response = client.post(reverse("registry:stay_release", kwargs={"stay_id": stay_b.public_id}),
                           {"at": "2026-01-01T10:00", "release_reason": "released"})
    assert response.status_code == 404
    for key in (persons["B"].public_id, persons["B"].pk, "not-a-uuid"):
        with pytest.raises(Http404):
            access.get_person_or_404(officer, key)
    assert access.get_person_or_404(officer, persons["A"].pk) == persons["A"]
    with pytest.raises(PermissionDenied):
        actions.do_release(actor=officer, stay=stay_b, at=timezone.now(), release_reason="released")
    stay_b.refresh_from_db()
    assert stay_b.end is None


def test_officer_cannot_admit_into_another_prison(world):
    prisons, _ = world
    officer = h.user_with_role(R.OFFICER, prisons["A"])
    person = h.make_person(prisons["A"])
    with pytest.raises(PermissionDenied):
        h.make_stay(person, prisons["B"], h.at("2026-01-10 09:00"), actor=officer)


def test_officer_cannot_set_sensitive_flags(world):
    prisons, persons = world
    officer = h.user_with_role(R.OFFICER, prisons["A"])
    with pytest.raises(PermissionDenied):
        actions.do_set_sensitive_flags(actor=officer, person=persons["A"], flags={"pregnant": True}, reason="r")
    with pytest.raises(PermissionDenied):
        actions.do_register_person(actor=officer, prison=prisons["A"], sex="female", identity_kind="unknown",
                                   alias="x", flags={"pregnant": True})


def test_expired_and_future_grants_give_nothing(world):
    prisons, persons = world
    now = timezone.now()
    expired = h.user_with_role(R.INSPECTOR, prisons["A"], valid_from=now - timedelta(days=10),
                               valid_to=now - timedelta(days=1))
    future = h.user_with_role(R.OFFICER, prisons["A"], valid_from=now + timedelta(days=1))
    for user in (expired, future):
        assert not access.can_view_person(user, persons["A"])
        assert not access.visible_prisons(user).exists()
    # The inspector did see the person while the grant was valid.
    assert access.visible_prisons(expired, at=now - timedelta(days=5)).get() == prisons["A"]


def test_released_person_stays_visible_for_a_while_then_not(world):
    prisons, _ = world
    a = prisons["A"]
    officer = h.user_with_role(R.OFFICER, a)
    person = h.make_person(a)
    end = timezone.now() - timedelta(days=5)
    h.make_stay(person, a, end - timedelta(days=20), end)
    assert access.can_view_person(officer, person)
    assert not access.can_view_person(officer, person, at=end + access.ACCESS_AFTER_RELEASE + timedelta(minutes=1))


def test_transferred_person_is_seen_by_the_receiving_prison(world):
    prisons, persons = world
    officer_b = h.user_with_role(R.OFFICER, prisons["B"])
    person = persons["A"]
    assert not access.can_view_person(officer_b, person)
    actions.do_transfer(actor=h.registrar(prisons["A"]), stay=person.stays.get(), to_prison=prisons["B"],
                        at=timezone.now() - timedelta(minutes=1))
    assert access.can_view_person(officer_b, person)
    assert access.can_edit_person(officer_b, person)


def test_registered_person_without_stay_belongs_to_the_registering_prison(world):
    prisons, _ = world
    person = h.make_person(prisons["A"])
    assert access.can_view_person(h.user_with_role(R.OFFICER, prisons["A"]), person)
    assert not access.can_view_person(h.user_with_role(R.OFFICER, prisons["B"]), person)


def test_docs_table_matches_the_code():
    """docs/access.md and ROLE_CAPABILITIES / ROLE_SCOPES say the same."""
    text = (Path(__file__).resolve().parents[3] / "docs" / "access.md").read_text()
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    header = next(line for line in text.splitlines() if line.startswith("| role |"))
    columns = [c.strip().strip("`") for c in header.strip("|").split("|")]
    documented = {}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        role = cells[0].strip("`")
        if role not in R.ROLES:
            continue
        documented[role] = (
            frozenset(col for col, cell in zip(columns[1:], cells[1:], strict=True)
                      if col in access.CAPABILITIES and cell == "yes"),
            frozenset(s.strip() for s in cells[columns.index("scopes")].split(",")),
        )
    assert {r: d[0] for r, d in documented.items()} == access.ROLE_CAPABILITIES
    assert {r: d[1] for r, d in documented.items()} == {r: frozenset(s) for r, s in access.ROLE_SCOPES.items()}


def test_registering_prison_loses_sight_once_the_person_is_held_elsewhere(world):
    prisons, _ = world
    person = h.make_person(prisons["A"])
    h.make_stay(person, prisons["B"], timezone.now() - timedelta(days=1), actor=h.registrar(prisons["B"]))
    assert not access.can_view_person(h.user_with_role(R.OFFICER, prisons["A"]), person)
    assert access.can_view_person(h.user_with_role(R.OFFICER, prisons["B"]), person)
