"""Who may use the oversight screens (tilsyn), by the registry's roles.

The registry's :mod:`fellesskap.registry.access` owns roles, grants and their
validity (an inspector's grant always ends); this module only says which
roles each oversight ability needs, as :mod:`fellesskap.records.permissions`
does for the records, so that the rule lives in one place for every screen.

- ``HEALTH``: the health staff's list of isolated and excluded persons, a
  health contact, and "health notified" on a coercive means.
- ``OVERSEE``: read the exclusion register, the notifications to the
  supervisory board, deviations and inspection reports of a prison.
- ``ACKNOWLEDGE``: acknowledge a notification (the board receives it).
- ``INSPECT``: fill in an inspection checklist and store a report.

An ability in a prison the user has no grant for is answered with 404 by the
screens, never 403, so that nobody learns what another prison holds.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from fellesskap.registry import access
from fellesskap.registry import roles as R
from fellesskap.registry.models import Prison

HEALTH = "health"
OVERSEE = "oversee"
ACKNOWLEDGE = "acknowledge"
INSPECT = "inspect"

ROLES: dict[str, frozenset[str]] = {
    HEALTH: frozenset({R.HEALTH_STAFF}),
    OVERSEE: frozenset({R.SUPERVISORY_BOARD_MEMBER, R.INSPECTOR}),
    ACKNOWLEDGE: frozenset({R.SUPERVISORY_BOARD_MEMBER}),
    INSPECT: frozenset({R.SUPERVISORY_BOARD_MEMBER, R.INSPECTOR}),
}


def prisons_where(user, what: str, at: datetime | None = None) -> frozenset[int]:
    """Primary keys of the prisons where ``user`` may do ``what`` now (an
    expired grant, such as an inspector's after the visit, gives nothing)."""
    return access.prisons_with_roles(user, ROLES[what], at)


def has(user, what: str) -> bool:
    return bool(prisons_where(user, what))


def prisons(user, what: str) -> QuerySet[Prison]:
    return Prison.objects.filter(pk__in=prisons_where(user, what)).order_by("code")
