"""The registry's command layer: every write is one ``do_*`` function here.

Each function runs in one transaction, takes the acting user as ``actor=``,
checks access (:mod:`access`), validates (``ValidationError`` keyed by field,
messages through gettext so that they read in bokmål or English), saves a new
version (:mod:`versioning`) and writes the audit event in the same
transaction. Views and API handlers call these; they never save models.

Access failures on a record the actor can see raise ``PermissionDenied``;
callers look persons up with ``access.get_person_or_404`` first, so that a
person held elsewhere is a 404.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer

from fellesskap import vocabulary as voc
from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.ledgerstore import hooks as ledger_hooks
from fellesskap.registry import access
from fellesskap.registry.identity import synthetic_birth_date
from fellesskap.registry.models import (
    Cell,
    Person,
    Placement,
    Prison,
    Region,
    RoleGrant,
    StatusPeriod,
    Stay,
    Unit,
    User,
)
from fellesskap.registry.versioning import correct_versioned, create_versioned, withdraw_versioned

Action = AuditEvent.Action


# --- helpers -------------------------------------------------------------------------------------


def _invalid(field: str, message: str):
    raise ValidationError({field: [message]})


def _local(instant: datetime | None) -> str:
    """An instant as the user reads it (Oslo time, to the minute)."""
    if instant is None:
        return _("ongoing")
    return timezone.localtime(instant).strftime("%Y-%m-%d %H:%M")


def _require_aware(field: str, value) -> datetime:
    if not isinstance(value, datetime):
        _invalid(field, _("Enter a date and time."))
    if timezone.is_naive(value):
        _invalid(field, _("The time must include a time zone."))
    return value


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        _invalid("reason", _("Give a reason for the change."))
    return reason


def _require(actor, capability: str, prison: Prison) -> None:
    if not access.may_in_prison(actor, capability, prison):
        raise PermissionDenied(_("You do not have access to do this in this prison."))


def _lock_person(person: Person) -> Person:
    # Serialises commands on one person, so that two admissions cannot both
    # pass the overlap check.
    locked = Person.all_objects.select_for_update().get(pk=person.pk)
    if locked.withdrawn_at is not None:
        _invalid("person", _("This person has been withdrawn and cannot be changed."))
    return locked


def synthetic_numbers_allowed() -> bool:
    """Whether synthetic test numbers (month + 80) are accepted as identity numbers.

    ``settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS`` decides when set; unset (None)
    means yes under DEBUG or where a synthetic demo is loaded, so that the demo's
    persons can be corrected like any other, and no elsewhere. Production sets it
    false, so that a test number can never enter a real register.
    """
    allowed = getattr(settings, "ALLOW_SYNTHETIC_IDENTITY_NUMBERS", None)
    if allowed is not None:
        return bool(allowed)
    if settings.DEBUG:
        return True
    from django.apps import apps

    return apps.is_installed("fellesskap.demo") and apps.get_model("demo", "DemoDataset").objects.exists()


def _check_identity(identity_kind: str, national_id: str, alias: str, birth_date: date | None) -> tuple[str, str, date | None]:
    """Validates the identity fields together; returns (kind, national id, birth date)."""
    national_id = (national_id or "").replace(" ", "").replace("-", "")
    alias = (alias or "").strip()
    if identity_kind == Person.IdentityKind.UNKNOWN or (not identity_kind and not national_id):
        if national_id:
            _invalid("national_id", _("A person of unknown identity has no national identity number."))
        if not alias:
            _invalid("alias", _("A person of unknown identity needs an alias."))
        return Person.IdentityKind.UNKNOWN, "", birth_date
    if identity_kind and identity_kind not in Person.IdentityKind.values:
        _invalid("identity_kind", _("Unknown kind of identity."))
    if not national_id:
        _invalid("national_id", _("Enter the national identity number or D-number."))
    born = synthetic_birth_date(national_id)
    if born is not None:
        if not synthetic_numbers_allowed():
            _invalid("national_id", _("This is a synthetic test number (month + 80); test numbers are not "
                                      "accepted here (ALLOW_SYNTHETIC_IDENTITY_NUMBERS is off)."))
    else:
        try:
            national_id = fodselsnummer.validate(national_id)
            born = fodselsnummer.get_birth_date(national_id)
        except StdnumError:
            _invalid("national_id",
                     _("This is not a valid national identity number or D-number (check the digits)."))
    kind = Person.IdentityKind.DNR if int(national_id[0]) >= 4 else Person.IdentityKind.FNR
    if identity_kind and identity_kind != kind:
        _invalid("identity_kind", _("The number is a %(kind)s.") % {"kind": Person.IdentityKind(kind).label})
    if birth_date is not None and birth_date != born:
        _invalid("birth_date", _("The birth date does not agree with the national identity number (%(date)s).")
                 % {"date": born.isoformat()})
    return kind, national_id, born


def _check_sex(sex: str) -> None:
    if sex not in voc.SEX_CODES:
        _invalid("sex", _("Choose female, male or other."))


def _overlap_message(other: Stay) -> str:
    return _("This person already has a stay in %(prison)s from %(start)s to %(end)s that overlaps this one.") % {
        "prison": other.prison.name, "start": _local(other.start), "end": _local(other.end),
    }


def _check_no_overlap(person: Person, start: datetime, end: datetime | None, exclude: Stay | None = None) -> None:
    """Stays of one person must not overlap (half-open ``[start, end)``)."""
    others = Stay.objects.filter(person=person).filter(Q(end__isnull=True) | Q(end__gt=start))
    if end is not None:
        others = others.filter(start__lt=end)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    other = others.select_related("prison").order_by("start").first()
    if other is not None:
        _invalid("start", _overlap_message(other))


def _check_inside_stay(stay: Stay, start: datetime, end: datetime | None, field: str = "start") -> None:
    """A placement or status period must lie inside its stay."""
    if start < stay.start or (stay.end is not None and (start >= stay.end or end is None or end > stay.end)):
        _invalid(field, _("The period must lie inside the stay (%(start)s to %(end)s).")
                 % {"start": _local(stay.start), "end": _local(stay.end)})


def _check_order(start: datetime, end: datetime | None, field: str = "end") -> None:
    if end is not None and end <= start:
        _invalid(field, _("The end must be after the start."))


def _close_open(model, stay: Stay, at: datetime, *, actor, reason: str) -> None:
    """Ends the stay's open placement or status period at ``at``."""
    for row in model.objects.filter(stay=stay).filter(Q(end__isnull=True) | Q(end__gt=at)):
        if row.start >= at:
            _invalid("at", _("A later placement or status starts at %(start)s; correct that first.")
                     % {"start": _local(row.start)})
        correct_versioned(row, {"end": at}, actor=actor, reason=reason)


