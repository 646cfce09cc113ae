"""When an incident must be notified to the supervisory board (melding til
tilsynsrådet), as a pure function of the incident and the person's other
serious self-harm instants.

The law (strgjfl. and its regulation, in force from 1 January 2025; Meld. St.
31 (2024–2025) ch. 7.3.6) requires "routine notice of repeated and serious
self-harm, suicide and suicide attempts". It does not say what "repeated"
means; we read it as **two or more serious self-harm incidents of the same
person within 30 days**, counted in either
direction, so that a registration made late (back-dated before an earlier
registered one) completes the pair as well. Each further serious self-harm
inside the window is notified again: the board should know it goes on.
A suicide and a suicide attempt are notified at once, whatever else is known.

The count and the window are the parameters of the rule pack entry
``no.incident.supervisory_board_repeated_self_harm`` (``min_count``,
``within_days``; marked as an interpretation in docs/rules.md), so that the
notice and the rule the alerts show can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from fellesskap.rules.pack import find_rule

REPEATED_RULE = "no.incident.supervisory_board_repeated_self_harm"
_PARAMETERS = find_rule(REPEATED_RULE).parameters
REPEATED_WINDOW = timedelta(days=int(_PARAMETERS["within_days"]))
REPEATED_MIN_COUNT = int(_PARAMETERS["min_count"])

REPEATED_SELF_HARM = "repeated_serious_self_harm"
SUICIDE_ATTEMPT = "suicide_attempt"
SUICIDE = "suicide"


def board_reason(kind: str, serious: bool, at: datetime, other_serious_self_harm: Iterable[datetime],
                 window: timedelta = REPEATED_WINDOW, min_count: int = REPEATED_MIN_COUNT) -> str | None:
    """The reason to notify the board of this incident, or None.

    ``other_serious_self_harm`` are the instants of the person's *other*
    serious self-harm incidents (not withdrawn)."""
    if kind == "suicide":
        return SUICIDE
    if kind == "suicide_attempt":
        return SUICIDE_ATTEMPT
    if kind == "self_harm" and serious:
        near = sum(1 for other in other_serious_self_harm if abs(at - other) <= window)
        if near + 1 >= min_count:
            return REPEATED_SELF_HARM
    return None
