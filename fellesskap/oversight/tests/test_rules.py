"""The notification rule as a pure function: one case per trigger, and the
ones that do not trigger."""

from datetime import UTC, datetime, timedelta

from fellesskap.oversight.rules import REPEATED_SELF_HARM, SUICIDE, SUICIDE_ATTEMPT, board_reason

AT = datetime(2026, 3, 10, 12, tzinfo=UTC)


def test_a_suicide_is_notified():
    assert board_reason("suicide", True, AT, []) == SUICIDE


def test_a_suicide_attempt_is_notified_even_alone():
    assert board_reason("suicide_attempt", True, AT, []) == SUICIDE_ATTEMPT


def test_serious_self_harm_with_another_within_30_days_is_notified():
    assert board_reason("self_harm", True, AT, [AT - timedelta(days=30)]) == REPEATED_SELF_HARM


def test_a_later_registered_earlier_incident_completes_the_pair():
    assert board_reason("self_harm", True, AT, [AT + timedelta(days=12)]) == REPEATED_SELF_HARM


def test_what_is_not_notified():
    assert board_reason("self_harm", True, AT, []) is None  # once
    assert board_reason("self_harm", False, AT, [AT - timedelta(days=1)]) is None  # not serious
    assert board_reason("self_harm", True, AT, [AT - timedelta(days=30, minutes=1)]) is None  # too far apart
    assert board_reason("violence", True, AT, [AT - timedelta(days=1)]) is None


def test_the_window_and_count_come_from_the_rule_pack():
    from fellesskap.oversight import rules
    from fellesskap.rules.pack import find_rule

    parameters = find_rule(rules.REPEATED_RULE).parameters
    assert (rules.REPEATED_WINDOW.days, rules.REPEATED_MIN_COUNT) == (parameters["within_days"], parameters["min_count"])
    # Three within the window when the count asks for three.
    assert board_reason("self_harm", True, AT, [AT - timedelta(days=1)], min_count=3) is None
    assert board_reason("self_harm", True, AT, [AT - timedelta(days=1), AT + timedelta(days=2)], min_count=3) \
        == REPEATED_SELF_HARM
