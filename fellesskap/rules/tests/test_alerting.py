"""Warning windows of deadlines, read from the pack entries."""

from __future__ import annotations

from fellesskap.rules.alerting import coming_due, responsible_role, warning_opens_at
from fellesskap.rules.types import Deadline

from .helpers import at


def _deadline(rule: str, due: str, status: str = "pending") -> Deadline:
    return Deadline("P1", "no-current", rule, "E1", at(due), status)


def test_region_deadline_warns_24_hours_before_due():
    dl = _deadline("no.full_exclusion.region_14d", "2026-03-16T08:00:00+01:00")
    assert warning_opens_at(dl) == at("2026-03-15T08:00:00+01:00")
    assert responsible_role(dl) == "region"
    assert responsible_role(_deadline("no.security_cell.kdi_6d", "2026-03-16T08:00:00+01:00")) == "directorate"


def test_coming_due_only_inside_the_window_and_only_pending():
    dl = _deadline("no.full_exclusion.region_14d", "2026-03-16T08:00:00+01:00")
    met = _deadline("no.full_exclusion.region_14d", "2026-03-16T08:00:00+01:00", "met")
    assert coming_due([dl, met], at("2026-03-15T07:59:00+01:00")) == []
    assert coming_due([dl, met], at("2026-03-15T08:00:00+01:00")) == [dl]
    assert coming_due([dl, met], at("2026-03-16T08:00:00+01:00")) == []
