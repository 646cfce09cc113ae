"""The leader screens: deadlines and alerts, deviations with their handling, CSV export.

Every view is behind log-in and scoped by :mod:`fellesskap.alerts.permissions`:
a deviation or alert of a prison the user does not see is a 404, never a 403,
so that nobody learns what happens in another prison. Writes go through
:mod:`fellesskap.alerts.actions`.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fellesskap.alerts import actions
from fellesskap.alerts import permissions as P
from fellesskap.alerts.deviations import run_days
from fellesskap.alerts.export import write_csv
from fellesskap.alerts.models import Alert, Deadline, Deviation
from fellesskap.audit import trail
from fellesskap.registry import access
from fellesskap.registry.models import User

SOON = timedelta(hours=72)
MISSED_SHOWN = timedelta(days=30)


def _require_leader(user) -> None:
    if not P.may_see(user):
        raise PermissionDenied(_("These screens are for the leaders of a prison and region advisors."))


@login_required
def deadlines(request):
    """Deadlines due within 72 hours, missed ones of the last 30 days, and open alerts."""
    _require_leader(request.user)
    now = timezone.now()
    current = P.visible(Deadline.objects.filter(withdrawn_at__isnull=True), request.user)
    current = current.select_related("person", "prison")
    context = {
        "alerts": P.visible_alerts(Alert.objects.filter(resolved_at__isnull=True), request.user)
        .select_related("deadline__person", "prison").order_by("deadline__due"),
        "due_soon": current.filter(status=Deadline.Status.PENDING, due__gte=now, due__lt=now + SOON).order_by("due"),
        "missed": current.filter(status=Deadline.Status.MISSED, due__gte=now - MISSED_SHOWN).order_by("-due"),
        "can_handle": bool(P.handling_prisons(request.user)),
        "now": now,
    }
    trail.record(actor=request.user, action="list", obj=("alerts.deadline", ""), prison="", request=request,
                 data={"screen": "deadlines", "rows": len(context["due_soon"]) + len(context["missed"])})
    return render(request, "alerts/deadlines.html", context)


@login_required
@require_POST
def acknowledge(request, alert_id):
    # No leader check first: an alert outside the user's scope is a 404 whoever asks.
    alert = get_object_or_404(P.visible_alerts(Alert.objects.all(), request.user), public_id=alert_id)
    try:
        actions.do_acknowledge_alert(actor=request.user, alert=alert, request=request)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Alert acknowledged."))
    return redirect("alerts:deadlines")


def _deviations(request):
    status = request.GET.get("status", "open")
    qs = P.visible(Deviation.objects.all(), request.user).select_related(
        "person", "prison", "unit", "assigned_to", "deadline", "closed_by")
    if status in Deviation.Status.values:
        qs = qs.filter(status=status)
    else:
        status = "all"
    return status, qs.order_by("-date", "-created_at")


@login_required
def deviations(request):
    _require_leader(request.user)
    status, qs = _deviations(request)
    rows = list(qs[:500])
    trail.record(actor=request.user, action="list", obj=("alerts.deviation", ""), prison="", request=request,
                 data={"screen": "deviations", "status": status, "rows": len(rows)})
    return render(request, "alerts/deviations.html", {"deviations": rows, "status": status,
                                                      "statuses": Deviation.Status.choices})


@login_required
def export_csv(request):
    _require_leader(request.user)
    status, qs = _deviations(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="avvik.csv"'
    response.write("\ufeff")  # so that a spreadsheet reads the file as UTF-8
    n = write_csv(qs.iterator(), response)
    trail.record(actor=request.user, action="export", obj=("alerts.deviation", ""), prison="", request=request,
                 data={"status": status, "rows": n})
    return response


def _visible_deviation(request, deviation_id) -> Deviation:
    try:
        return P.visible(Deviation.objects.all(), request.user).select_related(
            "person", "prison", "unit", "deadline", "finding", "assigned_to").get(public_id=deviation_id)
    except Deviation.DoesNotExist:
        raise Http404("No such deviation.") from None


def _assignees(deviation: Deviation):
    return [u for u in User.objects.filter(is_active=True, grants__isnull=False).distinct().order_by("username")
            if deviation.prison_id in access.prisons_for(u, access.VIEW_PERSON)]


@login_required
def deviation_detail(request, deviation_id):
    # No leader check first: a deviation outside the user's scope is a 404 whoever asks.
    deviation = _visible_deviation(request, deviation_id)
    can_handle = deviation.prison_id in P.handling_prisons(request.user)
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied(_("Only the leaders of this prison may handle its deviations."))
        errors = _handle(request, deviation)
        if not errors:
            return redirect("alerts:deviation", deviation_id=deviation.public_id)
        for field_messages in errors.values():
            for message in field_messages:
                messages.error(request, message)
    trail.record(actor=request.user, action="view", obj=deviation, person=deviation.person,
                 prison=deviation.prison.code, request=request)
    return render(request, "alerts/deviation_detail.html", {
        "deviation": deviation, "days": run_days(deviation), "notes": deviation.notes.select_related("by"), "can_handle": can_handle,
        "assignees": _assignees(deviation) if can_handle else [],
    })


def _handle(request, deviation: Deviation) -> dict:
    step = request.POST.get("step", "")
    user, post = request.user, request.POST
    try:
        if step == "assign":
            assignee = User.objects.filter(pk=post.get("assigned_to") or 0).first()
            actions.do_assign_deviation(actor=user, deviation=deviation, assignee=assignee, request=request)
        elif step == "comment":
            actions.do_comment_deviation(actor=user, deviation=deviation, text=post.get("text", ""), request=request)
        elif step == "measures":
            actions.do_record_measures(actor=user, deviation=deviation, measures=post.get("measures", ""),
                                       request=request)
        elif step == "close":
            actions.do_close_deviation(actor=user, deviation=deviation, reason=post.get("reason", ""),
                                       request=request)
        elif step == "reopen":
            actions.do_reopen_deviation(actor=user, deviation=deviation, reason=post.get("reason", ""),
                                        request=request)
        else:
            return {"step": [_("Unknown step.")]}
    except ValidationError as exc:
        return exc.message_dict
    messages.success(request, _("Saved."))
    return {}
