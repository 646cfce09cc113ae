"""The alerts app's command layer: every write a person makes is one ``do_*`` here.

Each runs in one transaction, takes the acting user as ``actor=``, checks
access (:mod:`fellesskap.alerts.permissions`), validates with a message on the
field at fault, saves a new version of the deviation
(:mod:`fellesskap.registry.versioning`), adds a step to its handling log and
writes the audit event, all in the same transaction. Deviations are handled
by the leaders of the prison (unit and prison leaders); the rule packs of a
prison are set by administrators.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesskap.alerts import permissions as P
from fellesskap.alerts.models import Alert, Deviation, DeviationNote, PrisonRulePacks
from fellesskap.audit import trail
from fellesskap.registry import access
from fellesskap.registry.models import Prison
from fellesskap.registry.versioning import correct_versioned, create_versioned
from fellesskap.rules.pack import available_packs


def _invalid(field: str, message: str):
    raise ValidationError({field: [message]})


def _text(field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        _invalid(field, message)
    return value


def _require_handler(actor, prison: Prison) -> None:
    if prison.pk not in P.handling_prisons(actor):
        raise PermissionDenied(_("Only the leaders of this prison may handle its deviations."))


def _locked(deviation: Deviation) -> Deviation:
    return Deviation.all_objects.select_for_update().get(pk=deviation.pk)


def _step(deviation: Deviation, actor, kind: str, text: str, changes: dict, *, audit_action: str,
          request=None) -> Deviation:
    deviation = correct_versioned(deviation, changes, actor=actor, reason=text or kind)
    DeviationNote.objects.create(deviation=deviation, kind=kind, at=timezone.now(), by=actor, text=text)
    trail.record(actor=actor, action=audit_action, obj=deviation, person=deviation.person,
                 prison=deviation.prison.code, data={"step": kind, "version": deviation.version}, request=request)
    return deviation


@transaction.atomic
def do_create_deviation(*, actor, prison: Prison, kind: str, severity: str, description: str, date,
                        person=None, unit=None, request=None) -> Deviation:
    """A deviation a leader registers by hand (e.g. a unit lock-in the records do not show)."""
    _require_handler(actor, prison)
    if kind not in Deviation.Kind.values:
        _invalid("kind", _("Choose a kind of deviation."))
    if severity not in Deviation.Severity.values:
        _invalid("severity", _("Choose a severity."))
    description = _text("description", description, _("Describe the deviation."))
    if person is not None and not access.can_view_person(actor, person):
        _invalid("person", _("This person is not held in your prisons."))
    if unit is not None and unit.prison_id != prison.pk:
        _invalid("unit", _("The unit is not in this prison."))
    at = timezone.now()
    deviation = create_versioned(
        Deviation(kind=kind, severity=severity, prison=prison, person=person, unit=unit, description=description,
                  date=date, cause=f"manual:{at.isoformat()}", evidence={"source": "manual"}),
        actor=actor, reason=description)
    trail.record(actor=actor, action="create", obj=deviation, person=person, prison=prison.code,
                 data={"kind": kind, "source": "manual"}, request=request)
    return deviation


@transaction.atomic
def do_assign_deviation(*, actor, deviation: Deviation, assignee, request=None) -> Deviation:
    """Give the deviation to someone who works in that prison."""
    deviation = _locked(deviation)
    _require_handler(actor, deviation.prison)
    if assignee is None or deviation.prison_id not in access.prisons_for(assignee, access.VIEW_PERSON):
        _invalid("assigned_to", _("Choose someone who works in this prison."))
    return _step(deviation, actor, DeviationNote.Kind.ASSIGN, assignee.get_username(), {"assigned_to": assignee},
                 audit_action="correct", request=request)


@transaction.atomic
def do_comment_deviation(*, actor, deviation: Deviation, text: str, request=None) -> Deviation:
    deviation = _locked(deviation)
    _require_handler(actor, deviation.prison)
    text = _text("text", text, _("Write a comment."))
    return _step(deviation, actor, DeviationNote.Kind.COMMENT, text, {}, audit_action="correct", request=request)


@transaction.atomic
def do_record_measures(*, actor, deviation: Deviation, measures: str, request=None) -> Deviation:
    """What is done so that it does not happen again (tiltak)."""
    deviation = _locked(deviation)
    _require_handler(actor, deviation.prison)
    measures = _text("measures", measures, _("Describe the measures."))
    return _step(deviation, actor, DeviationNote.Kind.MEASURES, measures, {"measures": measures},
                 audit_action="correct", request=request)


@transaction.atomic
def do_close_deviation(*, actor, deviation: Deviation, reason: str, request=None) -> Deviation:
    """Close with a reason; a closed deviation can be reopened, never deleted."""
    deviation = _locked(deviation)
    _require_handler(actor, deviation.prison)
    if deviation.status == Deviation.Status.CLOSED:
        _invalid("reason", _("This deviation is already closed."))
    reason = _text("reason", reason, _("Give the reason for closing."))
    return _step(deviation, actor, DeviationNote.Kind.CLOSE, reason,
                 {"status": Deviation.Status.CLOSED, "closed_at": timezone.now(), "closed_by": actor,
                  "close_reason": reason}, audit_action="correct", request=request)


@transaction.atomic
def do_reopen_deviation(*, actor, deviation: Deviation, reason: str, request=None) -> Deviation:
    deviation = _locked(deviation)
    _require_handler(actor, deviation.prison)
    if deviation.status != Deviation.Status.CLOSED:
        _invalid("reason", _("This deviation is open."))
    reason = _text("reason", reason, _("Give the reason for reopening."))
    return _step(deviation, actor, DeviationNote.Kind.REOPEN, reason,
                 {"status": Deviation.Status.OPEN, "closed_at": None, "closed_by": None, "close_reason": ""},
                 audit_action="correct", request=request)


@transaction.atomic
def do_acknowledge_alert(*, actor, alert: Alert, request=None) -> Alert:
    """Someone has seen the alert and is acting on it (it stays until the deadline is met or missed)."""
    alert = Alert.objects.select_for_update().select_related("deadline__person", "prison").get(pk=alert.pk)
    if not P.visible_alerts(Alert.objects.filter(pk=alert.pk), actor).exists():
        raise PermissionDenied(_("You cannot acknowledge this alert."))
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = timezone.now(), actor
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        trail.record(actor=actor, action="correct", obj=("alerts.alert", alert.public_id),
                     person=alert.deadline.person, prison=alert.prison.code,
                     data={"step": "acknowledge", "rule": alert.deadline.rule}, request=request)
    return alert


@transaction.atomic
def do_set_prison_packs(*, actor, prison: Prison, packs: list[str], request=None) -> PrisonRulePacks:
    """Choose the rule packs of a prison (administrators). The law in force
    (no-current, mandela, and no-2026 once in force) always applies; the
    others are added for comparison."""
    if not P.may_manage_packs(actor):
        raise PermissionDenied(_("Only administrators choose the rule packs of a prison."))
    unknown = [p for p in packs if p not in available_packs()]
    if unknown:
        _invalid("packs", _("Unknown rule pack: %(packs)s.") % {"packs": ", ".join(unknown)})
    row, _created = PrisonRulePacks.objects.select_for_update().get_or_create(
        prison=prison, defaults={"updated_at": timezone.now(), "updated_by": actor})
    before = list(row.packs)
    row.packs, row.updated_at, row.updated_by = list(dict.fromkeys(packs)), timezone.now(), actor
    row.save()
    trail.record(actor=actor, action="correct", obj=("alerts.prisonrulepacks", prison.code), prison=prison.code,
                 data={"before": before, "after": row.packs}, request=request)
    return row
