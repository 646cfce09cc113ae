"""Reading a person's data: the access check and the audit event in one place.

Every screen and API handler that shows a person's data goes through
:func:`read_person` (or :func:`read_stay`), so that no read escapes the audit
trail and a person outside the user's prisons is always a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.http import Http404

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.registry import access
from fellesskap.registry.models import Person, Placement, StatusPeriod, Stay


def read_person(user, public_id, *, request=None, purpose: str = "detail") -> Person:
    """The person if ``user`` may see them (else 404), with the read audited."""
    person = access.get_person_or_404(user, public_id)
    trail.record(actor=user, action=AuditEvent.Action.VIEW, obj=person, person=person, request=request,
                 data={"purpose": purpose})
    return person


def read_stay(user, public_id, *, request=None, purpose: str = "stay") -> Stay:
    """The stay if ``user`` may see its person (else 404), with the read audited."""
    try:
        stay = Stay.objects.select_related("person", "prison").get(public_id=public_id)
    except (Stay.DoesNotExist, ValueError):
        raise Http404("No such stay.") from None
    read_person(user, stay.person.public_id, request=request, purpose=purpose)
    return stay


@dataclass(frozen=True)
class StayView:
    """A stay with its placements and status periods, for screens and the API."""

    stay: Stay
    placements: list[Placement]
    status_periods: list[StatusPeriod]


def stays_of(person: Person) -> list[StayView]:
    stays = Stay.objects.filter(person=person).select_related("prison", "transferred_from__prison").order_by("start")
    return [
        StayView(
            stay=s,
            placements=list(Placement.objects.filter(stay=s).select_related("unit", "cell").order_by("start")),
            status_periods=list(StatusPeriod.objects.filter(stay=s).order_by("start")),
        )
        for s in stays
    ]


def held_at(user, instant: datetime) -> list[tuple[Person, Stay]]:
    """Persons visible to ``user`` held in one of the user's prisons at
    ``instant``, each with that stay, ordered by prison and name."""
    prison_ids = access.prisons_for(user, access.VIEW_PERSON)
    visible = access.persons_visible_to(user).values("pk")
    stays = (
        Stay.objects.filter(prison_id__in=prison_ids, person__in=visible, start__lte=instant)
        .filter(Q(end__isnull=True) | Q(end__gt=instant))
        .select_related("person", "prison")
        .order_by("prison__code", "person__family_name", "person__given_name", "person__alias")
    )
    return [(s.person, s) for s in stays]


def status_at(stay: Stay, instant: datetime) -> StatusPeriod | None:
    return StatusPeriod.objects.filter(stay=stay, start__lte=instant).filter(
        Q(end__isnull=True) | Q(end__gt=instant)).first()


def placement_at(stay: Stay, instant: datetime) -> Placement | None:
    return Placement.objects.filter(stay=stay, start__lte=instant).filter(
        Q(end__isnull=True) | Q(end__gt=instant)).select_related("unit", "cell").first()


def facts_at(stays: list[Stay], instant: datetime) -> dict[int, tuple[StatusPeriod | None, Placement | None]]:
    """Status and placement of each stay at ``instant``, in two queries (for lists)."""
    ids = [s.pk for s in stays]
    current = Q(start__lte=instant) & (Q(end__isnull=True) | Q(end__gt=instant))
    statuses = {p.stay_id: p for p in StatusPeriod.objects.filter(current, stay_id__in=ids)}
    placements = {p.stay_id: p for p in Placement.objects.filter(current, stay_id__in=ids).select_related("unit", "cell")}
    return {pk: (statuses.get(pk), placements.get(pk)) for pk in ids}