# --- persons -------------------------------------------------------------------------------------


@transaction.atomic
def do_register_person(*, actor, prison: Prison, sex: str, identity_kind: str = "", national_id: str = "",
                       alias: str = "", given_name: str = "", family_name: str = "",
                       birth_date: date | None = None, flags: dict | None = None, request=None) -> Person:
    """Registers a person (innsatt) in ``prison``; the person can then be admitted."""
    _require(actor, access.EDIT_REGISTRY, prison)
    kind, national_id, birth_date = _check_identity(identity_kind, national_id, alias, birth_date)
    _check_sex(sex)
    if national_id and Person.all_objects.filter(national_id=national_id).exists():
        _invalid("national_id", _("A person with this number is already registered."))
    flags = dict(flags or {})
    if any(flags.values()) and not access.may_in_prison(actor, access.EDIT_SENSITIVE, prison):
        raise PermissionDenied(_("You do not have access to set these flags."))
    unknown = set(flags) - set(Person.SENSITIVE_FLAGS)
    if unknown:
        _invalid("flags", _("Unknown flag: %(flag)s.") % {"flag": sorted(unknown)[0]})
    person = Person(
        identity_kind=kind, national_id=national_id or None, alias=alias.strip(), given_name=given_name.strip(),
        family_name=family_name.strip(), birth_date=birth_date, sex=sex, registered_in=prison,
        **{f: bool(v) for f, v in flags.items()},
    )
    create_versioned(person, actor=actor)
    trail.record(actor=actor, action=Action.CREATE, obj=person, person=person, request=request,
                 prison=prison.code, data={"command": "register_person", "identity_kind": kind})
    return person


