"""Checks shared by every records command. Each raises ``ValidationError`` keyed
by the field at fault, with a message in bokmål or English (gettext)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesskap.registry.models import Person, Prison, Stay

# Actual time cannot be registered further ahead than this (clock skew, a
# session registered just before midnight for the next morning's check).
FUTURE_TOLERANCE = timedelta(days=1)
# A registration starting longer ago than this is back-dated: it needs a reason
# and is flagged, so that late paperwork is visible.
BACKDATE_AFTER = timedelta(hours=24)
# No single time session may be longer than a day.
MAX_SESSION = timedelta(hours=24)


def invalid(field: str, message: str):
    raise ValidationError({field: [message]})


def local(instant: datetime | None) -> str:
    """An instant as the user reads it (Oslo time, to the minute)."""
    if instant is None:
        return _("ongoing")
    return timezone.localtime(instant).strftime("%Y-%m-%d %H:%M")


def aware(field: str, value) -> datetime:
    if not isinstance(value, datetime):
        invalid(field, _("Enter a date and time."))
    if timezone.is_naive(value):
        invalid(field, _("The time must include a time zone."))
    return value


def optional_aware(field: str, value) -> datetime | None:
    return None if value is None else aware(field, value)


def order(start: datetime, end: datetime | None, field: str = "end") -> None:
    if end is not None and end <= start:
        invalid(field, _("The end must be after the start."))


def not_future(field: str, value: datetime | None, now: datetime | None = None) -> None:
    """Actual time cannot lie more than a day ahead."""
    now = now or timezone.now()
    if value is not None and value > now + FUTURE_TOLERANCE:
        invalid(field, _("This time is in the future (%(time)s); register what has happened.") % {"time": local(value)})


def session_length(start: datetime, end: datetime | None, field: str = "end") -> None:
    if end is not None and end - start > MAX_SESSION:
        invalid(field, _("A session cannot be longer than 24 hours; register one per day."))


def backdating(start: datetime, reason: str, now: datetime | None = None) -> tuple[bool, str]:
    """(flag, reason) for a registration starting at ``start``; a back-dated
    one without a reason is refused."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if start < now - BACKDATE_AFTER:
        if not reason:
            invalid("backdate_reason", _("This is registered more than 24 hours after it started; give a reason."))
        return True, reason
    return False, reason


def require_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        invalid(field, _("Give a reason for the change."))
    return reason


def held_prison(person: Person, start: datetime, end: datetime | None, field: str = "start") -> Prison:
    """The prison the person was held in at ``start``, after checking that
    stays (not withdrawn, possibly back to back after a transfer) cover the
    whole of ``[start, end)`` (or the instant ``start`` when there is no end)."""
    stays = list(
        Stay.objects.filter(person=person, start__lte=end or start)
        .filter(Q(end__isnull=True) | Q(end__gt=start)).select_related("prison").order_by("start")
    )
    covered_to = start
    first = None
    for stay in stays:
        if stay.start > covered_to:
            break
        first = first or stay
        if stay.end is None:
            covered_to = None
            break
        covered_to = max(covered_to, stay.end)
    target = end or start
    ok = first is not None and (covered_to is None or covered_to > target or (end is not None and covered_to >= end))
    if not ok:
        invalid(field, _("The person was not held at this time (no stay covers %(start)s to %(end)s).")
                % {"start": local(start), "end": local(end)})
    return first.prison
