"""The registry API (persons, stays, prisons), mounted under ``/api/v1/``.

Same access checks, validation and audit as the screens: reads go through
:mod:`reading`, writes through :mod:`actions`. A refused command answers 422
with one message per field: ``{"detail": [{"loc": ["body", field], "msg": ...}]}``
(the shape django-ninja uses for malformed bodies); a person outside the
caller's prisons is 404.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import django_auth

from fellesskap.api.refusals import Refused, answer, error, run
from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.registry import access, actions, reading
from fellesskap.registry.models import Person, Prison, Stay, Unit

try:  # django-ninja >= 1.5 wants Status(...) instead of a (status, body) tuple
    from ninja import Status
except ImportError:  # pragma: no cover - older django-ninja
    def Status(code, body):  # noqa: N802 - stands in for the class
        return code, body

router = Router(auth=django_auth, tags=["registry"])


class ErrorItem(Schema):
    loc: list[str]
    msg: str


class ErrorOut(Schema):
    detail: list[ErrorItem]


class PrisonOut(Schema):
    code: str
    name: str
    region: str
    security_level: str
    capacity: int
    holds: str
    active: bool


class PeriodOut(Schema):
    id: uuid.UUID
    start: dt.datetime
    end: dt.datetime | None


class StatusOut(PeriodOut):
    status: str


class PlacementOut(PeriodOut):
    unit: str
    cell: str | None


class StayOut(PeriodOut):
    person: uuid.UUID
    prison: str
    arrival_reason: str
    release_reason: str
    version: int
    status_periods: list[StatusOut]
    placements: list[PlacementOut]


class PersonSummary(Schema):
    id: uuid.UUID
    name: str
    prison: str
    stay: uuid.UUID
    status: str | None


class PersonOut(Schema):
    id: uuid.UUID
    identity_kind: str
    national_id: str | None
    alias: str
    given_name: str
    family_name: str
    birth_date: dt.date | None
    sex: str
    version: int
    flags: dict[str, bool] | None = None
    stays: list[StayOut]


class RegisterIn(Schema):
    prison: str
    sex: str
    identity_kind: str = ""
    national_id: str = ""
    alias: str = ""
    given_name: str = ""
    family_name: str = ""
    birth_date: dt.date | None = None


class AdmitIn(Schema):
    prison: str
    start: dt.datetime
    arrival_reason: str
    status: str
    unit: int | None = None


class TransferIn(Schema):
    to_prison: str
    at: dt.datetime
    unit: int | None = None


class ReleaseIn(Schema):
    at: dt.datetime
    release_reason: str


class StatusIn(Schema):
    status: str
    at: dt.datetime


class PlacementIn(Schema):
    unit: int
    cell: int | None = None
    at: dt.datetime


class PersonCorrectionIn(Schema):
    """Only the fields to change; ``reason`` is required."""

    reason: str
    identity_kind: str | None = None
    national_id: str | None = None
    alias: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None


class FlagsIn(Schema):
    reason: str
    pregnant: bool | None = None
    infant: bool | None = None
    mental_illness: bool | None = None
    disability: bool | None = None


class WithdrawIn(Schema):
    reason: str


# --- helpers -------------------------------------------------------------------------------------


def _prison(code: str, field: str) -> Prison:
    prison = Prison.objects.filter(code=code).first()
    if prison is None:
        raise Refused(422, error(field, _("Unknown prison code.")))
    return prison


def _unit(pk: int | None, field: str = "unit") -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise Refused(422, error(field, _("Unknown unit.")))
    return unit


def _cell(pk: int | None, field: str = "cell"):
    from fellesskap.registry.models import Cell

    if pk is None:
        return None
    cell = Cell.objects.filter(pk=pk).first()
    if cell is None:
        raise Refused(422, error(field, _("Unknown cell.")))
    return cell


def _stay_out(item: reading.StayView) -> dict:
    s = item.stay
    return {
        "id": s.public_id, "start": s.start, "end": s.end, "person": s.person.public_id, "prison": s.prison.code,
        "arrival_reason": s.arrival_reason, "release_reason": s.release_reason, "version": s.version,
        "status_periods": [{"id": p.public_id, "start": p.start, "end": p.end, "status": p.status}
                           for p in item.status_periods],
        "placements": [{"id": p.public_id, "start": p.start, "end": p.end, "unit": p.unit.name,
                        "cell": p.cell.number if p.cell else None} for p in item.placements],
    }


def _one_stay(stay: Stay) -> dict:
    return next(_stay_out(v) for v in reading.stays_of(stay.person) if v.stay.pk == stay.pk)


def _person_out(user, person: Person) -> dict:
    flags = None
    if access.can_see_sensitive_flags(user, person):
        flags = {f: getattr(person, f) for f in Person.SENSITIVE_FLAGS}
    return {
        "id": person.public_id, "identity_kind": person.identity_kind, "national_id": person.national_id,
        "alias": person.alias, "given_name": person.given_name, "family_name": person.family_name,
        "birth_date": person.birth_date, "sex": person.sex, "version": person.version, "flags": flags,
        "stays": [_stay_out(v) for v in reading.stays_of(person)],
    }


# --- endpoints -----------------------------------------------------------------------------------


@router.get("/prisons", response=list[PrisonOut], summary="Prisons (reference data)")
def list_prisons(request):
    return [
        {"code": p.code, "name": p.name, "region": p.region.code, "security_level": p.security_level,
         "capacity": p.capacity, "holds": p.holds, "active": p.active}
        for p in Prison.objects.select_related("region").order_by("code")
    ]


@router.get("/persons", response={200: list[PersonSummary], 403: ErrorOut},
            summary="Persons held in the caller's prisons on a date")
@answer
def list_persons(request, date: dt.date | None = None):
    if not access.has_capability(request.user, access.VIEW_PERSON):
        raise Refused(403, error("", _("You do not have access to do this.")))
    today = timezone.localdate()
    instant = timezone.now() if date in (None, today) else timezone.make_aware(dt.datetime.combine(date, dt.time(12)))
    held = reading.held_at(request.user, instant)
    facts = reading.facts_at([stay for _, stay in held], instant)
    rows = [{"id": person.public_id, "name": person.display_name, "prison": stay.prison.code,
             "stay": stay.public_id, "status": facts[stay.pk][0].status if facts[stay.pk][0] else None}
            for person, stay in held]
    trail.record(actor=request.user, action=AuditEvent.Action.LIST, obj=("registry.person", ""), request=request,
                 prison="", data={"date": (date or today).isoformat(), "rows": len(rows)})
    return rows


@router.get("/persons/{uuid:person_id}", response=PersonOut, summary="A person with stays, placements and status")
def get_person(request, person_id: uuid.UUID):
    person = reading.read_person(request.user, person_id, request=request)
    return _person_out(request.user, person)


@router.post("/persons", response={201: PersonOut, 403: ErrorOut, 422: ErrorOut}, summary="Register a person")
@answer
def register_person(request, payload: RegisterIn):
    prison = _prison(payload.prison, "prison")
    data = payload.dict(exclude={"prison"})
    person = run(lambda: actions.do_register_person(actor=request.user, prison=prison, request=request, **data))
    return Status(201, _person_out(request.user, person))


@router.post("/persons/{uuid:person_id}/stays", response={201: StayOut, 403: ErrorOut, 422: ErrorOut},
             summary="Admit a person (a new stay)")
@answer
def admit(request, person_id: uuid.UUID, payload: AdmitIn):
    person = reading.read_person(request.user, person_id, request=request, purpose="admit")
    prison = _prison(payload.prison, "prison")
    unit = _unit(payload.unit)
    stay = run(lambda: actions.do_admit(actor=request.user, person=person, prison=prison, start=payload.start,
                                         arrival_reason=payload.arrival_reason, status=payload.status, unit=unit,
                                         request=request))
    return Status(201, _one_stay(stay))


@router.get("/stays/{uuid:stay_id}", response=StayOut, summary="A stay")
def get_stay(request, stay_id: uuid.UUID):
    return _one_stay(reading.read_stay(request.user, stay_id, request=request))


@router.post("/stays/{uuid:stay_id}/transfer", response={201: StayOut, 403: ErrorOut, 422: ErrorOut},
             summary="Transfer to another prison (ends this stay, starts the next)")
@answer
def transfer(request, stay_id: uuid.UUID, payload: TransferIn):
    stay = reading.read_stay(request.user, stay_id, request=request, purpose="transfer")
    to_prison = _prison(payload.to_prison, "to_prison")
    unit = _unit(payload.unit)
    new = run(lambda: actions.do_transfer(actor=request.user, stay=stay, to_prison=to_prison, at=payload.at,
                                           unit=unit, request=request))
    return Status(201, _one_stay(new))


@router.post("/stays/{uuid:stay_id}/release", response={200: StayOut, 403: ErrorOut, 422: ErrorOut},
             summary="Release (ends the stay)")
@answer
def release(request, stay_id: uuid.UUID, payload: ReleaseIn):
    stay = reading.read_stay(request.user, stay_id, request=request, purpose="release")
    stay = run(lambda: actions.do_release(actor=request.user, stay=stay, at=payload.at,
                                           release_reason=payload.release_reason, request=request))
    return Status(200, _one_stay(stay))


@router.post("/stays/{uuid:stay_id}/status", response={201: StayOut, 403: ErrorOut, 422: ErrorOut},
             summary="Change custody status from an instant (e.g. remand to sentenced)")
@answer
def change_status(request, stay_id: uuid.UUID, payload: StatusIn):
    stay = reading.read_stay(request.user, stay_id, request=request, purpose="change_status")
    run(lambda: actions.do_change_status(actor=request.user, stay=stay, status=payload.status, at=payload.at,
                                          request=request))
    return Status(201, _one_stay(stay))


@router.post("/stays/{uuid:stay_id}/placements", response={201: StayOut, 403: ErrorOut, 422: ErrorOut},
             summary="Place in a unit (and cell) from an instant")
@answer
def place(request, stay_id: uuid.UUID, payload: PlacementIn):
    stay = reading.read_stay(request.user, stay_id, request=request, purpose="place")
    unit, cell = _unit(payload.unit), _cell(payload.cell)
    run(lambda: actions.do_place_in_cell(actor=request.user, stay=stay, unit=unit, cell=cell, at=payload.at,
                                          request=request))
    return Status(201, _one_stay(stay))


@router.post("/stays/{uuid:stay_id}/withdraw", response={200: ErrorOut, 403: ErrorOut, 422: ErrorOut},
             summary="Withdraw a stay registered in error")
@answer
def withdraw_stay(request, stay_id: uuid.UUID, payload: WithdrawIn):
    stay = reading.read_stay(request.user, stay_id, request=request, purpose="withdraw")
    run(lambda: actions.do_withdraw_stay(actor=request.user, stay=stay, reason=payload.reason, request=request))
    return Status(200, {"detail": []})


@router.post("/persons/{uuid:person_id}/corrections", response={200: PersonOut, 403: ErrorOut, 422: ErrorOut},
             summary="Correct a person's identity fields (a new version, with a reason)")
@answer
def correct_person(request, person_id: uuid.UUID, payload: PersonCorrectionIn):
    person = reading.read_person(request.user, person_id, request=request, purpose="correct")
    changes = payload.dict(exclude={"reason"}, exclude_none=True)
    person = run(lambda: actions.do_correct_person(actor=request.user, person=person, changes=changes,
                                                    reason=payload.reason, request=request))
    return Status(200, _person_out(request.user, person))


@router.post("/persons/{uuid:person_id}/flags", response={200: PersonOut, 403: ErrorOut, 422: ErrorOut},
             summary="Set or clear the sensitive flags (health staff and leaders)")
@answer
def set_flags(request, person_id: uuid.UUID, payload: FlagsIn):
    person = reading.read_person(request.user, person_id, request=request, purpose="flags")
    flags = payload.dict(exclude={"reason"}, exclude_none=True)
    person = run(lambda: actions.do_set_sensitive_flags(actor=request.user, person=person, flags=flags,
                                                         reason=payload.reason, request=request))
    return Status(200, _person_out(request.user, person))


@router.post("/persons/{uuid:person_id}/withdraw", response={200: ErrorOut, 403: ErrorOut, 422: ErrorOut},
             summary="Withdraw a person registered in error (with their stays)")
@answer
def withdraw_person(request, person_id: uuid.UUID, payload: WithdrawIn):
    person = reading.read_person(request.user, person_id, request=request, purpose="withdraw")
    run(lambda: actions.do_withdraw_person(actor=request.user, person=person, reason=payload.reason,
                                            request=request))
    return Status(200, {"detail": []})