CORRECTABLE_PERSON_FIELDS = ("identity_kind", "national_id", "alias", "given_name", "family_name", "birth_date", "sex")


@transaction.atomic
def do_correct_person(*, actor, person: Person, changes: dict, reason: str, request=None) -> Person:
    """Corrects identity fields as a new version; the old one stays in the history."""
    person = _lock_person(person)
    if not access.can_edit_person(actor, person):
        raise PermissionDenied(_("You do not have access to change this person."))
    reason = _require_reason(reason)
    unknown = set(changes) - set(CORRECTABLE_PERSON_FIELDS)
    if unknown:
        _invalid(sorted(unknown)[0], _("This field cannot be corrected here."))
    merged = {f: getattr(person, f) for f in CORRECTABLE_PERSON_FIELDS} | changes
    kind, national_id, birth_date = _check_identity(
        merged["identity_kind"] if "identity_kind" in changes or "national_id" not in changes else "",
        merged["national_id"] or "", merged["alias"], merged["birth_date"],
    )
    _check_sex(merged["sex"])
    if national_id and Person.all_objects.filter(national_id=national_id).exclude(pk=person.pk).exists():
        _invalid("national_id", _("A person with this number is already registered."))
    merged.update(identity_kind=kind, national_id=national_id or None, birth_date=birth_date)
    changed = sorted(f for f in CORRECTABLE_PERSON_FIELDS if merged[f] != getattr(person, f))
    if not changed:
        _invalid("changes", _("Nothing to correct: the values are the same."))
    correct_versioned(person, {f: merged[f] for f in changed}, actor=actor, reason=reason)
    trail.record(actor=actor, action=Action.CORRECT, obj=person, person=person, reason=reason, request=request,
                 data={"command": "correct_person", "fields": changed, "version": person.version})
    return person


@transaction.atomic
def do_set_sensitive_flags(*, actor, person: Person, flags: dict, reason: str, request=None) -> Person:
    """Sets or clears pregnant / infant / mental illness / disability."""
    person = _lock_person(person)
    if not access.can_edit_sensitive_flags(actor, person):
        raise PermissionDenied(_("You do not have access to set these flags."))
    reason = _require_reason(reason)
    unknown = set(flags) - set(Person.SENSITIVE_FLAGS)
    if unknown:
        _invalid("flags", _("Unknown flag: %(flag)s.") % {"flag": sorted(unknown)[0]})
    changes = {f: bool(v) for f, v in flags.items() if bool(v) != getattr(person, f)}
    if not changes:
        _invalid("flags", _("Nothing to correct: the values are the same."))
    correct_versioned(person, changes, actor=actor, reason=reason)
    # Which flags changed, not their values: the trail is read more widely than the flags.
    trail.record(actor=actor, action=Action.CORRECT, obj=person, person=person, reason=reason, request=request,
                 data={"command": "set_sensitive_flags", "fields": sorted(changes), "version": person.version})
    return person


