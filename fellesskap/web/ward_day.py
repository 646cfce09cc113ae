"""The ward board's registrations for several persons at once: association
for the ticked persons (one registration, fellesskap), and the normal day
confirmed from the unit's daily schedule (dagsorden) with its exceptions.

These are plain forms that work without JavaScript. Planned and actual stay
apart: the schedule is only read here; confirming makes actual sessions.
Opaque ids only in paths; every write goes through the records actions, which
audit it; a refused confirmation shows the officer's own input again, so that
nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from fellesskap.records import actions
from fellesskap.records import permissions as P
from fellesskap.records.models import DailyScheduleEntry, GroupSession
from fellesskap.registry.models import Person, Unit
from fellesskap.web import board
from fellesskap.web.ward import clicked_at, visible_unit


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return list(error.messages)


@login_required
@require_POST
def association_start(request, unit_id: int):
    """Association (fellesskap) for the ticked persons: one registration, one
    session per person. Only persons placed in the unit now may be ticked."""
    unit = visible_unit(request.user, unit_id)
    P.require(request.user, P.REGISTER, unit.prison)
    placed = {str(p.stay.person.public_id): p.stay.person for p in board.placements_now(unit, timezone.now())}
    ticked = request.POST.getlist("persons")
    if any(pid not in placed for pid in ticked):
        raise Http404
    # When the officer pressed (a press queued while the connection was down is sent later), and the
    # press's key: the same press sent twice is registered once.
    start = clicked_at(request, timezone.now()).replace(second=0, microsecond=0)
    key = (request.POST.get("key", "") or "")[:64] or None
    try:
        actions.do_start_group_session(actor=request.user, unit=unit, persons=[placed[pid] for pid in ticked],
                                       start=start, idempotency_key=key, request=request)
    except ValidationError as e:
        messages.error(request, " ".join(_errors(e)))
    else:
        messages.success(request, ngettext("Association started for %(n)d person.",
                                           "Association started for %(n)d persons.", len(ticked)) % {"n": len(ticked)})
    return redirect("web:ward_board", unit_id=unit.pk)


@login_required
@require_POST
def association_end(request, unit_id: int, group_id):
    """Stops an association for everybody still in it."""
    unit = visible_unit(request.user, unit_id)
    P.require(request.user, P.REGISTER, unit.prison)
    group = get_object_or_404(GroupSession, public_id=group_id, unit=unit)
    try:
        actions.do_end_group_session(actor=request.user, group=group, request=request)
    except ValidationError as e:
        messages.error(request, " ".join(_errors(e)))
    return redirect("web:ward_board", unit_id=unit.pk)


@dataclass
class PlannedCell:
    """One person × one planned block on the confirmation page, with what the
    officer entered (pre-filled from the schedule)."""

    person: Person
    entry: DailyScheduleEntry
    happened: bool
    start: str
    end: str

    @property
    def key(self) -> str:
        return f"{self.person.public_id}:{self.entry.public_id}"


def _parse_time(raw: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(raw.strip())
    except ValueError:
        return None


def _persons_on(unit: Unit, day: dt.date) -> list[Person]:
    noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    return [p.stay.person for p in board.placements_now(unit, noon)]


@login_required
@require_http_methods(["GET", "POST"])
def confirm_day(request, unit_id: int):
    """The normal day (dagsorden) pre-filled for every person: untick who was
    not out, change the times of who was out shorter, then confirm once."""
    unit = visible_unit(request.user, unit_id)
    P.require(request.user, P.REGISTER, unit.prison)
    raw_day = request.POST.get("date") or request.GET.get("date") or ""
    try:
        day = dt.date.fromisoformat(raw_day) if raw_day else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    if day > timezone.localdate():
        day = timezone.localdate()
    entries = actions.schedule_for(unit, day)
    persons = _persons_on(unit, day)
    posted = request.method == "POST"
    ticked = set(request.POST.getlist("happened"))
    rows = []
    for person in persons:
        cells = []
        for e in entries:
            c = PlannedCell(person, e, True, e.start_time.strftime("%H:%M"), e.end_time.strftime("%H:%M"))
            if posted:
                c.happened = c.key in ticked
                c.start = request.POST.get(f"start:{c.key}", c.start)
                c.end = request.POST.get(f"end:{c.key}", c.end)
            cells.append(c)
        rows.append((person, cells))
    result, errors = None, []
    if posted:
        exceptions, changed = [], {}
        for _person, cells in rows:
            for c in cells:
                if not c.happened:
                    exceptions.append((c.person.public_id, c.entry.public_id))
                    continue
                a, b = _parse_time(c.start), _parse_time(c.end)
                if a is None or b is None:
                    errors.append(_("%(name)s: enter the times as hours and minutes, e.g. 09:30.")
                                  % {"name": c.person.display_name})
                elif (a, b) != (c.entry.start_time, c.entry.end_time):
                    changed[(c.person.public_id, c.entry.public_id)] = (a, b)
        if not errors:
            try:
                result = actions.do_confirm_normal_day(
                    actor=request.user, unit=unit, day=day, exceptions=exceptions, changed=changed,
                    backdate_reason=request.POST.get("backdate_reason", ""), request=request)
            except ValidationError as e:
                errors = _errors(e)
    return render(request, "web/ward/day.html", {
        "unit": unit, "day": day, "entries": entries, "rows": rows, "result": result, "errors": errors,
        "backdate_reason": request.POST.get("backdate_reason", ""),
        "refused": [s for s in (result.skipped if result else []) if s[2].startswith("refused")],
    }, status=422 if errors else 200)

