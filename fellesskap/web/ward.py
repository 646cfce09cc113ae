"""The ward board (avdelingstavle) screens: choose a unit, see the board, poll
for changed rows, and register unlock and contact from a row.

Registration is safe against a stale board and a lost connection:

- every form says what the officer saw (``seen``: the open session's id, or
  empty) and what they want (``want``: open or closed). If someone else
  registered meanwhile, nothing is overwritten: the row comes back with the
  newer state and a notice (409).
- every form carries an idempotency key and the instant of the click
  (``clicked_at``, set by the page's script): a request sent again after a
  lost connection registers once, at the time the officer pressed the button.

Opaque ids only in paths; the board is audited as a list of the unit, a poll
only when it sends changed rows (otherwise the trail would grow by four events
a minute per open tablet while nothing is shown that was not shown before).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions
from fellesskap.records import permissions as P
from fellesskap.records.models import Category, Counterpart, GroupSession, TimeSession
from fellesskap.registry import access
from fellesskap.registry.models import Unit
from fellesskap.web import board
from fellesskap.web.labels import choices

POLL_SECONDS = 15
# A click older than this when it reaches the server is registered at arrival.
MAX_CLICK_AGE = timedelta(hours=12)
QUICK_CONTACT_KINDS = ("staff_conversation", "health", "chaplain", "volunteer", "education", "work", "programme",
                       "isolation_reducing", "visit", "video_visit")


def visible_unit(user, unit_id: int) -> Unit:
    """The unit if the user may see persons in its prison; 404 otherwise (also
    for another prison's unit, so that its existence is not revealed)."""
    unit = get_object_or_404(Unit.objects.select_related("prison"), pk=unit_id, active=True)
    if unit.prison_id not in access.prisons_for(user, access.VIEW_PERSON):
        raise Http404
    return unit


def _context(request, unit: Unit, rows, **extra) -> dict:
    contact_kinds = [(c, label) for c, label in choices("contact_kind") if c in QUICK_CONTACT_KINDS]
    can_register = P.may(request.user, P.REGISTER, unit.prison)
    if can_register and extra.pop("tools", False):
        extra["groups"] = list(GroupSession.objects.filter(unit=unit, end__isnull=True).order_by("start"))
        extra["schedule"] = actions.schedule_for(unit, timezone.localdate())
    return {"unit": unit, "rows": rows, "can_register": can_register,
            "poll_seconds": POLL_SECONDS, "now": timezone.now(), "contact_kinds": contact_kinds,
            "new_key": lambda: uuid.uuid4().hex, **extra}


@login_required
def ward_index(request):
    """The units the user may see; with only one, its board at once."""
    prison_ids = access.prisons_for(request.user, access.VIEW_PERSON)
    if not prison_ids:
        raise PermissionDenied
    units = list(Unit.objects.filter(prison_id__in=prison_ids, active=True).select_related("prison"))
    if len(units) == 1:
        return redirect("web:ward_board", unit_id=units[0].pk)
    return render(request, "web/ward/index.html", {"units": units})


@login_required
def ward_board(request, unit_id: int):
    unit = visible_unit(request.user, unit_id)
    rows = board.board_rows(unit)
    trail.record(actor=request.user, action=AuditEvent.Action.LIST, obj=("registry.unit", unit.pk), request=request,
                 prison=unit.prison.code, data={"screen": "ward_board", "rows": len(rows)})
    return render(request, "web/ward/board.html", _context(request, unit, rows, tools=True))


def _seen(request) -> dict[str, str]:
    seen = {}
    for item in request.POST.getlist("seen"):
        key, _sep, fp = item.partition(".")
        seen[key] = fp
    return seen


@login_required
@require_POST
def ward_rows(request, unit_id: int):
    """The poll: only the rows whose fingerprint differs from what the page
    holds (out-of-band swaps), or the whole list when persons came or went."""
    unit = visible_unit(request.user, unit_id)
    rows = board.board_rows(unit)
    seen = _seen(request)
    same_persons = list(seen) == [r.key for r in rows]
    changed = [r for r in rows if seen.get(r.key) != r.fingerprint]
    if changed or not same_persons:
        trail.record(actor=request.user, action=AuditEvent.Action.LIST, obj=("registry.unit", unit.pk),
                     request=request, prison=unit.prison.code,
                     data={"screen": "ward_board", "poll": True, "rows": len(changed) if same_persons else len(rows)})
    ctx = _context(request, unit, rows, changed=changed, whole=not same_persons)
    return render(request, "web/ward/_poll.html", ctx)


def clicked_at(request, now: datetime) -> datetime:
    """When the officer pressed the button (the page's script sends it), within
    reason; the server's clock otherwise."""
    raw = request.POST.get("clicked_at", "")
    try:
        at = datetime.fromtimestamp(int(raw) / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return now
    if at > now or now - at > MAX_CLICK_AGE:
        return now
    return at


def _open_session(person, what: str) -> TimeSession | None:
    qs = TimeSession.objects.filter(person=person, end__isnull=True)
    if what == "unlock":
        return qs.filter(category=Category.UNLOCK).first()
    return qs.filter(category=Category.CONTACT, group__isnull=True).first()


def register(request, unit: Unit, person, what: str) -> tuple[int, str]:
    """Carries out one registration from the board. Returns (HTTP status, notice)."""
    now = timezone.now()
    want = request.POST.get("want", "")
    seen = request.POST.get("seen", "")
    key = (request.POST.get("key", "") or "")[:64] or None
    at = clicked_at(request, now)
    current = _open_session(person, what)
    if want == "open":
        if key and TimeSession.all_objects.filter(idempotency_key=key, person=person).exists():
            return 200, ""  # sent again after a lost answer: registered once already
        if current is not None:
            return 409, _("Someone else registered this meanwhile; the board now shows the newer state. "
                          "Nothing was changed.")
        kwargs = {"category": Category.UNLOCK}
        if what == "contact":
            kwargs = {"category": Category.CONTACT, "kind": request.POST.get("kind", ""),
                      "counterpart": Counterpart.OFFICER if request.POST.get("kind") == "staff_conversation" else ""}
        actions.do_register_session(actor=request.user, person=person, start=at.replace(second=0, microsecond=0),
                                    idempotency_key=key, request=request, **kwargs)
        return 201, ""
    if want == "closed":
        if current is not None and str(current.public_id) == seen:
            end = at if at > current.start else now
            actions.do_close_session(actor=request.user, session=current, end=end, request=request)
            return 200, ""
        if current is None and seen and TimeSession.objects.filter(public_id=seen, end__isnull=False).exists():
            return 200, ""  # already closed (by this request sent twice, or by someone else): the wish holds
        return 409, _("Someone else registered this meanwhile; the board now shows the newer state. "
                      "Nothing was changed.")
    raise ValidationError({"want": _("Say whether to start or stop.")})


@login_required
@require_POST
def ward_register(request, unit_id: int, person_id, what: str):
    """Start or stop unlock (utlåsning) or contact for one person from the board."""
    if what not in ("unlock", "contact"):
        raise Http404
    unit = visible_unit(request.user, unit_id)
    person = access.get_person_or_404(request.user, person_id)
    if board.placed_in(unit, person) is None:
        raise Http404
    P.require(request.user, P.REGISTER, unit.prison)
    try:
        status, notice = register(request, unit, person, what)
        error = ""
    except ValidationError as e:
        status, notice = 422, ""
        error = " ".join(m for msgs in (e.message_dict.values() if hasattr(e, "error_dict") else [e.messages])
                         for m in msgs)
    if not request.headers.get("HX-Request"):
        if notice:
            messages.warning(request, notice)
        if error:
            messages.error(request, error)
        return redirect("web:ward_board", unit_id=unit.pk)
    placement = board.placed_in(unit, person)
    row = board.row_for(person, placement.cell if placement else None, timezone.now(), board.lock_in_ids(unit))
    html = render_to_string("web/ward/_row.html", {**_context(request, unit, [row]), "row": row, "notice": notice,
                                                   "error": error, "focus": what}, request=request)
    return HttpResponse(html, status=200 if status in (200, 201) else status)