@transaction.atomic
def do_withdraw_person(*, actor, person: Person, reason: str, request=None) -> Person:
    """Withdraws a person registered in error, with their stays; nothing is deleted."""
    person = _lock_person(person)
    if not access.can_withdraw_person(actor, person):
        raise PermissionDenied(_("You do not have access to withdraw this person."))
    reason = _require_reason(reason)
    for stay in Stay.objects.filter(person=person):
        _withdraw_stay(stay, actor=actor, reason=reason)
    withdraw_versioned(person, actor=actor, reason=reason)
    trail.record(actor=actor, action=Action.WITHDRAW, obj=person, person=person, reason=reason, request=request,
                 data={"command": "withdraw_person"})
    return person


# --- stays ---------------------------------------------------------------------------------------


@transaction.atomic
def do_admit(*, actor, person: Person, prison: Prison, start: datetime, arrival_reason: str, status: str,
             unit: Unit | None = None, cell: Cell | None = None, request=None,
             _transferred_from: Stay | None = None) -> Stay:
    """Admits a person to a prison: a new stay from ``start`` (ongoing), its
    first status period and, if given, its first placement."""
    person = _lock_person(person)
    _require(actor, access.EDIT_REGISTRY, prison)
    start = _require_aware("start", start)
    if arrival_reason not in Stay.Arrival.values:
        _invalid("arrival_reason", _("Choose a reason for the arrival."))
    if status not in voc.STATUS_CODES:
        _invalid("status", _("Choose remand, sentenced or preventive detention."))
    if not prison.active:
        _invalid("prison", _("This prison is not in use."))
    if start > timezone.now() + timedelta(days=1):
        _invalid("start", _("An admission cannot be registered ahead of time."))
    _check_no_overlap(person, start, None)
    _check_unit_and_cell(prison, unit, cell)
    stay = create_versioned(Stay(person=person, prison=prison, start=start, arrival_reason=arrival_reason,
                                 transferred_from=_transferred_from), actor=actor)
    create_versioned(StatusPeriod(stay=stay, status=status, start=start), actor=actor)
    if unit is not None:
        create_versioned(Placement(stay=stay, unit=unit, cell=cell, start=start), actor=actor)
    ledger_hooks.records_changed([person])  # custody changed: the whole stored ledger of the person
    trail.record(actor=actor, action=Action.CREATE, obj=stay, person=person, request=request,
                 data={"command": "admit", "start": start, "status": status, "arrival_reason": arrival_reason})
    return stay


def _check_unit_and_cell(prison: Prison, unit: Unit | None, cell: Cell | None) -> None:
    if unit is not None and unit.prison_id != prison.pk:
        _invalid("unit", _("This unit belongs to another prison."))
    if cell is not None and (unit is None or cell.unit_id != unit.pk):
        _invalid("cell", _("This cell is not in the chosen unit."))


def _end_stay(stay: Stay, at: datetime, release_reason: str, *, actor) -> Stay:
    if stay.end is not None:
        _invalid("stay", _("This stay has already ended."))
    at = _require_aware("at", at)
    _check_order(stay.start, at, "at")
    if release_reason not in Stay.Release.values:
        _invalid("release_reason", _("Choose a reason for the release."))
    why = f"end of stay: {release_reason}"
    _close_open(Placement, stay, at, actor=actor, reason=why)
    _close_open(StatusPeriod, stay, at, actor=actor, reason=why)
    return correct_versioned(stay, {"end": at, "release_reason": release_reason}, actor=actor, reason=why)


@transaction.atomic
def do_release(*, actor, stay: Stay, at: datetime, release_reason: str, request=None) -> Stay:
    """Ends a stay (løslatelse) at ``at``, closing its open placement and status."""
    _lock_person(stay.person)
    stay = Stay.objects.get(pk=stay.pk)
    _require(actor, access.EDIT_REGISTRY, stay.prison)
    _end_stay(stay, at, release_reason, actor=actor)
    ledger_hooks.records_changed([stay.person])  # custody changed: the whole stored ledger of the person
    trail.record(actor=actor, action=Action.CORRECT, obj=stay, person=stay.person, request=request,
                 data={"command": "release", "end": stay.end, "release_reason": release_reason})
    return stay


