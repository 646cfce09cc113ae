"""The records API, mounted under ``/api/v1/records/``.

Every write calls the same command in :mod:`fellesskap.records.actions` as the
screens, so validation, versioning, audit and access are the same. A refused
command answers 422 with one message per field,
``{"detail": [{"loc": ["body", field], "msg": ...}]}`` (the shape django-ninja
uses for malformed bodies); a missing right 403; a person (or a record of a
person) outside the caller's prisons 404, so that its existence is not revealed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from fellesskap.api.refusals import Refused, answer, error, expected_version, run
from fellesskap.records import actions, bridge, corrections, scenario_io
from fellesskap.records.models import (
    Appeal,
    CoerciveMeans,
    Exclusion,
    GroupSession,
    TimeSession,
    UnitLockIn,
    WeekPlan,
)
from fellesskap.registry import access, reading
from fellesskap.registry.models import Unit

router = Router(auth=django_auth, tags=["records"])


# --- schemas -------------------------------------------------------------------------------------


class ErrorItem(Schema):
    loc: list[str]
    msg: str


class ErrorOut(Schema):
    detail: list[ErrorItem]


_EV = ("The version of the record the client read (or send If-Match); a save from an older version is "
       "refused with 409 and the current version.")


class RecordOut(Schema):
    """Any record: its opaque id, type and version, and the fields it has."""

    id: uuid.UUID
    type: str
    version: int
    person: uuid.UUID | None = None
    state: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    at: dt.datetime | None = None
    backdated: bool | None = None
    renews: uuid.UUID | None = None
    short_days: list[int] | None = None
    sessions: list[uuid.UUID] | None = None


class Letter(Schema):
    facts: str = ""
    legal_basis: str = ""
    reasons: str = ""
    less_intrusive_measures: str = ""
    own_statement: str = ""
    statement_not_obtained_reason: str = ""
    appeal_information: str = ""
    appeal_deadline: dt.date | None = None
    archive_reference: str = ""


class ExclusionIn(Schema):
    person: uuid.UUID
    scope: str
    ground: str
    start: dt.datetime
    end: dt.datetime | None = None
    partial_from: str = ""
    renews: uuid.UUID | None = None
    decided_level: str = "prison"
    letter: Letter | None = None
    backdate_reason: str = ""


class TransitionIn(Schema):
    target: str
    at: dt.datetime | None = None
    reason: str = ""
    expected_version: int | None = Field(None, description=_EV)


class RenewIn(Schema):
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    ground: str | None = None
    letter: Letter | None = None
    put_in_force: bool = True
    backdate_reason: str = ""
    expected_version: int | None = Field(None, description=_EV)


class CorrectIn(Schema):
    changes: dict[str, Any]
    reason: str
    expected_version: int | None = Field(None, description=_EV)


class ReviewIn(Schema):
    subject: uuid.UUID
    at: dt.datetime
    level: str
    outcome: str
    reasons: str = ""
    backdate_reason: str = ""
    expected_version: int | None = Field(None, description="The version of the reviewed decision the reviewer read "
                                         "(or send If-Match); a decision changed since answers 409.")


class CoerciveIn(Schema):
    person: uuid.UUID
    kind: str
    reason: str
    start: dt.datetime
    end: dt.datetime | None = None
    reason_text: str = ""
    decided_level: str = "prison"
    renews: uuid.UUID | None = None
    backdate_reason: str = ""


class AtIn(Schema):
    at: dt.datetime | None = None
    expected_version: int | None = Field(None, description=_EV)


class SupervisionIn(Schema):
    subject: uuid.UUID
    at: dt.datetime
    observation: str = ""
    condition: str = ""
    health_called: bool = False
    backdate_reason: str = ""


class SessionIn(Schema):
    person: uuid.UUID
    category: str
    kind: str = ""
    counterpart: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    idempotency_key: str | None = None
    note: str = ""
    backdate_reason: str = ""


class CloseIn(Schema):
    end: dt.datetime | None = None
    expected_version: int | None = Field(None, description=_EV)


class GroupIn(Schema):
    unit: int
    persons: list[uuid.UUID]
    kind: str = "association"
    category: str = "contact"
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    backdate_reason: str = ""


class PlanItemIn(Schema):
    weekday: int
    kind: str
    start_time: dt.time
    end_time: dt.time


class WeekPlanIn(Schema):
    exclusion: uuid.UUID
    week_start: dt.date
    items: list[PlanItemIn]
    made_at: dt.datetime | None = None
    backdate_reason: str = ""


class IncidentIn(Schema):
    person: uuid.UUID
    kind: str
    at: dt.datetime
    serious: bool = False
    health_told_at: dt.datetime | None = None
    description: str = ""
    backdate_reason: str = ""


class AppealIn(Schema):
    subject: uuid.UUID
    lodged_at: dt.datetime
    lodged_by: str = ""
    grounds: str = ""


class AppealForwardIn(Schema):
    at: dt.datetime
    to: str = "region"


class AppealDecideIn(Schema):
    at: dt.datetime
    outcome: str
    level: str = "region"
    reasons: str = ""


class MeasureIn(Schema):
    person: uuid.UUID
    at: dt.datetime
    description: str
    offered_by: str
    response: str
    backdate_reason: str = ""


class WithdrawIn(Schema):
    reason: str
    expected_version: int | None = Field(None, description=_EV)


class VersionOut(Schema):
    """One version of a record: who, when, why and what it said."""

    version: int
    change: str
    at: dt.datetime
    actor: str
    reason: str
    snapshot: dict


class LockInIn(Schema):
    unit: int
    start: dt.datetime
    reason: str
    end: dt.datetime | None = None
    backdate_reason: str = ""


# --- helpers -------------------------------------------------------------------------------------


def _person(request, public_id, purpose: str):
    return reading.read_person(request.user, public_id, request=request, purpose=purpose)


def _record(request, model, public_id, purpose: str, field: str | None = None):
    """A person's record by opaque id, 404 unless the caller may see the person.
    With ``field`` (an id given in the body) an unknown id is a 422 on it."""
    record = model.objects.select_related("person").filter(public_id=public_id).first()
    if record is None:
        if field:
            raise Refused(422, error(field, _("No such record.")))
        raise Http404
    _person(request, record.person.public_id, purpose)
    return record


def _subject(request, public_id, purpose: str):
    for model in (Exclusion, CoerciveMeans):
        if model.objects.filter(public_id=public_id).exists():
            return _record(request, model, public_id, purpose)
    raise Refused(422, error("subject", _("No exclusion or coercive means with this id.")))


def _unit(request, pk: int) -> Unit:
    unit = Unit.objects.select_related("prison").filter(pk=pk).first()
    if unit is None or unit.prison_id not in access.prisons_for(request.user, access.VIEW_PERSON):
        raise Refused(422, error("unit", _("Unknown unit.")))
    return unit


def _out(record) -> dict:
    person = getattr(record, "person", None)
    renews = getattr(record, "renews", None)
    out = {
        "id": record.public_id, "type": record._meta.model_name, "version": record.version,
        "person": person.public_id if person is not None else None, "state": getattr(record, "state", None),
        "start": getattr(record, "start", None), "end": getattr(record, "end", None),
        "at": getattr(record, "at", None) or getattr(record, "made_at", None),
        "backdated": getattr(record, "backdated", None), "renews": renews.public_id if renews else None,
        "short_days": getattr(record, "short_days", None),
    }
    if isinstance(record, GroupSession):
        out["sessions"] = list(TimeSession.objects.filter(group=record).values_list("public_id", flat=True))
    return out


class ConflictOut(Schema):
    """A save from a stale version: nothing was saved; this is the record now."""

    detail: list[ErrorItem]
    current_version: int
    current: RecordOut | None = None


RESPONSES = {201: RecordOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}
OK = {200: RecordOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def _seen(request, payload) -> dict:
    """The ``expected_version`` keyword for a command, from the body or If-Match."""
    return {"expected_version": expected_version(request, payload.expected_version)}


# --- exclusions ----------------------------------------------------------------------------------


@router.post("/records/exclusions", response=RESPONSES, summary="Draft an exclusion (utelukkelse)")
@answer
def create_exclusion(request, payload: ExclusionIn):
    person = _person(request, payload.person, "create_exclusion")
    renews = _record(request, Exclusion, payload.renews, "renew", "renews") if payload.renews else None
    letter = payload.letter.dict() if payload.letter else {}
    exclusion = run(lambda: actions.do_create_exclusion(
        actor=request.user, person=person, scope=payload.scope, ground=payload.ground, start=payload.start,
        end=payload.end, partial_from=payload.partial_from, renews=renews, decided_level=payload.decided_level,
        letter={k: v for k, v in letter.items() if v not in ("", None)}, backdate_reason=payload.backdate_reason,
        request=request))
    return Status(201, _out(exclusion))


@router.get("/records/exclusions/{uuid:exclusion_id}", response=RecordOut, summary="An exclusion")
def get_exclusion(request, exclusion_id: uuid.UUID):
    return _out(_record(request, Exclusion, exclusion_id, "exclusion"))


@router.post("/records/exclusions/{uuid:exclusion_id}/transition", response=OK,
             summary="Put in force, end or revoke an exclusion")
@answer
def transition(request, exclusion_id: uuid.UUID, payload: TransitionIn):
    exclusion = _record(request, Exclusion, exclusion_id, "transition")
    exclusion = run(lambda: actions.do_transition(actor=request.user, exclusion=exclusion, target=payload.target,
                                                  at=payload.at, reason=payload.reason, request=request,
                                                  **_seen(request, payload)), current=_out)
    return Status(200, _out(exclusion))


@router.post("/records/exclusions/{uuid:exclusion_id}/renew", response=RESPONSES,
             summary="Renew an exclusion (a new decision linked to this one)")
@answer
def renew(request, exclusion_id: uuid.UUID, payload: RenewIn):
    previous = _record(request, Exclusion, exclusion_id, "renew")
    letter = payload.letter.dict() if payload.letter else {}
    renewal = run(lambda: actions.do_renew_exclusion(
        actor=request.user, previous=previous, start=payload.start, end=payload.end, ground=payload.ground,
        letter={k: v for k, v in letter.items() if v not in ("", None)}, put_in_force=payload.put_in_force,
        backdate_reason=payload.backdate_reason, request=request, **_seen(request, payload)), current=_out)
    return Status(201, _out(renewal))


@router.post("/records/exclusions/{uuid:exclusion_id}/correct", response=OK, summary="Correct an exclusion")
@answer
def correct_exclusion(request, exclusion_id: uuid.UUID, payload: CorrectIn):
    exclusion = _record(request, Exclusion, exclusion_id, "correct")
    changes = dict(payload.changes)
    for key in ("start", "end"):
        if isinstance(changes.get(key), str):
            try:
                changes[key] = dt.datetime.fromisoformat(changes[key])
            except ValueError:
                raise Refused(422, error(key, _("Enter a date and time."))) from None
    exclusion = run(lambda: actions.do_correct_exclusion(actor=request.user, exclusion=exclusion, changes=changes,
                                                         reason=payload.reason, request=request,
                                                         **_seen(request, payload)), current=_out)
    return Status(200, _out(exclusion))


# --- reviews, coercive means, supervision --------------------------------------------------------


@router.post("/records/reviews", response=RESPONSES, summary="Record a review (fortløpende vurdering)")
@answer
def record_review(request, payload: ReviewIn):
    subject = _subject(request, payload.subject, "review")
    review = run(lambda: actions.do_record_review(
        actor=request.user, subject=subject, at=payload.at, level=payload.level, outcome=payload.outcome,
        reasons=payload.reasons, backdate_reason=payload.backdate_reason, request=request,
        **_seen(request, payload)), current=_out)
    return Status(201, _out(review))


@router.post("/records/coercive-means", response=RESPONSES, summary="Register a coercive means (tvangsmiddel)")
@answer
def start_coercive_means(request, payload: CoerciveIn):
    person = _person(request, payload.person, "coercive_means")
    renews = _record(request, CoerciveMeans, payload.renews, "renew", "renews") if payload.renews else None
    means = run(lambda: actions.do_start_coercive_means(
        actor=request.user, person=person, kind=payload.kind, reason=payload.reason, start=payload.start,
        end=payload.end, reason_text=payload.reason_text, decided_level=payload.decided_level, renews=renews,
        backdate_reason=payload.backdate_reason, request=request))
    return Status(201, _out(means))


@router.post("/records/coercive-means/{uuid:means_id}/end", response=OK, summary="End a coercive means")
@answer
def end_coercive_means(request, means_id: uuid.UUID, payload: AtIn):
    means = _record(request, CoerciveMeans, means_id, "end_coercive_means")
    means = run(lambda: actions.do_end_coercive_means(actor=request.user, means=means, at=payload.at,
                                                      request=request, **_seen(request, payload)), current=_out)
    return Status(200, _out(means))


@router.post("/records/supervisions", response=RESPONSES, summary="Record a supervision check (tilsyn)")
@answer
def record_supervision(request, payload: SupervisionIn):
    subject = _subject(request, payload.subject, "supervision")
    check = run(lambda: actions.do_record_supervision(
        actor=request.user, subject=subject, at=payload.at, observation=payload.observation,
        condition=payload.condition, health_called=payload.health_called, backdate_reason=payload.backdate_reason,
        request=request))
    return Status(201, _out(check))


# --- time ----------------------------------------------------------------------------------------


@router.post("/records/sessions", response=RESPONSES,
             summary="Register a contact, outdoor or unlock session (without end: open it now)")
@answer
def register_session(request, payload: SessionIn):
    person = _person(request, payload.person, "session")
    session = run(lambda: actions.do_register_session(
        actor=request.user, person=person, category=payload.category, kind=payload.kind,
        counterpart=payload.counterpart, start=payload.start, end=payload.end,
        idempotency_key=payload.idempotency_key, note=payload.note, backdate_reason=payload.backdate_reason,
        request=request))
    return Status(201, _out(session))


@router.post("/records/sessions/{uuid:session_id}/close", response=OK, summary="Close an open session")
@answer
def close_session(request, session_id: uuid.UUID, payload: CloseIn):
    session = _record(request, TimeSession, session_id, "close_session")
    session = run(lambda: actions.do_close_session(actor=request.user, session=session, end=payload.end,
                                                   request=request, **_seen(request, payload)), current=_out)
    return Status(200, _out(session))


@router.post("/records/group-sessions", response=RESPONSES,
             summary="Start association (or an activity) for many persons at once")
@answer
def start_group(request, payload: GroupIn):
    unit = _unit(request, payload.unit)
    persons = [_person(request, p, "group_session") for p in payload.persons]
    group = run(lambda: actions.do_start_group_session(
        actor=request.user, unit=unit, persons=persons, kind=payload.kind, category=payload.category,
        start=payload.start, end=payload.end, backdate_reason=payload.backdate_reason, request=request))
    return Status(201, _out(group))


@router.post("/records/group-sessions/{uuid:group_id}/end", response=OK, summary="End a group session")
@answer
def end_group(request, group_id: uuid.UUID, payload: CloseIn):
    group = GroupSession.objects.filter(public_id=group_id).select_related("prison").first()
    if group is None or group.prison_id not in access.prisons_for(request.user, access.VIEW_PERSON):
        raise Http404
    group = run(lambda: actions.do_end_group_session(actor=request.user, group=group, end=payload.end,
                                                     request=request, **_seen(request, payload)), current=_out)
    return Status(200, _out(group))


# --- week plans, incidents, lock-ins -------------------------------------------------------------


@router.post("/records/week-plans", response=RESPONSES, summary="Make a week plan (ukeplan)")
@answer
def make_week_plan(request, payload: WeekPlanIn):
    exclusion = _record(request, Exclusion, payload.exclusion, "week_plan", "exclusion")
    plan = run(lambda: actions.do_make_week_plan(
        actor=request.user, exclusion=exclusion, week_start=payload.week_start,
        items=[i.dict() for i in payload.items], made_at=payload.made_at, backdate_reason=payload.backdate_reason,
        request=request))
    return Status(201, _out(plan))


@router.post("/records/incidents", response=RESPONSES, summary="Record an incident")
@answer
def record_incident(request, payload: IncidentIn):
    person = _person(request, payload.person, "incident")
    incident = run(lambda: actions.do_record_incident(
        actor=request.user, person=person, kind=payload.kind, at=payload.at, serious=payload.serious,
        health_told_at=payload.health_told_at, description=payload.description,
        backdate_reason=payload.backdate_reason, request=request))
    return Status(201, _out(incident))


@router.post("/records/unit-lock-ins", response=RESPONSES, summary="Lock in a whole unit")
@answer
def start_lock_in(request, payload: LockInIn):
    unit = _unit(request, payload.unit)
    lock_in = run(lambda: actions.do_start_unit_lock_in(
        actor=request.user, unit=unit, start=payload.start, end=payload.end, reason=payload.reason,
        backdate_reason=payload.backdate_reason, request=request))
    return Status(201, _out(lock_in))


@router.post("/records/unit-lock-ins/{uuid:lock_in_id}/end", response=OK, summary="End a unit lock-in")
@answer
def end_lock_in(request, lock_in_id: uuid.UUID, payload: AtIn):
    lock_in = UnitLockIn.objects.filter(public_id=lock_in_id).first()
    if lock_in is None or lock_in.prison_id not in access.prisons_for(request.user, access.VIEW_PERSON):
        raise Http404
    lock_in = run(lambda: actions.do_end_unit_lock_in(actor=request.user, lock_in=lock_in, at=payload.at,
                                                      request=request, **_seen(request, payload)), current=_out)
    return Status(200, _out(lock_in))


# --- appeals and isolation-reducing measures ---------------------------------------------------


def _appeal(request, appeal_id, purpose: str) -> Appeal:
    appeal = Appeal.objects.filter(public_id=appeal_id).first()
    if appeal is None:
        raise Http404
    _person(request, appeal.subject.person.public_id, purpose)
    return appeal


def _appeal_out(appeal: Appeal) -> dict:
    subject = appeal.subject
    return {"id": appeal.public_id, "type": "appeal", "version": appeal.version, "person": subject.person.public_id,
            "at": appeal.decided_at or appeal.forwarded_at or appeal.lodged_at, "state": appeal.outcome or (
                "forwarded" if appeal.forwarded_at else "lodged")}


@router.post("/records/appeals", response=RESPONSES,
             summary="Lodge an appeal (klage) against an exclusion or a coercive means")
@answer
def lodge_appeal(request, payload: AppealIn):
    subject = _subject(request, payload.subject, "appeal")
    kind = {"exclusion": subject} if isinstance(subject, Exclusion) else {"coercive_means": subject}
    appeal = run(lambda: actions.do_lodge_appeal(actor=request.user, lodged_at=payload.lodged_at,
                                                  lodged_by=payload.lodged_by, grounds=payload.grounds,
                                                  request=request, **kind))
    return Status(201, _appeal_out(appeal))


@router.post("/records/appeals/{uuid:appeal_id}/forward", response=OK,
             summary="Forward an appeal to the region or the directorate")
@answer
def forward_appeal(request, appeal_id: uuid.UUID, payload: AppealForwardIn):
    appeal = _appeal(request, appeal_id, "appeal_forward")
    appeal = run(lambda: actions.do_forward_appeal(actor=request.user, appeal=appeal, at=payload.at, to=payload.to,
                                                    request=request))
    return Status(200, _appeal_out(appeal))


@router.post("/records/appeals/{uuid:appeal_id}/decide", response=OK, summary="Record the decision on an appeal")
@answer
def decide_appeal(request, appeal_id: uuid.UUID, payload: AppealDecideIn):
    appeal = _appeal(request, appeal_id, "appeal_decide")
    appeal = run(lambda: actions.do_decide_appeal(actor=request.user, appeal=appeal, at=payload.at,
                                                   outcome=payload.outcome, level=payload.level,
                                                   reasons=payload.reasons, request=request))
    return Status(200, _appeal_out(appeal))


@router.post("/records/measures", response=RESPONSES,
             summary="Record an isolation-reducing measure offered (accepted or declined)")
@answer
def record_measure(request, payload: MeasureIn):
    person = _person(request, payload.person, "measure")
    measure = run(lambda: actions.do_record_measure(
        actor=request.user, person=person, at=payload.at, description=payload.description,
        offered_by=payload.offered_by, response=payload.response, backdate_reason=payload.backdate_reason,
        request=request))
    return Status(201, _out(measure))


# --- corrections, withdrawal and version history of any record ----------------------------------


def _any_record(request, record_id, purpose: str, *, withdrawn: bool = False):
    """A record of any kind by its opaque id (ids are unique across kinds),
    404 unless the caller may see it."""
    record = None
    for model, _label in corrections.KINDS.values():
        record = (model.all_objects if withdrawn else model.objects).filter(public_id=record_id).first()
        if record is not None:
            break
    if record is None:
        raise Http404
    prison, person = actions.owner(record)
    if person is not None:
        _person(request, person.public_id, purpose)
    elif prison.pk not in access.prisons_for(request.user, access.VIEW_PERSON):
        raise Http404
    return record, prison


def _parsed_changes(model, changes: dict) -> dict:
    """ISO strings to dates and instants for the model's date fields."""
    from django.db import models as djm

    out = dict(changes)
    for key, value in changes.items():
        try:
            field = model._meta.get_field(key)
        except Exception:  # noqa: BLE001 - an unknown field is refused by the command, by name
            continue
        if isinstance(value, str) and value:
            try:
                if isinstance(field, djm.DateTimeField):
                    out[key] = dt.datetime.fromisoformat(value)
                elif isinstance(field, djm.DateField):
                    out[key] = dt.date.fromisoformat(value)
            except ValueError:
                raise Refused(422, error(key, _("Enter a date and time."))) from None
    return out


