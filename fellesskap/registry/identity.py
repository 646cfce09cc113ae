"""Synthetic test identity numbers (syntetiske fødselsnummer), recognised without Django.

Why the registry knows them: the Norwegian test-data convention (Skatteetaten's
Tenor test population) adds 80 to the month digits of a fødselsnummer or
D-number. No real number has a month of 81–92, so such a number is test data at
a glance and cannot belong to anyone; the demo and test databases use them.
python-stdnum reads a month above 40 as an H-number and rejects them, so the
registry asks :func:`synthetic_birth_date` before refusing a number, and accepts
it only where the setting ``ALLOW_SYNTHETIC_IDENTITY_NUMBERS`` allows test data.

Pure (no Django import): the demo generator uses it too.
"""

from __future__ import annotations

from datetime import date

from stdnum.no import fodselsnummer as _fnr

SYNTHETIC_MONTH_OFFSET = 80
D_NUMBER_DAY_OFFSET = 40


def synthetic_birth_date(number: str) -> date | None:
    """The birth date of a valid synthetic number (fødselsnummer or D-number form),
    or None if it is not one: 11 digits, month + 80, a real date, an individual
    number allowed for the century, and both modulus-11 check digits."""
    if len(number) != 11 or not number.isdigit():
        return None
    if _fnr.calc_check_digit1(number[:9]) != number[9] or _fnr.calc_check_digit2(number[:10]) != number[10]:
        return None
    day, month, yy, individual = int(number[0:2]), int(number[2:4]), int(number[4:6]), int(number[6:9])
    if not 81 <= month <= 92:
        return None
    if day > D_NUMBER_DAY_OFFSET:
        day -= D_NUMBER_DAY_OFFSET
    if individual < 500:
        year = 1900 + yy
    elif yy < 40:
        year = 2000 + yy
    elif individual >= 900:
        year = 1900 + yy
    else:
        return None
    try:
        return date(year, month - SYNTHETIC_MONTH_OFFSET, day)
    except ValueError:
        return None


def is_synthetic_d_number(number: str) -> bool:
    """True when a synthetic number is in the D-number form (day + 40)."""
    return int(number[0]) >= 4
