"""The commands that the validation tests do not walk through end to end:
corrections, withdrawals, sensitive flags, placements and reference data."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.registry import actions
from fellesskap.registry import roles as R
from fellesskap.registry.models import Placement, RecordVersion, StatusPeriod, Stay
from fellesskap.registry.tests import helpers as h
from fellesskap.registry.versioning import history

pytestmark = pytest.mark.django_db


@pytest.fixture
def a():
    return h.make_prison("A")


def test_correcting_a_stay_keeps_the_old_version_and_trims_open_periods(a):
    person = h.make_person(a)
    stay = h.make_stay(person, a, h.at("2026-01-10 09:00"), unit=h.make_unit(a))
    actions.do_correct_stay(actor=h.registrar(a), stay=stay, changes={"end": h.at("2026-01-15 09:00"),
                                                                       "release_reason": "released"},
                            reason="release was not registered")
    stay.refresh_from_db()
    assert stay.end == h.at("2026-01-15 09:00") and stay.version == 2
    assert [v.snapshot["end"] for v in history(stay)] == [None, "2026-01-15T08:00:00+00:00"]
    assert Placement.objects.get(stay=stay).end == stay.end
    assert StatusPeriod.objects.get(stay=stay).end == stay.end


def test_correcting_a_stay_into_another_is_refused(a):
    person = h.make_person(a)
    first = h.make_stay(person, a, h.at("2026-01-10 09:00"), h.at("2026-01-15 09:00"))
    h.make_stay(person, a, h.at("2026-01-20 09:00"))
    with pytest.raises(ValidationError) as e:
        actions.do_correct_stay(actor=h.registrar(a), stay=first, changes={"end": h.at("2026-01-21 09:00")},
                                reason="r")
    assert "start" in e.value.message_dict


def test_withdrawing_a_stay_hides_it_and_its_periods_but_keeps_the_rows(a):
    person = h.make_person(a)
    stay = h.make_stay(person, a, h.at("2026-01-10 09:00"))
    actions.do_withdraw_stay(actor=h.registrar(a), stay=stay, reason="wrong person")
    assert not Stay.objects.filter(pk=stay.pk).exists()
    assert Stay.all_objects.get(pk=stay.pk).withdrawn_reason == "wrong person"
    assert not StatusPeriod.objects.filter(stay_id=stay.pk).exists()
    assert StatusPeriod.all_objects.filter(stay_id=stay.pk).count() == 1
    assert AuditEvent.objects.latest("seq").action == "withdraw"
    # The person can now be admitted for the same period.
    h.make_stay(person, a, h.at("2026-01-10 09:00"))


def test_only_prison_leaders_withdraw(a):
    person = h.held(a)
    officer = h.user_with_role(R.OFFICER, a)
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_stay(actor=officer, stay=person.stays.get(), reason="r")


def test_health_staff_set_flags_and_the_trail_names_fields_not_values(a):
    person = h.held(a)
    nurse = h.user_with_role(R.HEALTH_STAFF, a)
    actions.do_set_sensitive_flags(actor=nurse, person=person, flags={"pregnant": True}, reason="confirmed")
    person.refresh_from_db()
    assert person.pregnant and person.version == 2
    event = AuditEvent.objects.latest("seq")
    assert event.data["fields"] == ["pregnant"] and "True" not in repr(event.data)
    assert history(person).last().change == RecordVersion.Change.CORRECT


def test_health_staff_cannot_admit(a):
    person = h.make_person(a)
    with pytest.raises(PermissionDenied):
        h.make_stay(person, a, h.at("2026-01-10 09:00"), actor=h.user_with_role(R.HEALTH_STAFF, a))


def test_moving_cell_ends_the_previous_placement(a):
    unit = h.make_unit(a)
    c1, c2 = h.make_cell(unit, "1"), h.make_cell(unit, "2")
    person = h.make_person(a)
    stay = h.make_stay(person, a, h.at("2026-01-10 09:00"))
    actor = h.registrar(a)
    actions.do_place_in_cell(actor=actor, stay=stay, unit=unit, cell=c1, at=h.at("2026-01-10 10:00"))
    actions.do_place_in_cell(actor=actor, stay=stay, unit=unit, cell=c2, at=h.at("2026-01-12 10:00"))
    rows = [(p.cell.number, p.start, p.end) for p in Placement.objects.filter(stay=stay).order_by("start")]
    assert rows == [("1", h.at("2026-01-10 10:00"), h.at("2026-01-12 10:00")), ("2", h.at("2026-01-12 10:00"), None)]
    with pytest.raises(ValidationError) as e:
        actions.do_place_in_cell(actor=actor, stay=stay, unit=h.make_unit(a, "B"), cell=c1, at=h.at("2026-01-13 10:00"))
    assert "cell" in e.value.message_dict


def test_same_status_twice_is_refused(a):
    stay = h.make_stay(h.make_person(a), a, h.at("2026-01-10 09:00"))
    with pytest.raises(ValidationError) as e:
        actions.do_change_status(actor=h.registrar(a), stay=stay, status="remand", at=h.at("2026-01-11 09:00"))
    assert "status" in e.value.message_dict


def test_reference_data_needs_an_administrator(a):
    officer = h.user_with_role(R.OFFICER, a)
    admin = h.user_with_role(R.ADMINISTRATOR, national=True)
    with pytest.raises(PermissionDenied):
        actions.do_create_unit(actor=officer, prison=a, name="X")
    unit = actions.do_create_unit(actor=admin, prison=a, name="X", kind="security")
    cell = actions.do_create_cell(actor=admin, unit=unit, number="7", kind="security_cell")
    assert cell.unit.prison == a
    with pytest.raises(ValidationError) as e:
        actions.do_create_cell(actor=admin, unit=unit, number="7")
    assert "number" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        actions.do_create_prison(actor=admin, code="Z", name="Z", region=a.region, security_level="medium")
    assert "security_level" in e.value.message_dict


def test_grant_is_audited_and_takes_effect(a):
    admin = h.user_with_role(R.ADMINISTRATOR, national=True)
    user = h.make_user()
    person = h.held(a)
    from fellesskap.registry import access

    assert not access.can_view_person(user, person)
    actions.do_grant_role(actor=admin, user=user, role=R.OFFICER, prisons=[a],
                          valid_from=timezone.now() - timedelta(minutes=1))
    assert access.can_view_person(user, person)
    assert AuditEvent.objects.latest("seq").action == "grant"