@router.post("/records/corrections/{uuid:record_id}", response=OK,
             summary="Correct any record as a new version (a session, coercive means, review, supervision check, "
                     "measure, incident, lock-in, appeal or exclusion)")
@answer
def correct_record(request, record_id: uuid.UUID, payload: CorrectIn):
    record, _prison = _any_record(request, record_id, "correct")
    changes = _parsed_changes(type(record), payload.changes)
    if isinstance(record, Exclusion):
        record = run(lambda: actions.do_correct_exclusion(actor=request.user, exclusion=record, changes=changes,
                                                           reason=payload.reason, request=request,
                                                           **_seen(request, payload)))
    elif isinstance(record, WeekPlan):
        raise Refused(422, error("changes", _("A week plan is corrected by making a new one.")))
    else:
        record = run(lambda: actions.do_correct_record(actor=request.user, record=record, changes=changes,
                                                        reason=payload.reason, request=request,
                                                        **_seen(request, payload)))
    return Status(200, _appeal_out(record) if isinstance(record, Appeal) else _out(record))


@router.post("/records/corrections/{uuid:record_id}/withdraw", response=OK,
             summary="Delete (withdraw) a record registered in error; it is kept, marked, with the reason")
@answer
def withdraw_record(request, record_id: uuid.UUID, payload: WithdrawIn):
    record, _prison = _any_record(request, record_id, "withdraw")
    record = run(lambda: actions.do_withdraw_record(actor=request.user, record=record, reason=payload.reason,
                                                     request=request, **_seen(request, payload)))
    return Status(200, _appeal_out(record) if isinstance(record, Appeal) else _out(record))


