"""Who may see and change what (tilgangsstyring). Every access check lives here.

A user holds :class:`~fellesskap.registry.models.RoleGrant` rows: a role, a
scope (some prisons, a region, or the whole country) and a validity period.
What a role allows is the data in :data:`ROLE_CAPABILITIES`; which scopes a
role may be granted is :data:`ROLE_SCOPES`. docs/access.md is the same table
in prose; ``test_access_matrix`` fails if the two drift apart.

A person *belongs to* a prison at an instant when they have a (not withdrawn)
stay there that is ongoing, or that ended less than :data:`ACCESS_AFTER_RELEASE`
earlier, so that staff can finish the paperwork after a release or transfer;
a registered person with no stay yet belongs to the prison that registered
them. A capability over a person is a capability over a prison the person
belongs to. A person outside a user's prisons is answered with 404, never 403,
so that a user cannot learn that the person is held elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesskap.registry import roles as R
from fellesskap.registry.models import Person, Prison, RoleGrant, Stay
from fellesskap.registry.request_scope import remembered

# --- capabilities --------------------------------------------------------------------------------

VIEW_PERSON = "view_person"  # see persons, stays, placements and status in scope
VIEW_SENSITIVE = "view_sensitive"  # see the flags pregnant / infant / mental illness / disability
EDIT_REGISTRY = "edit_registry"  # register, admit, transfer, release, place, change status, correct
EDIT_SENSITIVE = "edit_sensitive"  # set or clear the sensitive flags
WITHDRAW = "withdraw"  # withdraw (soft-delete) a person or stay registered in error
VIEW_AUDIT = "view_audit"  # search and export the audit trail of the prisons in scope
MANAGE_REFERENCE = "manage_reference"  # prisons, units, cells and role grants
# Isolation records (the records app): what may be registered and decided.
RECORD_ISOLATION = "record_isolation"  # sessions, supervision checks, incidents, acute coercive means, drafts
DECIDE_ISOLATION = "decide_isolation"  # put exclusions in force, renew, end; appeals; lock-ins; corrections
REVIEW_REGION = "review_region"  # record a review at region level

CAPABILITIES = (VIEW_PERSON, VIEW_SENSITIVE, EDIT_REGISTRY, EDIT_SENSITIVE, WITHDRAW, VIEW_AUDIT, MANAGE_REFERENCE,
                RECORD_ISOLATION, DECIDE_ISOLATION, REVIEW_REGION)

# The role matrix. Least privilege: analysts work on statistics only and see
# no person; administrators run the system but see no person either.
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    R.OFFICER: frozenset({VIEW_PERSON, EDIT_REGISTRY, RECORD_ISOLATION}),
    R.UNIT_LEADER: frozenset({VIEW_PERSON, VIEW_SENSITIVE, EDIT_REGISTRY, EDIT_SENSITIVE, RECORD_ISOLATION,
                              DECIDE_ISOLATION, REVIEW_REGION}),
    R.PRISON_LEADER: frozenset({VIEW_PERSON, VIEW_SENSITIVE, EDIT_REGISTRY, EDIT_SENSITIVE, WITHDRAW, VIEW_AUDIT,
                                RECORD_ISOLATION, DECIDE_ISOLATION, REVIEW_REGION}),
    R.HEALTH_STAFF: frozenset({VIEW_PERSON, VIEW_SENSITIVE, EDIT_SENSITIVE, RECORD_ISOLATION}),
    R.REGION_ADVISOR: frozenset({VIEW_PERSON, VIEW_AUDIT, REVIEW_REGION}),
    R.DIRECTORATE_ANALYST: frozenset(),
    R.SUPERVISORY_BOARD_MEMBER: frozenset({VIEW_PERSON}),
    R.INSPECTOR: frozenset({VIEW_PERSON}),
    R.ADMINISTRATOR: frozenset({VIEW_AUDIT, MANAGE_REFERENCE}),
}

PRISONS, REGION, NATIONAL = RoleGrant.Scope.PRISONS, RoleGrant.Scope.REGION, RoleGrant.Scope.NATIONAL

# Which scopes each role may be granted over.
ROLE_SCOPES: dict[str, frozenset[str]] = {
    R.OFFICER: frozenset({PRISONS}),
    R.UNIT_LEADER: frozenset({PRISONS}),
    R.PRISON_LEADER: frozenset({PRISONS}),
    R.HEALTH_STAFF: frozenset({PRISONS}),
    R.REGION_ADVISOR: frozenset({REGION}),
    R.DIRECTORATE_ANALYST: frozenset({NATIONAL}),
    R.SUPERVISORY_BOARD_MEMBER: frozenset({PRISONS}),
    R.INSPECTOR: frozenset({PRISONS, REGION, NATIONAL}),
    R.ADMINISTRATOR: frozenset({PRISONS, REGION, NATIONAL}),
}

# Roles whose grant must have an end (valid_to).
TIME_LIMITED_ROLES = frozenset({R.INSPECTOR})

ACCESS_AFTER_RELEASE = timedelta(days=30)


# --- grants --------------------------------------------------------------------------------------


def validate_grant(*, role: str, scope: str, prison_ids, region, valid_from: datetime | None,
                   valid_to: datetime | None) -> None:
    """Raises ValidationError (by field) if a grant would be malformed."""
    errors: dict[str, list[str]] = {}
    if role not in ROLE_CAPABILITIES:
        errors.setdefault("role", []).append(_("Unknown role."))
    elif scope not in ROLE_SCOPES[role]:
        errors.setdefault("scope", []).append(_("This role cannot be granted with this scope."))
    if scope == PRISONS and not list(prison_ids or []):
        errors.setdefault("prisons", []).append(_("Choose at least one prison."))
    if scope == REGION and region is None:
        errors.setdefault("region", []).append(_("Choose a region."))
    if valid_from is None:
        errors.setdefault("valid_from", []).append(_("The grant must have a start."))
    if role in TIME_LIMITED_ROLES and valid_to is None:
        errors.setdefault("valid_to", []).append(_("An inspector's access must have an end date."))
    if valid_from is not None and valid_to is not None and valid_to <= valid_from:
        errors.setdefault("valid_to", []).append(_("The end must be after the start."))
    if errors:
        raise ValidationError(errors)


def active_grants(user, at: datetime | None = None) -> QuerySet[RoleGrant]:
    """Grants valid at ``at`` (default now); none for an anonymous or inactive user."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return RoleGrant.objects.none()
    at = at or timezone.now()
    return RoleGrant.objects.filter(user=user, valid_from__lte=at).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))


