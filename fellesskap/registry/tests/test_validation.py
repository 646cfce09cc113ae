"""Each bad input to the command layer is refused with a message on the right
field; each test fails if its validation is removed."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fellesskap.registry import access, actions
from fellesskap.registry import roles as R
from fellesskap.registry.models import Person, Placement, RecordVersion, StatusPeriod, Stay
from fellesskap.registry.tests import helpers as h
from fellesskap.registry.versioning import history

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.fixture
def prison():
    return h.make_prison("A")


def test_synthetic_numbers_are_valid_h_numbers():
    number = h.synthetic_fnr(date(1990, 5, 17))
    assert number[:2] == "17" and number[2:4] == "45" and number[4:6] == "90"


def test_fnr_with_bad_checksum_is_refused(prison):
    good = h.synthetic_fnr(date(1990, 5, 17))
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as e:
        h.make_person(prison, national_id=bad, birth_date=date(1990, 5, 17))
    assert "national_id" in errors_of(e)
    assert not Person.all_objects.exists()


def test_birth_date_must_agree_with_fnr(prison):
    number = h.synthetic_fnr(date(1990, 5, 17))
    with pytest.raises(ValidationError) as e:
        h.make_person(prison, national_id=number, birth_date=date(1990, 5, 18))
    assert "1990-05-17" in errors_of(e)["birth_date"][0]


def test_birth_date_is_taken_from_fnr_when_missing(prison):
    number = h.synthetic_fnr(date(1985, 1, 2))
    person = actions.do_register_person(actor=h.registrar(prison), prison=prison, sex="female", national_id=number)
    assert person.birth_date == date(1985, 1, 2)
    assert person.identity_kind == "fnr"


def test_d_number_is_recognised(prison):
    from stdnum.no import fodselsnummer as f

    # A D-number adds 4 to the first digit of the birth day.
    for serial in range(100):
        stem = "57" + h.synthetic_fnr(date(1990, 5, 17), serial=serial)[2:9]
        k1 = f.calc_check_digit1(stem)
        number = stem + k1 + f.calc_check_digit2(stem + k1)
        if len(number) == 11 and f.is_valid(number):
            break
    person = actions.do_register_person(actor=h.registrar(prison), prison=prison, sex="male", national_id=number)
    assert person.identity_kind == "dnr"
    assert person.birth_date == date(1990, 5, 17)


def test_unknown_identity_needs_an_alias(prison):
    with pytest.raises(ValidationError) as e:
        actions.do_register_person(actor=h.registrar(prison), prison=prison, sex="male", identity_kind="unknown")
    assert "alias" in errors_of(e)
    person = actions.do_register_person(actor=h.registrar(prison), prison=prison, sex="male",
                                        identity_kind="unknown", alias="Man in blue jacket")
    assert person.national_id is None and person.identity_kind == "unknown"


def test_same_number_cannot_be_registered_twice(prison):
    person = h.make_person(prison)
    with pytest.raises(ValidationError) as e:
        h.make_person(prison, national_id=person.national_id, birth_date=person.birth_date)
    assert "national_id" in errors_of(e)


def test_sex_must_be_known(prison):
    with pytest.raises(ValidationError) as e:
        h.make_person(prison, sex="x")
    assert "sex" in errors_of(e)


def test_overlapping_stay_is_refused_naming_the_other_stay(prison):
    b = h.make_prison("B", name="Bergen fengsel")
    person = h.make_person(prison)
    h.make_stay(person, b, h.at("2026-01-10 09:00"), h.at("2026-02-01 12:00"))
    with pytest.raises(ValidationError) as e:
        h.make_stay(person, prison, h.at("2026-01-31 08:00"))
    message = errors_of(e)["start"][0]
    assert "Bergen fengsel" in message and "2026-01-10 09:00" in message and "2026-02-01 12:00" in message
    assert Stay.objects.filter(person=person).count() == 1


def test_back_to_back_stays_do_not_overlap(prison):
    person = h.make_person(prison)
    h.make_stay(person, prison, h.at("2026-01-10 09:00"), h.at("2026-02-01 12:00"))
    h.make_stay(person, prison, h.at("2026-02-01 12:00"))
    assert Stay.objects.filter(person=person).count() == 2


def test_admission_before_an_ongoing_stay_is_refused(prison):
    person = h.make_person(prison)
    h.make_stay(person, prison, h.at("2026-01-10 09:00"))
    with pytest.raises(ValidationError) as e:
        h.make_stay(person, prison, h.at("2026-03-01 09:00"))
    assert "start" in errors_of(e)


def test_placement_outside_stay_is_refused(prison):
    unit = h.make_unit(prison)
    person = h.make_person(prison)
    stay = h.make_stay(person, prison, h.at("2026-01-10 09:00"), h.at("2026-02-01 12:00"))
    for moment in (h.at("2026-01-10 08:59"), h.at("2026-02-01 12:00"), h.at("2026-03-01 00:00")):
        with pytest.raises(ValidationError) as e:
            actions.do_place_in_cell(actor=h.registrar(prison), stay=stay, unit=unit, at=moment)
        assert "at" in errors_of(e)
    assert not Placement.objects.exists()


def test_status_change_outside_stay_is_refused(prison):
    person = h.make_person(prison)
    stay = h.make_stay(person, prison, h.at("2026-01-10 09:00"))
    with pytest.raises(ValidationError) as e:
        actions.do_change_status(actor=h.registrar(prison), stay=stay, status="sentenced", at=h.at("2026-01-01 00:00"))
    assert "at" in errors_of(e)
    period = actions.do_change_status(actor=h.registrar(prison), stay=stay, status="sentenced",
                                      at=h.at("2026-02-01 10:00"))
    periods = list(StatusPeriod.objects.filter(stay=stay).order_by("start"))
    assert [(p.status, p.end) for p in periods] == [("remand", period.start), ("sentenced", None)]


def test_unit_of_another_prison_is_refused(prison):
    other_unit = h.make_unit(h.make_prison("B"))
    person = h.make_person(prison)
    stay = h.make_stay(person, prison, h.at("2026-01-10 09:00"))
    with pytest.raises(ValidationError) as e:
        actions.do_place_in_cell(actor=h.registrar(prison), stay=stay, unit=other_unit, at=h.at("2026-01-11 09:00"))
    assert "unit" in errors_of(e)


def test_release_before_start_is_refused(prison):
    person = h.make_person(prison)
    stay = h.make_stay(person, prison, h.at("2026-01-10 09:00"))
    with pytest.raises(ValidationError) as e:
        actions.do_release(actor=h.registrar(prison), stay=stay, at=h.at("2026-01-10 09:00"), release_reason="released")
    assert "at" in errors_of(e)
    assert Stay.objects.get(pk=stay.pk).end is None


def test_correcting_a_stay_end_before_start_is_refused(prison):
    person = h.make_person(prison)
    stay = h.make_stay(person, prison, h.at("2026-01-10 09:00"), h.at("2026-01-20 09:00"))
    with pytest.raises(ValidationError) as e:
        actions.do_correct_stay(actor=h.registrar(prison), stay=stay, changes={"end": h.at("2026-01-01 09:00")},
                                reason="typo")
    assert "end" in errors_of(e)


def test_naive_time_is_refused(prison):
    person = h.make_person(prison)
    with pytest.raises(ValidationError) as e:
        actions.do_admit(actor=h.registrar(prison), person=person, prison=prison,
                         start=h.at("2026-01-10 09:00").replace(tzinfo=None), arrival_reason="arrest", status="remand")
    assert "start" in errors_of(e)


def test_inspector_grant_without_end_is_refused(prison):
    user = h.make_user()
    with pytest.raises(ValidationError) as e:
        access.validate_grant(role=R.INSPECTOR, scope="prisons", prison_ids=[prison.pk], region=None,
                              valid_from=timezone.now(), valid_to=None)
    assert "valid_to" in errors_of(e)
    admin = h.user_with_role(R.ADMINISTRATOR, national=True)
    with pytest.raises(ValidationError):
        actions.do_grant_role(actor=admin, user=user, role=R.INSPECTOR, prisons=[prison])
    grant = actions.do_grant_role(actor=admin, user=user, role=R.INSPECTOR, prisons=[prison],
                                  valid_to=timezone.now() + timedelta(days=7))
    assert grant.valid_to is not None


def test_grant_end_before_start_is_refused(prison):
    now = timezone.now()
    with pytest.raises(ValidationError) as e:
        access.validate_grant(role=R.OFFICER, scope="prisons", prison_ids=[prison.pk], region=None,
                              valid_from=now, valid_to=now - timedelta(days=1))
    assert "valid_to" in errors_of(e)


def test_grant_scope_must_fit_role(prison):
    with pytest.raises(ValidationError) as e:
        access.validate_grant(role=R.OFFICER, scope="national", prison_ids=[], region=None,
                              valid_from=timezone.now(), valid_to=None)
    assert "scope" in errors_of(e)


def test_withdrawn_person_cannot_be_changed_or_admitted(prison):
    person = h.make_person(prison)
    actions.do_withdraw_person(actor=h.registrar(prison), person=person, reason="registered twice")
    assert not Person.objects.filter(pk=person.pk).exists()
    assert Person.all_objects.get(pk=person.pk).withdrawn_reason == "registered twice"
    with pytest.raises(ValidationError) as e:
        h.make_stay(person, prison, h.at("2026-01-10 09:00"))
    assert "person" in errors_of(e)
    with pytest.raises(ValidationError):
        actions.do_correct_person(actor=h.registrar(prison), person=person, changes={"given_name": "X"}, reason="r")


def test_withdrawal_needs_a_reason(prison):
    person = h.make_person(prison)
    with pytest.raises(ValidationError) as e:
        actions.do_withdraw_person(actor=h.registrar(prison), person=person, reason="  ")
    assert "reason" in errors_of(e)


def test_correction_keeps_every_version_with_who_and_why(prison):
    person = h.make_person(prison, given_name="Ola")
    actor = h.registrar(prison)
    actions.do_correct_person(actor=actor, person=person, changes={"given_name": "Ole"}, reason="spelling")
    versions = list(history(person))
    assert [(v.version, v.change, v.snapshot["given_name"]) for v in versions] == [
        (1, RecordVersion.Change.CREATE, "Ola"), (2, RecordVersion.Change.CORRECT, "Ole")]
    assert versions[1].actor == actor and versions[1].reason == "spelling"
    assert Person.objects.get(pk=person.pk).given_name == "Ole"


def test_correction_needs_a_reason_and_a_change(prison):
    person = h.make_person(prison, given_name="Ola")
    with pytest.raises(ValidationError) as e:
        actions.do_correct_person(actor=h.registrar(prison), person=person, changes={"given_name": "Ole"}, reason="")
    assert "reason" in errors_of(e)
    with pytest.raises(ValidationError):
        actions.do_correct_person(actor=h.registrar(prison), person=person, changes={"given_name": "Ola"},
                                  reason="no change")


def test_correcting_birth_date_against_fnr_is_refused(prison):
    person = h.make_person(prison, birth_date=date(1990, 5, 17))
    with pytest.raises(ValidationError) as e:
        actions.do_correct_person(actor=h.registrar(prison), person=person,
                                  changes={"birth_date": date(1991, 5, 17)}, reason="r")
    assert "birth_date" in errors_of(e)


def test_transfer_ends_one_stay_and_starts_the_next_at_the_same_instant(prison):
    b = h.make_prison("B")
    person = h.make_person(prison)
    stay = h.make_stay(person, prison, h.at("2026-01-10 09:00"), status="sentenced")
    new = actions.do_transfer(actor=h.registrar(prison), stay=stay, to_prison=b, at=h.at("2026-02-01 10:00"))
    stay.refresh_from_db()
    assert stay.end == new.start == h.at("2026-02-01 10:00")
    assert stay.release_reason == "transfer" and new.arrival_reason == "transfer"
    assert new.transferred_from == stay
    assert new.status_periods.get().status == "sentenced"


def test_transfer_to_the_same_prison_is_refused(prison):
    person = h.make_person(prison)
    stay = h.make_stay(person, prison, h.at("2026-01-10 09:00"))
    with pytest.raises(ValidationError) as e:
        actions.do_transfer(actor=h.registrar(prison), stay=stay, to_prison=prison, at=h.at("2026-02-01 10:00"))
    assert "to_prison" in errors_of(e)


def test_admin_grant_form_refuses_inspector_without_end(prison):
    from fellesskap.registry.admin import RoleGrantForm

    user = h.make_user()
    data = {"user": user.pk, "role": R.INSPECTOR, "scope": "prisons", "prisons": [prison.pk],
            "valid_from": "2026-01-01 00:00", "valid_to": ""}
    form = RoleGrantForm(data)
    assert not form.is_valid() and "valid_to" in form.errors
    form = RoleGrantForm(data | {"valid_to": "2026-02-01 00:00"})
    assert form.is_valid(), form.errors


def test_admin_pages_load(client, prison):
    h.held(prison)
    admin = h.make_user("root")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    for name in ["registry_person", "registry_stay", "registry_rolegrant", "audit_auditevent", "registry_prison"]:
        assert client.get(f"/admin/{name.replace('_', '/', 1)}/").status_code == 200, name


def test_messages_read_in_bokmal_and_english(prison):
    from django.utils import translation

    person = h.make_person(prison)
    h.make_stay(person, prison, h.at("2026-01-10 09:00"))
    for language, words in [("nb", "har allerede et opphold i"), ("en", "already has a stay in")]:
        with translation.override(language), pytest.raises(ValidationError) as e:
            h.make_stay(person, prison, h.at("2026-01-12 09:00"))
        message = errors_of(e)["start"][0]
        assert words in message and "2026-01-10 09:00" in message
