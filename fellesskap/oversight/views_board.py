"""The supervisory board's and the inspectors' screens: read-only over their
prisons — the exclusion register, the notifications to the board, the
deviations — each with a CSV export. The board acknowledges notifications.

Every list is one audit event naming the persons shown; exports are export
events. A prison outside the user's grants is a 404 (:mod:`scope`).
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fellesskap.alerts.export import write_csv as write_deviations_csv
from fellesskap.alerts.models import Deviation
from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.oversight import actions, notify, scope
from fellesskap.oversight import permissions as P
from fellesskap.oversight.forms import AcknowledgeForm
from fellesskap.oversight.models import Inspection
from fellesskap.oversight.register import period_bounds, register_rows, write_csv
from fellesskap.records.models import SupervisoryBoardNotification

DEFAULT_DAYS = 90
Action = AuditEvent.Action


def _period(request) -> tuple[date, date]:
    """``?from=&to=`` as local dates; the last 90 days when not given or unreadable."""
    today = timezone.localdate()
    try:
        last = date.fromisoformat(request.GET["to"]) if request.GET.get("to") else today
        first = date.fromisoformat(request.GET["from"]) if request.GET.get("from") else last - timedelta(DEFAULT_DAYS)
    except ValueError:
        messages.error(request, _("A date could not be read; the last 90 days are shown."))
        first, last = today - timedelta(DEFAULT_DAYS), today
    if last < first:
        first, last = last, first
    return first, last


def _list_event(request, what: str, prison, persons, **data) -> None:
    trail.record(actor=request.user, action=Action.LIST, obj=(f"oversight.{what}", ""), prison=prison.code,
                 request=request, data={"screen": what, "persons": sorted({str(p) for p in persons}), **data})


def _export_event(request, what: str, prison, rows: int, **data) -> None:
    trail.record(actor=request.user, action=Action.EXPORT, obj=(f"oversight.{what}", ""), prison=prison.code,
                 request=request, data={"format": "csv", "rows": rows, **data})


def _csv(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def index(request):
    prison, prisons = scope.chosen(request, P.OVERSEE)
    notices = SupervisoryBoardNotification.objects.filter(prison=prison)
    context = {
        "prison": prison, "prisons": prisons,
        "unacknowledged": notices.filter(acknowledgement__isnull=True).count(),
        "notifications": notices.count(),
        "open_deviations": Deviation.objects.filter(prison=prison, status=Deviation.Status.OPEN).count(),
        "inspections": Inspection.objects.filter(prison=prison).count(),
    }
    trail.record(actor=request.user, action=Action.VIEW, obj=("oversight.index", ""), prison=prison.code,
                 request=request, data={"screen": "oversight"})
    return render(request, "oversight/index.html", context)


@login_required
@require_GET
def register(request):
    prison, prisons = scope.chosen(request, P.OVERSEE)
    first, last = _period(request)
    start, end = period_bounds(first, last)
    rows = register_rows(prison, start, end, timezone.now())
    _list_event(request, "register", prison, [r.person.public_id for r in rows], rows=len(rows),
                period=[first.isoformat(), last.isoformat()])
    return render(request, "oversight/register.html", {"prison": prison, "prisons": prisons, "rows": rows,
                                                       "first": first, "last": last})


@login_required
@require_GET
def register_csv(request):
    prison, _prisons = scope.chosen(request, P.OVERSEE)
    first, last = _period(request)
    start, end = period_bounds(first, last)
    out = io.StringIO()
    count = write_csv(register_rows(prison, start, end, timezone.now()), prison, out)
    _export_event(request, "register", prison, count, period=[first.isoformat(), last.isoformat()])
    return _csv(out.getvalue(), f"utelukkelsesregister-{prison.code}-{first}-{last}.csv")


def _notices(prison):
    return (SupervisoryBoardNotification.objects.filter(prison=prison)
            .select_related("incident__person", "acknowledgement__acknowledged_by", "delivery").order_by("-created_at"))


@login_required
@require_GET
def notifications(request):
    prison, prisons = scope.chosen(request, P.OVERSEE)
    notices = list(_notices(prison))
    for n in notices:
        # Measures recorded after the notice was made are shown too; a notice
        # made without the regimes (the demo loader's) gets them from the records.
        n.measures_now = notify.measures_after(n.incident.person_id, n.incident.at)
        regimes = n.contents.get("regimes_at_the_time")
        n.regimes = notify.regimes_at(n.incident.person_id, n.incident.at) if regimes is None else regimes
    _list_event(request, "notifications", prison, [n.incident.person.public_id for n in notices], rows=len(notices))
    return render(request, "oversight/notifications.html", {
        "prison": prison, "prisons": prisons, "notices": notices,
        "can_acknowledge": prison.pk in P.prisons_where(request.user, P.ACKNOWLEDGE)})


NOTICE_COLUMNS = ["melding_id", "hendelse_id", "innsatt_id", "fengsel", "grunn", "hendelse", "tidspunkt", "alvorlig",
                  "helse_varslet", "regime_paa_tidspunktet", "tiltak", "laget", "kvittert", "kvittert_av"]


@login_required
@require_GET
def notifications_csv(request):
    import csv

    prison, _prisons = scope.chosen(request, P.OVERSEE)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(NOTICE_COLUMNS)
    notices = list(_notices(prison))
    local = lambda t: timezone.localtime(t).strftime("%Y-%m-%d %H:%M") if t else ""  # noqa: E731
    for n in notices:
        c, ack = n.contents, getattr(n, "acknowledgement", None)
        writer.writerow([
            n.pk, n.incident.public_id, n.incident.person.public_id, prison.code, n.reason, n.incident.kind,
            local(n.incident.at), "ja" if n.incident.serious else "nei", local(n.incident.health_told_at) or "nei",
            ", ".join(r.get("kind") or f"{r.get('scope')}:{r.get('ground')}" for r in c.get("regimes_at_the_time", [])
                      if isinstance(r, dict)),
            ", ".join(m["type"] for m in notify.measures_after(n.incident.person_id, n.incident.at)),
            local(n.created_at), local(ack.acknowledged_at) if ack else "",
            ack.acknowledged_by.get_username() if ack else ""])
    _export_event(request, "notifications", prison, len(notices))
    return _csv(out.getvalue(), f"meldinger-tilsynsraadet-{prison.code}.csv")


@login_required
@require_POST
def acknowledge(request):
    prison_ids = P.prisons_where(request.user, P.ACKNOWLEDGE)
    if not prison_ids:
        raise PermissionDenied(str(scope.MESSAGES[P.ACKNOWLEDGE]))
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        raise Http404("No such notification.")
    notice = SupervisoryBoardNotification.objects.filter(
        incident__public_id=form.cleaned_data["incident"], prison_id__in=prison_ids).select_related(
        "prison", "incident__person").first()
    if notice is None:
        raise Http404("No such notification.")
    try:
        actions.do_acknowledge_notification(actor=request.user, notification=notice,
                                            comment=form.cleaned_data["comment"], request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Notification acknowledged."))
    return redirect(f"{reverse('oversight:notifications')}?prison={notice.prison.code}")


def _deviations(request, prison):
    first, last = _period(request)
    qs = (Deviation.objects.filter(prison=prison, date__gte=first, date__lte=last)
          .select_related("person", "prison", "unit", "assigned_to", "deadline", "closed_by").order_by("-date"))
    return first, last, list(qs)


@login_required
@require_GET
def deviations(request):
    prison, prisons = scope.chosen(request, P.OVERSEE)
    first, last, rows = _deviations(request, prison)
    _list_event(request, "deviations", prison, [d.person.public_id for d in rows if d.person], rows=len(rows))
    return render(request, "oversight/deviations.html", {"prison": prison, "prisons": prisons, "deviations": rows,
                                                         "first": first, "last": last})


@login_required
@require_GET
def deviations_csv(request):
    prison, _prisons = scope.chosen(request, P.OVERSEE)
    first, last, rows = _deviations(request, prison)
    out = io.StringIO()
    count = write_deviations_csv(rows, out)
    _export_event(request, "deviations", prison, count, period=[first.isoformat(), last.isoformat()])
    return _csv(out.getvalue(), f"avvik-{prison.code}-{first}-{last}.csv")


