"""The appeal deadline: three weeks, moved past weekends and public holidays.
Every expected date below was checked by hand against a calendar."""

from datetime import date

import pytest

from fellesskap.letters.deadlines import APPEAL_WEEKS, appeal_deadline, easter_sunday, public_holidays


@pytest.mark.parametrize(("year", "easter"), [
    (2000, date(2000, 4, 23)), (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
    (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25)),
])
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_holidays_2026():
    holidays = public_holidays(2026)
    for day in (date(2026, 1, 1), date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 5), date(2026, 4, 6),
                date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 17), date(2026, 5, 24), date(2026, 5, 25),
                date(2026, 12, 25), date(2026, 12, 26)):
        assert day in holidays
    assert len(holidays) == 12
    assert date(2026, 12, 24) not in holidays


def test_three_weeks_is_the_default():
    assert APPEAL_WEEKS == 3


@pytest.mark.parametrize(("notified", "last"), [
    (date(2026, 3, 2), date(2026, 3, 23)),     # Monday to Monday
    (date(2026, 11, 7), date(2026, 11, 30)),   # ends on a Saturday -> Monday
    (date(2026, 4, 26), date(2026, 5, 18)),    # ends on 17 May (a Sunday) -> Monday 18 May
    (date(2026, 3, 13), date(2026, 4, 7)),     # ends on Good Friday -> past Easter Monday
    (date(2026, 12, 4), date(2026, 12, 28)),   # ends on Christmas Day -> Monday 28 December
    (date(2026, 4, 23), date(2026, 5, 15)),    # ends on Ascension Day (Thursday 14 May) -> Friday
])
def test_appeal_deadline(notified, last):
    assert appeal_deadline(notified) == last


def test_weeks_is_a_parameter():
    assert appeal_deadline(date(2026, 3, 2), weeks=2) == date(2026, 3, 16)
    with pytest.raises(ValueError, match="weeks"):
        appeal_deadline(date(2026, 3, 2), weeks=0)