@transaction.atomic
def do_transfer(*, actor, stay: Stay, to_prison: Prison, at: datetime, unit: Unit | None = None,
                cell: Cell | None = None, request=None) -> Stay:
    """Moves a person to another prison (overføring): the stay ends at ``at``
    and a new one starts at the same instant, keeping the current status."""
    _lock_person(stay.person)
    stay = Stay.objects.get(pk=stay.pk)
    if not (access.may_in_prison(actor, access.EDIT_REGISTRY, stay.prison)
            or access.may_in_prison(actor, access.EDIT_REGISTRY, to_prison)):
        raise PermissionDenied(_("You do not have access to do this in this prison."))
    if to_prison.pk == stay.prison_id:
        _invalid("to_prison", _("Choose another prison than the one the person is in."))
    at = _require_aware("at", at)
    status = StatusPeriod.objects.filter(stay=stay, start__lte=at).filter(
        Q(end__isnull=True) | Q(end__gt=at)).first()
    if not to_prison.active:
        _invalid("to_prison", _("This prison is not in use."))
    _check_unit_and_cell(to_prison, unit, cell)
    _end_stay(stay, at, Stay.Release.TRANSFER, actor=actor)
    ledger_hooks.records_changed([stay.person])  # custody changed: the whole stored ledger of the person
    trail.record(actor=actor, action=Action.CORRECT, obj=stay, person=stay.person, request=request,
                 data={"command": "transfer_out", "end": at, "to": to_prison.code})
    new = create_versioned(Stay(person=stay.person, prison=to_prison, start=at, arrival_reason=Stay.Arrival.TRANSFER,
                                transferred_from=stay), actor=actor)
    create_versioned(StatusPeriod(stay=new, status=status.status if status else "remand", start=at), actor=actor)
    if unit is not None:
        create_versioned(Placement(stay=new, unit=unit, cell=cell, start=at), actor=actor)
    trail.record(actor=actor, action=Action.CREATE, obj=new, person=stay.person, request=request,
                 data={"command": "transfer_in", "start": at, "from": stay.prison.code})
    return new


@transaction.atomic
def do_change_status(*, actor, stay: Stay, status: str, at: datetime, request=None) -> StatusPeriod:
    """Changes custody status within a stay (e.g. remand → sentenced) from ``at``."""
    _lock_person(stay.person)
    stay = Stay.objects.get(pk=stay.pk)
    _require(actor, access.EDIT_REGISTRY, stay.prison)
    at = _require_aware("at", at)
    if status not in voc.STATUS_CODES:
        _invalid("status", _("Choose remand, sentenced or preventive detention."))
    _check_inside_stay(stay, at, stay.end, "at")
    current = StatusPeriod.objects.filter(stay=stay, start__lte=at).filter(Q(end__isnull=True) | Q(end__gt=at)).first()
    if current is not None and current.status == status:
        _invalid("status", _("The person already has this status."))
    _close_open(StatusPeriod, stay, at, actor=actor, reason=f"status changed to {status}")
    period = create_versioned(StatusPeriod(stay=stay, status=status, start=at, end=stay.end), actor=actor)
    ledger_hooks.records_changed([stay.person])  # custody changed: the whole stored ledger of the person
    trail.record(actor=actor, action=Action.CREATE, obj=period, person=stay.person, request=request,
                 data={"command": "change_status", "status": status, "start": at})
    return period


