"""Synthetic Norwegian national identity numbers (syntetiske fødselsnummer).

Why synthetic and why this form: the demo must never hold a number that could
belong to a real person. The Norwegian test-data convention (Skatteetaten's
Tenor test population, "syntetiske identiteter") adds 80 to the month digits:
``DD(MM+80)YY III KK``. No real fødselsnummer, D-number (day + 40) or
H-number (month + 40) has a month of 81–92, so such a number is test data at a
glance and cannot collide with a real person, while it still carries a birth
date, a century-consistent individual number, a sex digit and the two modulus-11
check digits, so that code validating real numbers can be exercised.

python-stdnum (2.2) computes the check digits (``calc_check_digit1/2``) but
reads a month above 40 as an H-number and so rejects the synthetic month; the
check of a synthetic number is :func:`fellesskap.registry.identity.synthetic_birth_date`,
which the registry uses too.
"""

from __future__ import annotations

import random
from datetime import date

from stdnum.no import fodselsnummer as _fnr

from fellesskap.registry.identity import SYNTHETIC_MONTH_OFFSET, synthetic_birth_date

__all__ = ["SYNTHETIC_MONTH_OFFSET", "is_synthetic_fnr", "make_synthetic_fnr", "synthetic_birth_date",
           "synthetic_is_female"]


def _individual_range(year: int) -> range:
    """Individual numbers (individnummer) the century rules allow for a birth year."""
    if 1900 <= year <= 1999:
        return range(0, 500)
    if 2000 <= year <= 2039:
        return range(500, 1000)
    raise ValueError(f"birth year {year} is outside the range the demo generates (1900-2039)")


def make_synthetic_fnr(birth_date: date, female: bool, rng: random.Random, taken: set[str]) -> str:
    """A new synthetic number for the birth date and sex, not in ``taken`` (which it extends).

    The third individual digit is even for women and odd for men, as in real
    numbers; an individual number whose check digit would be 10 is skipped, as
    the real allocation does.
    """
    head = f"{birth_date.day:02d}{birth_date.month + SYNTHETIC_MONTH_OFFSET:02d}{birth_date.year % 100:02d}"
    candidates = [i for i in _individual_range(birth_date.year) if (i % 2 == 0) == female]
    for _ in range(200):
        individual = rng.choice(candidates)
        body = f"{head}{individual:03d}"
        k1 = _fnr.calc_check_digit1(body)
        if len(k1) != 1:
            continue
        k2 = _fnr.calc_check_digit2(body + k1)
        if len(k2) != 1:
            continue
        number = body + k1 + k2
        if number not in taken:
            taken.add(number)
            return number
    raise ValueError(f"no free synthetic number left for {birth_date.isoformat()}")


def is_synthetic_fnr(number: str) -> bool:
    """True for an 11-digit synthetic number with a valid date, century and checksums."""
    return synthetic_birth_date(number) is not None


def synthetic_is_female(number: str) -> bool:
    """The sex digit (third individual digit): even for women."""
    return int(number[8]) % 2 == 0