@router.get("/records/corrections/{uuid:record_id}/history",
            response={200: list[VersionOut], 403: ErrorOut, 404: ErrorOut},
            summary="Every version of a record (leaders and auditors only)")
@answer
def record_history(request, record_id: uuid.UUID):
    record, prison = _any_record(request, record_id, "history", withdrawn=True)
    if not corrections.may_see_history(request.user, prison):
        raise Refused(403, error("", _("Only leaders and auditors see the version history.")))
    from fellesskap.audit import trail
    from fellesskap.audit.models import AuditEvent
    from fellesskap.registry.versioning import history

    versions = list(history(record).select_related("actor"))
    trail.record(actor=request.user, action=AuditEvent.Action.VIEW, obj=record, request=request, prison=prison.code,
                 data={"purpose": "version_history", "versions": len(versions)})
    return Status(200, [{"version": v.version, "change": v.change, "at": v.at, "actor": v.actor.get_username(),
                         "reason": v.reason, "snapshot": v.snapshot} for v in versions])


# --- the bridge, for checking --------------------------------------------------------------------


@router.get("/records/persons/{uuid:person_id}/scenario", response=dict,
            summary="A person's records as the ledger reads them (scenario format)")
def person_scenario(request, person_id: uuid.UUID):
    person = _person(request, person_id, "scenario")
    from zoneinfo import ZoneInfo

    return scenario_io.person_document(bridge.scenario_person(person, until=None), ZoneInfo(bridge.TIMEZONE))