@transaction.atomic
def do_place_in_cell(*, actor, stay: Stay, unit: Unit, at: datetime, cell: Cell | None = None,
                     request=None) -> Placement:
    """Places the person in a unit (and cell) from ``at``, ending the previous placement."""
    _lock_person(stay.person)
    stay = Stay.objects.get(pk=stay.pk)
    _require(actor, access.EDIT_REGISTRY, stay.prison)
    at = _require_aware("at", at)
    _check_inside_stay(stay, at, stay.end, "at")
    _check_unit_and_cell(stay.prison, unit, cell)
    _close_open(Placement, stay, at, actor=actor, reason="moved")
    placement = create_versioned(Placement(stay=stay, unit=unit, cell=cell, start=at, end=stay.end), actor=actor)
    ledger_hooks.records_changed([stay.person])  # custody changed: the whole stored ledger of the person
    trail.record(actor=actor, action=Action.CREATE, obj=placement, person=stay.person, request=request,
                 data={"command": "place", "unit": unit.pk, "cell": cell.pk if cell else None, "start": at})
    return placement


@transaction.atomic
def do_correct_stay(*, actor, stay: Stay, changes: dict, reason: str, request=None) -> Stay:
    """Corrects a stay's start, end or reasons as a new version; placements and
    status periods must still lie inside it."""
    _lock_person(stay.person)
    stay = Stay.objects.get(pk=stay.pk)
    _require(actor, access.EDIT_REGISTRY, stay.prison)
    reason = _require_reason(reason)
    allowed = {"start", "end", "arrival_reason", "release_reason"}
    unknown = set(changes) - allowed
    if unknown:
        _invalid(sorted(unknown)[0], _("This field cannot be corrected here."))
    start = _require_aware("start", changes.get("start", stay.start))
    end = changes.get("end", stay.end)
    if end is not None:
        end = _require_aware("end", end)
    _check_order(start, end)
    if changes.get("arrival_reason", stay.arrival_reason) not in Stay.Arrival.values:
        _invalid("arrival_reason", _("Choose a reason for the arrival."))
    release_reason = changes.get("release_reason", stay.release_reason)
    if end is not None and release_reason not in Stay.Release.values:
        _invalid("release_reason", _("Choose a reason for the release."))
    _check_no_overlap(stay.person, start, end, exclude=stay)
    for model in (Placement, StatusPeriod):
        for row in model.objects.filter(stay=stay):
            if row.start < start:
                _invalid("start", _("A placement or status period starts before %(start)s; correct that first.")
                         % {"start": _local(start)})
            if end is not None and row.start >= end:
                _invalid("end", _("A later placement or status starts at %(start)s; correct that first.")
                         % {"start": _local(row.start)})
    correct_versioned(stay, changes, actor=actor, reason=reason)
    if end is not None:
        # Placements and status periods end with the stay.
        for model in (Placement, StatusPeriod):
            _close_open(model, stay, end, actor=actor, reason=reason)
    ledger_hooks.records_changed([stay.person])  # custody changed: the whole stored ledger of the person
    trail.record(actor=actor, action=Action.CORRECT, obj=stay, person=stay.person, reason=reason, request=request,
                 data={"command": "correct_stay", "fields": sorted(changes), "version": stay.version})
    return stay


def _withdraw_stay(stay: Stay, *, actor, reason: str) -> None:
    for model in (Placement, StatusPeriod):
        for row in model.objects.filter(stay=stay):
            withdraw_versioned(row, actor=actor, reason=reason)
    withdraw_versioned(stay, actor=actor, reason=reason)


@transaction.atomic
def do_withdraw_stay(*, actor, stay: Stay, reason: str, request=None) -> Stay:
    """Withdraws a stay registered in error (with its placements and status)."""
    _lock_person(stay.person)
    stay = Stay.objects.get(pk=stay.pk)
    _require(actor, access.WITHDRAW, stay.prison)
    reason = _require_reason(reason)
    _withdraw_stay(stay, actor=actor, reason=reason)
    ledger_hooks.records_changed([stay.person])  # custody changed: the whole stored ledger of the person
    trail.record(actor=actor, action=Action.WITHDRAW, obj=stay, person=stay.person, reason=reason, request=request,
                 data={"command": "withdraw_stay"})
    return stay


# --- reference data and grants -------------------------------------------------------------------


