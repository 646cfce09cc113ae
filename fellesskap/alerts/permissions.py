"""Who sees and handles deadlines, alerts and deviations.

Built on the registry's grants (:func:`fellesskap.registry.access.active_grants`),
so the scope of a grant (prisons, region, national) means the same here:

- **see** (the leader screens): unit leaders and prison leaders in their
  prisons, region advisors in their region's prisons;
- **handle** deviations (assign, comment, measures, close) and acknowledge
  alerts: unit leaders and prison leaders in their prisons — the region
  advisor reads, since the leader of the prison owns the case;
- **rule packs of a prison**: holders of ``manage_reference`` (administrators).

A region advisor sees only the alerts addressed to the region or the
directorate (KDI), whose decisions the region prepares; a prison's leaders
see every alert of their prison.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from fellesskap.registry import access
from fellesskap.registry import roles as R

SEE_ROLES = frozenset({R.UNIT_LEADER, R.PRISON_LEADER, R.REGION_ADVISOR})
HANDLE_ROLES = frozenset({R.UNIT_LEADER, R.PRISON_LEADER})
REGION_ALERT_ROLES = ("region", "directorate")


def prisons_by_role(user, roles: frozenset[str], at: datetime | None = None) -> frozenset[int]:
    """Primary keys of the prisons where the user holds one of ``roles``."""
    return access.prisons_with_roles(user, roles, at)


def seeing_prisons(user, at: datetime | None = None) -> frozenset[int]:
    return prisons_by_role(user, SEE_ROLES, at)


def handling_prisons(user, at: datetime | None = None) -> frozenset[int]:
    return prisons_by_role(user, HANDLE_ROLES, at)


def may_see(user) -> bool:
    return access.holds_any_role(user, SEE_ROLES)


def may_manage_packs(user) -> bool:
    return access.has_capability(user, access.MANAGE_REFERENCE)


def visible(qs: QuerySet, user, at: datetime | None = None) -> QuerySet:
    """Rows (with a ``prison``) of the prisons the user may see."""
    return qs.filter(prison_id__in=seeing_prisons(user, at))


def visible_alerts(qs: QuerySet, user, at: datetime | None = None) -> QuerySet:
    """Alerts of the user's prisons: all of them for the prison's leaders, the
    region's and directorate's for a region advisor."""
    leaders = prisons_by_role(user, HANDLE_ROLES, at)
    region = prisons_by_role(user, frozenset({R.REGION_ADVISOR}), at)
    return qs.filter(Q(prison_id__in=leaders) | Q(prison_id__in=region, role__in=REGION_ALERT_ROLES))
