"""The oversight command layer: every write of this app is one ``do_*``
function here, in one transaction, with the acting user as ``actor=``, its
access check and its audit event (the records' writes stay in
:mod:`fellesskap.records.actions`)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.oversight import checklist
from fellesskap.oversight import permissions as P
from fellesskap.oversight.models import BoardAcknowledgement, Inspection, InspectionVersion
from fellesskap.records.models import SupervisoryBoardNotification
from fellesskap.registry.models import Prison

Action = AuditEvent.Action
MAX_PERIOD_DAYS = 366 * 2


def _require(actor, what: str, prison: Prison) -> None:
    if prison.pk not in P.prisons_where(actor, what):
        raise PermissionDenied(_("You do not have access to do this in this prison."))


@transaction.atomic
def do_acknowledge_notification(*, actor, notification: SupervisoryBoardNotification, comment: str = "",
                                request=None) -> BoardAcknowledgement:
    """The supervisory board has received the notice (once; a second is refused)."""
    _require(actor, P.ACKNOWLEDGE, notification.prison)
    notification = SupervisoryBoardNotification.objects.select_for_update().get(pk=notification.pk)
    if BoardAcknowledgement.objects.filter(notification=notification).exists():
        raise ValidationError({"incident": [_("This notification has already been acknowledged.")]})
    ack = BoardAcknowledgement.objects.create(notification=notification, acknowledged_at=timezone.now(),
                                              acknowledged_by=actor, comment=comment.strip())
    trail.record(actor=actor, action=Action.CORRECT, obj=notification.incident, person=notification.incident.person,
                 request=request, prison=notification.prison.code,
                 data={"command": "acknowledge_board_notification", "reason": notification.reason})
    return ack


def _check_period(first: date, last: date) -> None:
    if last < first:
        raise ValidationError({"period_end": [_("The period must end on or after its first day.")]})
    if (last - first).days > MAX_PERIOD_DAYS:
        raise ValidationError({"period_end": [_("An inspection period can be at most two years.")]})
    if first > timezone.localdate():
        raise ValidationError({"period_start": [_("The period cannot start in the future.")]})


@transaction.atomic
def do_start_inspection(*, actor, prison: Prison, period_start: date, period_end: date,
                        request=None) -> Inspection:
    """Opens an inspection and stores its first version: the checklist as the
    data answers it now, every item not yet assessed by the inspector."""
    _require(actor, P.INSPECT, prison)
    _check_period(period_start, period_end)
    now = timezone.now()
    inspection = Inspection.objects.create(prison=prison, period_start=period_start, period_end=period_end,
                                           created_at=now, created_by=actor)
    items = checklist.evaluate(prison, period_start, period_end, now)
    InspectionVersion.objects.create(inspection=inspection, number=1, made_at=now, made_by=actor,
                                     items=[checklist.stored(i) for i in items])
    trail.record(actor=actor, action=Action.CREATE, obj=inspection, request=request, prison=prison.code,
                 data={"command": "start_inspection", "period": [period_start.isoformat(), period_end.isoformat()]})
    return inspection


@transaction.atomic
def do_save_inspection(*, actor, inspection: Inspection, answers: dict[str, tuple[str, str]], summary: str = "",
                       refresh: bool = False, request=None) -> InspectionVersion:
    """Stores the inspector's answers as a new version; the versions before
    stay as they were. ``answers`` maps an item code to (answer, comment).
    ``refresh`` recomputes the automatic part from today's data, otherwise the
    data of the version before is kept, so the report says what was seen."""
    _require(actor, P.INSPECT, inspection.prison)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    previous = inspection.current
    now = timezone.now()
    if refresh or previous is None:
        items = [checklist.stored(i) for i in checklist.evaluate(inspection.prison, inspection.period_start,
                                                                  inspection.period_end, now)]
    else:
        items = [dict(i) for i in previous.items]
    errors = {}
    for item in items:
        answer, comment = answers.get(item["code"], (item.get("answer", checklist.NOT_ASSESSED),
                                                     item.get("comment", "")))
        if answer not in dict(checklist.ANSWERS):
            errors[f"answer_{item['code']}"] = [_("Choose an assessment.")]
            continue
        if answer in (checklist.NOT_MET, checklist.PARTLY) and not (comment or "").strip():
            errors[f"comment_{item['code']}"] = [_("Say what was found when an item is not or only partly met.")]
        item["answer"], item["comment"] = answer, (comment or "").strip()
    if errors:
        raise ValidationError(errors)
    version = InspectionVersion.objects.create(
        inspection=inspection, number=(previous.number + 1) if previous else 1, made_at=now, made_by=actor,
        items=items, summary=summary.strip())
    trail.record(actor=actor, action=Action.CORRECT, obj=inspection, request=request, prison=inspection.prison.code,
                 data={"command": "save_inspection", "version": version.number, "refreshed": refresh})
    return version
