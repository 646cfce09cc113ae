"""Who may register and who may decide isolation records.

The registry's :mod:`fellesskap.registry.access` owns roles and grants; this
module only says which roles each kind of records command needs, so that the
rule lives in one place for actions, screens and the API. Until the registry
adds records capabilities to its role matrix, the roles are named here.

- ``REGISTER``: time sessions, supervision checks, incidents, offered measures,
  week plans, coercive means in an acute situation, draft exclusions.
- ``DECIDE``: put an exclusion in force, renew, end or revoke it, decide
  appeals, correct or withdraw decisions, unit lock-ins, the daily schedule.
- ``REVIEW_REGION``: record a review at region level (the region advisor).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from fellesskap.registry import access
from fellesskap.registry import roles as R
from fellesskap.registry.models import Prison

REGISTER = "register"
DECIDE = "decide"
REVIEW_REGION = "review_region"

ROLES: dict[str, frozenset[str]] = {
    REGISTER: frozenset({R.OFFICER, R.UNIT_LEADER, R.PRISON_LEADER, R.HEALTH_STAFF}),
    DECIDE: frozenset({R.UNIT_LEADER, R.PRISON_LEADER}),
    REVIEW_REGION: frozenset({R.REGION_ADVISOR, R.UNIT_LEADER, R.PRISON_LEADER}),
}


def prisons_where(user, what: str, at: datetime | None = None) -> frozenset[int]:
    """Primary keys of the prisons where ``user`` may do ``what``."""
    return access.prisons_with_roles(user, ROLES[what], at)


def may(user, what: str, prison: Prison) -> bool:
    return prison.pk in prisons_where(user, what)


def require(user, what: str, prison: Prison) -> None:
    if not may(user, what, prison):
        raise PermissionDenied(_("You do not have access to do this in this prison."))
