"""Synthetic test numbers (month + 80) in the registry's identity check: accepted
only where ``ALLOW_SYNTHETIC_IDENTITY_NUMBERS`` allows test data, refused with a
message on ``national_id`` otherwise, and checked as carefully as a real number."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from stdnum.no import fodselsnummer as f

from fellesskap.registry import actions
from fellesskap.registry.identity import synthetic_birth_date
from fellesskap.registry.models import Person
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


def synthetic(day: int, month: int, yy: int, individual: int) -> str:
    """A month + 80 number built by hand from the modulus-11 rules (stdnum's digit functions)."""
    body = f"{day:02d}{month + 80:02d}{yy:02d}{individual:03d}"
    k1 = f.calc_check_digit1(body)
    k2 = f.calc_check_digit2(body + k1)
    assert len(k1) == 1 and len(k2) == 1, "pick an individual number whose check digits are single digits"
    return body + k1 + k2


# 17 May 1990, individual number 123 (odd third digit: a man).
NUMBER = synthetic(17, 5, 90, 123)


@pytest.fixture
def prison():
    return h.make_prison("A")


def test_stdnum_alone_rejects_the_synthetic_month():
    assert not f.is_valid(NUMBER)


def test_synthetic_birth_date_reads_the_date_and_century():
    assert synthetic_birth_date(NUMBER) == date(1990, 5, 17)
    assert synthetic_birth_date(synthetic(3, 12, 5, 512)) == date(2005, 12, 3)  # 500-999 and yy < 40: 2000s
    assert synthetic_birth_date(synthetic(45, 1, 80, 200)) == date(1980, 1, 5)  # D-number form (day + 40)


def test_synthetic_birth_date_refuses_what_is_not_one():
    bad_check = NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10)
    assert synthetic_birth_date(bad_check) is None
    assert synthetic_birth_date(synthetic(31, 2, 90, 123)) is None  # 31 February
    assert synthetic_birth_date(synthetic(17, 5, 50, 600)) is None  # individual 500-899 with yy >= 40: no century
    assert synthetic_birth_date("1705901234") is None  # ten digits
    h_number = h.synthetic_fnr(date(1990, 5, 17))  # month + 40 is an H-number, not a synthetic one
    assert synthetic_birth_date(h_number) is None


def test_accepted_when_the_setting_allows(prison, settings):
    settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS = True
    person = actions.do_register_person(actor=h.registrar(prison), prison=prison, sex="male", national_id=NUMBER)
    assert person.national_id == NUMBER
    assert person.birth_date == date(1990, 5, 17)
    assert person.identity_kind == "fnr"


def test_refused_with_a_clear_message_when_the_setting_is_off(prison, settings):
    settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS = False
    for language, word in (("en", "synthetic"), ("nb", "syntetisk")):
        with translation.override(language), pytest.raises(ValidationError) as e:
            actions.do_register_person(actor=h.registrar(prison), prison=prison, sex="male", national_id=NUMBER)
        message = e.value.message_dict["national_id"][0]
        assert word in message and "ALLOW_SYNTHETIC_IDENTITY_NUMBERS" in message
    assert not Person.all_objects.exists()


def test_a_bad_synthetic_number_is_refused_even_when_allowed(prison, settings):
    settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS = True
    bad = NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        actions.do_register_person(actor=h.registrar(prison), prison=prison, sex="male", national_id=bad)
    assert "check the digits" in e.value.message_dict["national_id"][0]


def test_birth_date_must_agree_with_a_synthetic_number(prison, settings):
    settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS = True
    with pytest.raises(ValidationError) as e:
        h.make_person(prison, national_id=NUMBER, birth_date=date(1990, 5, 18))
    assert "1990-05-17" in e.value.message_dict["birth_date"][0]


def test_unset_means_allowed_under_debug_only_or_with_a_demo(prison, settings):
    from fellesskap.demo.models import DemoDataset

    settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS = None
    settings.DEBUG = False
    assert actions.synthetic_numbers_allowed() is False
    settings.DEBUG = True
    assert actions.synthetic_numbers_allowed() is True
    settings.DEBUG = False
    DemoDataset.objects.create(seed=1, year=2025, scale=0.05, loaded_at="2025-01-01T00:00:00Z")
    assert actions.synthetic_numbers_allowed() is True