def _require_manager(actor) -> None:
    if not (getattr(actor, "is_superuser", False) or access.has_capability(actor, access.MANAGE_REFERENCE)):
        raise PermissionDenied(_("Only an administrator can do this."))


@transaction.atomic
def do_create_prison(*, actor, code: str, name: str, region: Region, security_level: str, capacity: int = 0,
                     holds: str = Prison.Holds.MEN) -> Prison:
    """Adds a prison (reference data)."""
    _require_manager(actor)
    if security_level not in voc.SECURITY_LEVEL_CODES:
        _invalid("security_level", _("Choose high, lower or halfway house."))
    if Prison.objects.filter(code=code).exists():
        _invalid("code", _("A prison with this code exists."))
    prison = Prison.objects.create(code=code, name=name, region=region, security_level=security_level,
                                   capacity=capacity, holds=holds)
    trail.record(actor=actor, action=Action.CREATE, obj=(prison._meta.label_lower, prison.pk), prison=code,
                 data={"command": "create_prison"})
    return prison


@transaction.atomic
def do_create_unit(*, actor, prison: Prison, name: str, kind: str = Unit.Kind.ORDINARY) -> Unit:
    """Adds a unit (avdeling) to a prison (reference data)."""
    _require_manager(actor)
    if kind not in Unit.Kind.values:
        _invalid("kind", _("Unknown kind of unit."))
    if not name.strip():
        _invalid("name", _("Give the unit a name."))
    if Unit.objects.filter(prison=prison, name=name.strip()).exists():
        _invalid("name", _("This prison already has a unit with this name."))
    unit = Unit.objects.create(prison=prison, name=name.strip(), kind=kind)
    trail.record(actor=actor, action=Action.CREATE, obj=(unit._meta.label_lower, unit.pk), prison=prison.code,
                 data={"command": "create_unit", "kind": kind})
    return unit


@transaction.atomic
def do_create_cell(*, actor, unit: Unit, number: str, kind: str = Cell.Kind.ORDINARY) -> Cell:
    """Adds a cell to a unit (reference data)."""
    _require_manager(actor)
    if kind not in Cell.Kind.values:
        _invalid("kind", _("Unknown kind of cell."))
    if not number.strip():
        _invalid("number", _("Give the cell a number."))
    if Cell.objects.filter(unit=unit, number=number.strip()).exists():
        _invalid("number", _("This unit already has a cell with this number."))
    cell = Cell.objects.create(unit=unit, number=number.strip(), kind=kind)
    trail.record(actor=actor, action=Action.CREATE, obj=(cell._meta.label_lower, cell.pk), prison=unit.prison.code,
                 data={"command": "create_cell", "kind": kind})
    return cell


@transaction.atomic
def do_grant_role(*, actor, user: User, role: str, scope: str = RoleGrant.Scope.PRISONS, prisons=(),
                  region: Region | None = None, valid_from: datetime | None = None,
                  valid_to: datetime | None = None, note: str = "") -> RoleGrant:
    """Gives a user a role over a scope for a period (an inspector's must end)."""
    _require_manager(actor)
    valid_from = valid_from or timezone.now()
    prisons = list(prisons)
    access.validate_grant(role=role, scope=scope, prison_ids=[p.pk for p in prisons], region=region,
                          valid_from=valid_from, valid_to=valid_to)
    grant = RoleGrant.objects.create(user=user, role=role, scope=scope, region=region if scope == "region" else None,
                                     valid_from=valid_from, valid_to=valid_to, granted_by=actor, note=note)
    if scope == RoleGrant.Scope.PRISONS:
        grant.prisons.set(prisons)
    trail.record(actor=actor, action=Action.GRANT, obj=(grant._meta.label_lower, grant.pk), prison="",
                 data={"user": user.pk, "role": role, "scope": scope, "prisons": sorted(p.code for p in prisons),
                       "region": region.code if region else None, "valid_from": valid_from, "valid_to": valid_to})
    return grant
