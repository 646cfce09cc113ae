"""When an incident must be notified to the supervisory board (melding til
tilsynsrådet), as a pure function of the incident and the person's other
serious self-harm instants.

The law (strgjfl. and its regulation, in force from 1 January 2025; Meld. St.
31 (2024–2025) ch. 7.3.6) requires "routine notice of repeated and serious
self-harm, suicide and suicide attempts". It does not say what "repeated"
means; we read it as **two or more serious self-harm incidents of the same
person within 30 days** (:data:`REPEATED_WINDOW`), counted in either
direction, so that a registration made late (back-dated before an earlier
registered one) completes the pair as well. Each further serious self-harm
inside the window is notified again: the board should know it goes on.
A suicide and a suicide attempt are notified at once, whatever else is known.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

REPEATED_WINDOW = timedelta(days=30)

REPEATED_SELF_HARM = "repeated_serious_self_harm"
SUICIDE_ATTEMPT = "suicide_attempt"
SUICIDE = "suicide"


def board_reason(kind: str, serious: bool, at: datetime, other_serious_self_harm: Iterable[datetime],
                 window: timedelta = REPEATED_WINDOW) -> str | None:
    """The reason to notify the board of this incident, or None.

    ``other_serious_self_harm`` are the instants of the person's *other*
    serious self-harm incidents (not withdrawn)."""
    if kind == "suicide":
        return SUICIDE
    if kind == "suicide_attempt":
        return SUICIDE_ATTEMPT
    if kind == "self_harm" and serious and any(abs(at - other) <= window for other in other_serious_self_harm):
        return REPEATED_SELF_HARM
    return None
