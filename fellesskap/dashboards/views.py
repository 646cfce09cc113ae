"""The dashboards (oversikter): one URL each for the prison leader, the region
and the directorate. Server-rendered, audited as a list of the prisons shown.

Names are shown only where the role may see persons (the person page then
checks again); otherwise only counts. The region sees the names of long
exclusions it must decide (a pending deadline that falls to the region); the
directorate analyst sees counts per prison unless a grant gives case access.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.dashboards import charts, figures, roles
from fellesskap.registry import access
from fellesskap.registry.models import Prison


def _prisons(request, dashboard: str) -> list[Prison]:
    ids = roles.prisons(request.user, dashboard)
    if not ids:
        raise PermissionDenied
    return list(Prison.objects.filter(pk__in=ids).select_related("region").order_by("code"))


@login_required
def prison_dashboard(request):
    """Fengselsleder: today's figures for one prison (``?prison=CODE`` when the
    grants cover several; another prison's code is 404)."""
    prisons = _prisons(request, roles.PRISON)
    code = request.GET.get("prison")
    prison = next((p for p in prisons if p.code == code), None) if code else prisons[0]
    if prison is None:
        raise Http404
    now = timezone.now()
    ids = [prison.pk]
    sees_persons = access.may_in_prison(request.user, access.VIEW_PERSON, prison)
    isolated = list(figures.isolated_today(ids, now)) if sees_persons else []
    deadlines = list(figures.pending_deadlines(ids, now).select_related("person")) if sees_persons else []
    context = {
        "prison": prison, "prisons": prisons, "now": now, "sees_persons": sees_persons,
        "figures": figures.prison_figures(ids, now)[prison.pk], "units": figures.unit_figures(ids, now),
        "isolated": isolated, "deadlines": deadlines, "deviation_kinds": figures.deviations_by_kind(ids),
        "streak_week": figures.STREAK_WEEK, "streak_long": figures.STREAK_LONG,
    }
    trail.record(actor=request.user, action=AuditEvent.Action.LIST, obj=("registry.prison", prison.pk),
                 request=request, prison=prison.code,
                 data={"screen": "dashboard_prison", "persons_shown": len({d.person_id for d in isolated}
                                                                          | {d.person_id for d in deadlines})})
    return render(request, "dashboards/prison.html", context)


def _overview(request, dashboard: str, title: str):
    prisons = _prisons(request, dashboard)
    now = timezone.now()
    ids = [p.pk for p in prisons]
    rows = figures.prison_figures(ids, now)
    episodes = list(figures.long_exclusions(ids, now))
    region_cases = figures.region_subjects(ids) if dashboard == roles.REGION else set()
    case_access = access.prisons_for(request.user, access.VIEW_PERSON, now)
    by_id = {p.pk: p for p in prisons}
    long_counts = {p.pk: [0, 0] for p in prisons}
    named = []
    for ep in episodes:  # a few dozen ongoing long episodes nationally, not one row per person
        days = (now - ep.start).days
        long_counts[ep.prison_id][0] += 1
        long_counts[ep.prison_id][1] += days > figures.LONG_DAYS[1]
        decides = dashboard == roles.REGION and region_cases.intersection(ep.decisions)
        if ep.prison_id in case_access and (decides or dashboard == roles.NATIONAL):
            named.append({"episode": ep, "prison": by_id[ep.prison_id], "days": days, "over_42": days > figures.LONG_DAYS[1]})
    trend = figures.weekly_trend(ids, now)
    week_label, days_label = _("week"), _("isolated person-days")
    chart = charts.weekly_trend(trend, title=_("Isolated person-days per week, last 12 weeks"),
                                week=week_label, days=days_label)
    trail.record(actor=request.user, action=AuditEvent.Action.LIST, obj=(f"dashboards.{dashboard}", ""),
                 request=request, prison="",
                 data={"screen": f"dashboard_{dashboard}", "prisons": [p.code for p in prisons],
                       "persons_shown": len({n["episode"].person_id for n in named})})
    context = {
        "title": title, "dashboard": dashboard, "now": now,
        "rows": [(p, rows[p.pk], long_counts[p.pk]) for p in prisons],
        "trend": trend, "chart": chart, "named": named, "long_days": figures.LONG_DAYS,
        "streak_week": figures.STREAK_WEEK, "streak_long": figures.STREAK_LONG,
    }
    return render(request, "dashboards/overview.html", context)


@login_required
def region_dashboard(request):
    """Regionkontoret: the region's prisons compared, trend, long exclusions."""
    return _overview(request, roles.REGION, _("Region dashboard"))


@login_required
def national_dashboard(request):
    """KDI: every prison compared, national trend, long exclusions (counts only
    without case access)."""
    return _overview(request, roles.NATIONAL, _("Directorate dashboard"))
