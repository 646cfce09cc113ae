"""Today so far (i dag hittil): meaningful contact against the 2 h goal and the
time left before the day becomes an isolated day (measures.md, Mandela rule 44).

The figures are the ledger's own (``compute_days`` over a one-day scenario up to
now), so the board shows what the statistics will count, overlaps counted once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fellesskap.ledger import DayParams, compute_days
from fellesskap.ledger.days import DEFAULT_DAY_PARAMS
from fellesskap.ledger.intervals import clip_record, intersect, to_seconds, total, union
from fellesskap.scenario.model import Person, Scenario
from fellesskap.vocabulary import MEANINGFUL_CONTACT_KINDS

TIMEZONE = "Europe/Oslo"
GOAL_MINUTES = 120  # at least 2 h meaningful contact a day (rules.md, glossary "ukeplan")


@dataclass(frozen=True, slots=True)
class TodayStatus:
    """One person's local day up to ``now``.

    ``minutes_left``: minutes until ``no_contact_minutes`` reaches the isolated
    threshold if nothing more is registered (contact ending now); None when the
    rest of the day in custody cannot make it isolated, or it already is.
    ``contact_needed``: minutes of meaningful contact still needed today so
    that the day does not become isolated (0 when it cannot).
    """

    day: date
    custody_minutes: int
    contact_minutes: int
    no_contact_minutes: int
    isolated: bool
    minutes_left: int | None
    contact_needed: int
    in_contact_now: bool
    threshold: int

    @property
    def goal_minutes(self) -> int:
        return GOAL_MINUTES

    @property
    def goal_percent(self) -> int:
        """Contact so far as a share of the 2 h goal, for the progress bar (0–100)."""
        return min(100, self.contact_minutes * 100 // GOAL_MINUTES)

    @property
    def goal_reached(self) -> bool:
        return self.contact_minutes >= GOAL_MINUTES


def _custody_in_day(person: Person, lo: datetime, hi: datetime) -> int:
    """Whole minutes in custody in ``[lo, hi)`` by the stays known now (an open
    stay is assumed to last the day), floored once as the ledger does."""
    a, b = to_seconds(lo), to_seconds(hi)
    ivs = [iv for s in person.stays if (iv := clip_record(s.start, s.end, b)) is not None]
    return total(intersect(union(ivs), [(a, b)])) // 60


def today_status(person: Person, now: datetime, *, timezone: str = TIMEZONE,
                 params: DayParams = DEFAULT_DAY_PARAMS) -> TodayStatus:
    """The person's day so far, evaluated at ``now`` (an aware instant)."""
    tz = ZoneInfo(timezone)
    day = now.astimezone(tz).date()
    scenario = Scenario(timezone=timezone, census_time=time(12), period_start=day,
                        period_end=day + timedelta(days=1), evaluated_at=now.astimezone(UTC), persons=(person,))
    rows = compute_days(person, scenario, params)
    row = rows[0] if rows else None
    custody = row.custody_minutes if row else 0
    contact = row.contact_minutes if row else 0
    no_contact = row.no_contact_minutes if row else 0
    isolated = bool(row and row.isolated)
    start = datetime.combine(day, time(0), tzinfo=tz)
    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    threshold = params.isolated_minutes
    # If nothing more is registered, every minute still in custody today is a
    # minute without contact: at midnight the day has its whole custody and
    # only the contact registered so far.
    day_custody = _custody_in_day(person, start, midnight)
    final_no_contact = day_custody - contact
    will_isolate = day_custody >= threshold and final_no_contact >= threshold
    minutes_left = None
    needed = 0
    if will_isolate and not isolated:
        minutes_left = max(0, threshold - no_contact)
        needed = final_no_contact - threshold + 1
    now_s = to_seconds(now)
    in_contact = any(
        c.kind in MEANINGFUL_CONTACT_KINDS and c.start <= now and (c.end is None or to_seconds(c.end) > now_s)
        for c in person.contacts)
    return TodayStatus(day=day, custody_minutes=custody, contact_minutes=contact, no_contact_minutes=no_contact,
                       isolated=isolated, minutes_left=minutes_left, contact_needed=needed,
                       in_contact_now=in_contact, threshold=threshold)