@dataclass(frozen=True, slots=True)
class HeldGrant:
    """A grant valid now, with the prisons its scope covers resolved: what every
    permission check needs, read once (see :func:`held_grants`)."""

    role: str
    scope: str
    region_id: int | None
    prison_ids: frozenset[int]


def _resolve(user, at: datetime) -> tuple[HeldGrant, ...]:
    grants = list(active_grants(user, at).prefetch_related("prisons"))
    if not grants:
        return ()
    prisons = list(Prison.objects.values_list("pk", "region_id")) if any(g.scope != PRISONS for g in grants) else []
    held = []
    for g in grants:
        if g.scope == NATIONAL:
            ids = frozenset(pk for pk, _region in prisons)
        elif g.scope == REGION:
            ids = frozenset(pk for pk, region in prisons if region == g.region_id)
        else:
            ids = frozenset(p.pk for p in g.prisons.all())
        held.append(HeldGrant(g.role, g.scope, g.region_id, ids))
    return tuple(held)


def held_grants(user, at: datetime | None = None) -> tuple[HeldGrant, ...]:
    """The user's grants valid at ``at`` (default now) with their prisons.

    For "now" the answer is read once per request (:mod:`.request_scope`):
    every check of a request asks the same question."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    if at is not None:
        return _resolve(user, at)
    return remembered(("held_grants", user.pk), lambda: _resolve(user, timezone.now()))


def prisons_with_roles(user, roles, at: datetime | None = None) -> frozenset[int]:
    """Primary keys of the prisons covered by the user's grants of any of ``roles``."""
    return frozenset().union(*(g.prison_ids for g in held_grants(user, at) if g.role in roles))


def holds_any_role(user, roles, at: datetime | None = None) -> bool:
    return any(g.role in roles for g in held_grants(user, at))


def active_roles(user, at: datetime | None = None) -> list[str]:
    """The codes of the roles a user holds now, sorted (recorded in the audit trail)."""
    return sorted({g.role for g in held_grants(user, at)})


def prisons_for(user, capability: str, at: datetime | None = None) -> frozenset[int]:
    """Primary keys of the prisons where the user holds ``capability`` at ``at``."""
    return frozenset().union(*(g.prison_ids for g in held_grants(user, at)
                               if capability in ROLE_CAPABILITIES.get(g.role, ())))


def has_capability(user, capability: str, at: datetime | None = None) -> bool:
    """Whether the user holds ``capability`` anywhere (for showing menus and screens)."""
    return any(capability in ROLE_CAPABILITIES.get(g.role, ()) for g in held_grants(user, at))


def may_in_prison(user, capability: str, prison: Prison, at: datetime | None = None) -> bool:
    return prison.pk in prisons_for(user, capability, at)


def visible_prisons(user, at: datetime | None = None) -> QuerySet[Prison]:
    """The prisons whose persons the user may see at ``at``."""
    return Prison.objects.filter(pk__in=prisons_for(user, VIEW_PERSON, at))


