"""Who may see which internal statistics, built on the role grants of ``fellesskap.registry.access``.

Internal statistics show real counts, small ones included, so they follow the
grant's scope: a directorate analyst sees the nation and may drill down to
any region and prison; a region advisor sees their region and its prisons; a
prison leader sees their own prisons. No one else sees internal statistics
(the public page is for everyone). The figures are aggregates, so this is not
the person-level role matrix of docs/access.md; listing the persons a prison
has not registered time for is, and goes through ``access.VIEW_PERSON``.
"""

from __future__ import annotations

from dataclasses import dataclass

from fellesskap.registry import access
from fellesskap.registry import roles as R
from fellesskap.registry.models import Prison, Region, RoleGrant

# The roles that see internal statistics, and the widest level each may see.
STATS_ROLES: dict[str, str] = {
    R.DIRECTORATE_ANALYST: "nation",
    R.REGION_ADVISOR: "region",
    R.PRISON_LEADER: "prison",
}


@dataclass(frozen=True)
class StatsScope:
    """What a user may see: the nation (and so everything), some regions, some prisons (codes)."""

    national: bool
    regions: frozenset[str]
    prisons: frozenset[str]

    @property
    def any(self) -> bool:
        return self.national or bool(self.regions) or bool(self.prisons)

    def allows(self, area: str) -> bool:
        """Whether ``area`` (``nation``, ``region:CODE``, ``prison:CODE``) is inside the scope."""
        kind, _, code = area.partition(":")
        if kind == "nation":
            return self.national
        if kind == "region":
            return self.national or code in self.regions
        if kind == "prison":
            return self.national or code in self.prisons
        return False

    def widest(self) -> str | None:
        """The area a screen opens on: the nation, else the first region, else the first prison."""
        if self.national:
            return "nation"
        if self.regions:
            return f"region:{sorted(self.regions)[0]}"
        if self.prisons:
            return f"prison:{sorted(self.prisons)[0]}"
        return None


def _codes(prison_ids) -> set[str]:
    return set(Prison.objects.filter(pk__in=list(prison_ids)).values_list("code", flat=True)) if prison_ids else set()


def stats_scope(user) -> StatsScope:
    """The internal statistics the user may see now (nothing for other roles or anonymous users)."""
    national, region_ids, prison_ids = False, set(), set()
    for grant in access.held_grants(user):
        level = STATS_ROLES.get(grant.role)
        if level is None:
            continue
        if level == "nation" and grant.scope == RoleGrant.Scope.NATIONAL:
            national = True
        elif level in ("nation", "region") and grant.scope == RoleGrant.Scope.REGION and grant.region_id:
            region_ids.add(grant.region_id)
        prison_ids |= grant.prison_ids
    regions = set(Region.objects.filter(pk__in=region_ids).values_list("code", flat=True)) if region_ids else set()
    return StatsScope(national=national, regions=frozenset(regions), prisons=frozenset(_codes(prison_ids)))


def is_directorate(user) -> bool:
    """A directorate analyst with a national grant: announces and concludes day measurements."""
    return any(g.role == R.DIRECTORATE_ANALYST and g.scope == RoleGrant.Scope.NATIONAL
               for g in access.held_grants(user))


def confirming_prisons(user) -> list[Prison]:
    """The prisons whose day-measurement registrations the user confirms (prison leaders, own prisons)."""
    return list(Prison.objects.filter(pk__in=access.prisons_with_roles(user, {R.PRISON_LEADER})).order_by("code"))
