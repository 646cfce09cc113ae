"""Set-up for the alerts tests: a held person with a full exclusion in force
since seven days ago (held for ten) and no week plan, so that the engine yields a pending
region deadline (due in seven days), a missed week-plan deadline and
unregistered isolation on the day before the exclusion."""

from __future__ import annotations

from datetime import timedelta

from fellesskap.records.tests.helpers import World, exclusion_in_force, make_world


def world_with_exclusion(code: str = "A") -> tuple[World, object]:
    w = make_world(code)
    exclusion = exclusion_in_force(w, start=w.ago(days=7))
    return w, exclusion


def region_due(exclusion):
    return exclusion.start + timedelta(days=14)
