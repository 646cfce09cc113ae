"""Synthetic fødselsnummer: valid checksums, a test-data month, never a real form."""

import random
from datetime import date

import pytest
from stdnum.no import fodselsnummer

from fellesskap.demo.fnr import (
    is_synthetic_fnr,
    make_synthetic_fnr,
    synthetic_birth_date,
    synthetic_is_female,
)


@pytest.mark.parametrize("birth", [date(1950, 1, 1), date(1987, 2, 28), date(1999, 12, 31), date(2008, 6, 15)])
@pytest.mark.parametrize("female", [True, False])
def test_round_trip(birth, female):
    number = make_synthetic_fnr(birth, female, random.Random(1), set())
    assert len(number) == 11 and number.isdigit()
    assert 81 <= int(number[2:4]) <= 92  # month + 80: test data at a glance
    # The two modulus-11 check digits, computed by python-stdnum.
    assert fodselsnummer.calc_check_digit1(number[:9]) == number[9]
    assert fodselsnummer.calc_check_digit2(number[:10]) == number[10]
    assert synthetic_birth_date(number) == birth
    assert synthetic_is_female(number) is female


def test_a_real_form_number_is_not_synthetic():
    real_form = "15108695088"  # ordinary month 10: valid for stdnum, so never produced by the demo
    assert fodselsnummer.is_valid(real_form)
    assert not is_synthetic_fnr(real_form)


def test_a_changed_digit_breaks_the_checksum():
    number = make_synthetic_fnr(date(1990, 5, 17), False, random.Random(2), set())
    broken = number[:10] + str((int(number[10]) + 1) % 10)
    assert is_synthetic_fnr(number)
    assert not is_synthetic_fnr(broken)


def test_numbers_are_unique():
    taken: set[str] = set()
    rng = random.Random(3)
    numbers = [make_synthetic_fnr(date(1990, 5, 17), False, rng, taken) for _ in range(200)]
    assert len(set(numbers)) == 200