# --- persons -------------------------------------------------------------------------------------


def _persons_with(user, capability: str, at: datetime | None = None) -> QuerySet[Person]:
    at = at or timezone.now()
    prison_ids = prisons_for(user, capability, at)
    if not prison_ids:
        return Person.objects.none()
    recent = at - ACCESS_AFTER_RELEASE
    belongs = Q(
        # An admission may be registered up to a day ahead (actions.do_admit).
        stays__prison_id__in=prison_ids, stays__withdrawn_at__isnull=True, stays__start__lte=at + timedelta(days=1),
    ) & (Q(stays__end__isnull=True) | Q(stays__end__gt=recent))
    # A registered person with no stay yet belongs to the registering prison.
    unplaced = Q(registered_in_id__in=prison_ids) & ~Q(pk__in=Stay.objects.values("person_id"))
    return Person.objects.filter(pk__in=Person.objects.filter(belongs | unplaced).values("pk"))


def persons_visible_to(user, at: datetime | None = None) -> QuerySet[Person]:
    """Persons (not withdrawn) the user may see at ``at`` (default now)."""
    return _persons_with(user, VIEW_PERSON, at)


def can_view_person(user, person: Person, at: datetime | None = None) -> bool:
    return person.withdrawn_at is None and persons_visible_to(user, at).filter(pk=person.pk).exists()


def can_edit_person(user, person: Person, at: datetime | None = None) -> bool:
    """Register-level changes: admit, transfer, release, place, status, corrections."""
    return person.withdrawn_at is None and _persons_with(user, EDIT_REGISTRY, at).filter(pk=person.pk).exists()


def can_edit_sensitive_flags(user, person: Person, at: datetime | None = None) -> bool:
    return person.withdrawn_at is None and _persons_with(user, EDIT_SENSITIVE, at).filter(pk=person.pk).exists()


def can_withdraw_person(user, person: Person, at: datetime | None = None) -> bool:
    return person.withdrawn_at is None and _persons_with(user, WITHDRAW, at).filter(pk=person.pk).exists()


def can_see_sensitive_flags(user, person: Person | None = None, at: datetime | None = None) -> bool:
    """Health staff and leaders only; for a given person, only in a prison they belong to."""
    if person is None:
        return has_capability(user, VIEW_SENSITIVE, at)
    return _persons_with(user, VIEW_SENSITIVE, at).filter(pk=person.pk).exists()


def get_person_or_404(user, public_id, at: datetime | None = None) -> Person:
    """The person with this opaque id (UUID, or the numeric pk) if the user may
    see them; otherwise 404 (also for a person held in another prison, so that
    existence is not revealed)."""
    lookup = {"pk": public_id} if isinstance(public_id, int) else {"public_id": public_id}
    try:
        return persons_visible_to(user, at).get(**lookup)
    except (Person.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such person.") from None


# --- audit ---------------------------------------------------------------------------------------


def audit_scope(user, at: datetime | None = None) -> tuple[bool, frozenset[str]]:
    """(sees every event, prison codes whose events the user may see).

    Only a national-scope grant with ``view_audit`` sees events that concern no
    prison (log-ins, national lists)."""
    national = False
    ids: set[int] = set()
    for grant in held_grants(user, at):
        if VIEW_AUDIT in ROLE_CAPABILITIES.get(grant.role, ()):
            national = national or grant.scope == NATIONAL
            ids |= grant.prison_ids
    codes = frozenset(Prison.objects.filter(pk__in=ids).values_list("code", flat=True))
    return national, codes


def can_export_subject_access(user, person: Person, at: datetime | None = None) -> bool:
    """A subject access export (innsyn, GDPR art. 15) holds everything, the
    sensitive flags included, so it is for those who may see the person *and*
    answer for the prison's audit trail: prison leaders and region advisors."""
    return (can_view_person(user, person, at)
            and _persons_with(user, VIEW_AUDIT, at).filter(pk=person.pk).exists())


# --- header and dashboards -----------------------------------------------------------------------


def role_label(user, at: datetime | None = None) -> str | None:
    """The labels of the roles a user holds now, for the header (rolle), or None
    when they hold none (the header then says so)."""
    from fellesskap.registry.roles import ROLE_CHOICES

    held = set(active_roles(user, at)) if getattr(user, "pk", None) else set()
    labels = [str(label) for code, label in ROLE_CHOICES if code in held]
    return ", ".join(labels) or None


def prisons_for_roles(user, roles, at: datetime | None = None) -> frozenset[int]:
    """Primary keys of the prisons covered by the user's grants of any of
    ``roles`` (for screens given to a role rather than a capability, such as
    the leader, region and directorate dashboards)."""
    return prisons_with_roles(user, frozenset(roles), at)
