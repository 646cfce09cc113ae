"""Which roles reach which dashboard (oversikter); the prisons come from the
role's grants (:func:`fellesskap.registry.access.prisons_for_roles`)."""

from __future__ import annotations

from fellesskap.registry import access
from fellesskap.registry import roles as R

PRISON = "prison"  # fengselsleder's dashboard
REGION = "region"  # regionkontoret
NATIONAL = "national"  # KDI (directorate)

DASHBOARD_ROLES: dict[str, frozenset[str]] = {
    PRISON: frozenset({R.PRISON_LEADER, R.UNIT_LEADER}),
    REGION: frozenset({R.REGION_ADVISOR}),
    NATIONAL: frozenset({R.DIRECTORATE_ANALYST}),
}


def prisons(user, dashboard: str) -> frozenset[int]:
    """The prisons the user's grants give on ``dashboard`` (empty: no access)."""
    return access.prisons_for_roles(user, DASHBOARD_ROLES[dashboard])


def reaches(user, dashboard: str) -> bool:
    return access.holds_any_role(user, DASHBOARD_ROLES[dashboard])
