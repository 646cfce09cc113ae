"""Screens for logged-in roles: the day-measurement workflow and the internal statistics tables.

Access is decided in ``fellesskap.stats.access`` (on the role grants of
``fellesskap.registry.access``): a user without a statistics role gets 403;
an area outside the user's scope gets 403 too (it is an aggregate, not a
person, so there is nothing to hide by answering 404). No personal data goes
into a URL: measurements and prisons are addressed by id and code.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fellesskap.audit.trail import record
from fellesskap.registry.models import Prison, Region
from fellesskap.stats import charts, daywork, internal
from fellesskap.stats.access import confirming_prisons, is_directorate, stats_scope
from fellesskap.stats.actions import NotAllowed
from fellesskap.stats.models import DayMeasurement
from fellesskap.stats.views import _language

BANDS = ("lt2h", "2to4h", "4to8h", "ge8h")


def _forbidden(request, message: str):
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


# ------------------------------------------------------------------ day measurement


def _role_context(user) -> dict:
    return {"directorate": is_directorate(user), "leader_prisons": confirming_prisons(user)}


@login_required
def day_index(request):
    """Announced measurements; the directorate announces here, prison leaders pick one to check."""
    roles = _role_context(request.user)
    if not roles["directorate"] and not roles["leader_prisons"]:
        return _forbidden(request, "The day measurement is for the directorate and prison leaders.")
    error = ""
    if request.method == "POST":
        if not roles["directorate"]:
            return _forbidden(request, "Only the directorate announces a day measurement.")
        try:
            on = date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            error = "date: give the date to measure as YYYY-MM-DD"
        else:
            try:
                dm = daywork.announce(on, actor=request.user, note=request.POST.get("note", ""))
            except daywork.DayMeasurementError as exc:
                error = str(exc)
            else:
                return redirect("stats:day-detail", pk=dm.pk)
    return render(request, "stats/day_index.html", {
        **roles, "language": _language(), "measurements": DayMeasurement.objects.all(), "error": error,
    }, status=400 if error else 200)


def percent(share: float | None, language: str) -> str:
    """A share as a percentage with one decimal, in the language's number format ("–" when undefined)."""
    if share is None:
        return "–"
    text = f"{share * 100:.1f} %"
    return text.replace(".", ",") if language == "nb" else text


def _result_rows(result: dict, language: str) -> dict:
    def line(s: dict) -> dict:
        return {**s, "band_list": [s["bands"].get(b, 0) for b in BANDS],
                "raw_pct": percent(s["raw_share_under_2h"], language),
                "adjusted_pct": percent(s["adjusted_share_under_2h"], language)}
    return {"nation": line(result["nation"]), "levels": [line(s) for s in result["security_level"]],
            "prisons": [line(s) for s in result["prison"]]}


@login_required
def day_detail(request, pk: int):
    """For the directorate: the national result and who confirmed; for a prison leader: completeness."""
    dm = get_object_or_404(DayMeasurement, pk=pk)
    roles = _role_context(request.user)
    if not roles["directorate"] and not roles["leader_prisons"]:
        return _forbidden(request, "The day measurement is for the directorate and prison leaders.")
    language = _language()
    context = {**roles, "language": language, "dm": dm, "bands": BANDS,
               "census_passed": daywork.census_at(dm.date) <= timezone.now(), "error": request.GET.get("error", "")}
    if roles["directorate"]:
        result = daywork.national_result(dm, actor=request.user)
        context["result"] = _result_rows(result, language)
        context["earlier"] = [(e, _result_rows(e.result, language)["nation"]) for e in daywork.earlier(dm)]
        context["prisons_status"] = daywork.prisons_status(dm)
        nation = result["nation"]
        spec = charts.contact_distribution([{"band": b, "count": nation["bands"].get(b, 0)} for b in BANDS],
                                           BANDS, language)
        context["chart"] = spec
    if roles["leader_prisons"]:
        context["completeness"] = [daywork.completeness(dm, p, actor=request.user, request=request)
                                   for p in roles["leader_prisons"]]
    return render(request, "stats/day_detail.html", context)


@login_required
@require_POST
def day_confirm(request, pk: int, prison: str):
    dm = get_object_or_404(DayMeasurement, pk=pk)
    prison_obj = get_object_or_404(Prison, code=prison)
    try:
        daywork.confirm(dm, prison_obj, actor=request.user, comment=request.POST.get("comment", ""))
    except NotAllowed as exc:
        return _forbidden(request, str(exc))
    except daywork.DayMeasurementError as exc:
        return redirect(f"{reverse('stats:day-detail', args=[dm.pk])}?error={exc}")
    return redirect("stats:day-detail", pk=dm.pk)


@login_required
@require_POST
def day_conclude(request, pk: int):
    dm = get_object_or_404(DayMeasurement, pk=pk)
    try:
        daywork.conclude(dm, actor=request.user)
    except NotAllowed as exc:
        return _forbidden(request, str(exc))
    except daywork.DayMeasurementError as exc:
        return redirect(f"{reverse('stats:day-detail', args=[dm.pk])}?error={exc}")
    return redirect("stats:day-detail", pk=dm.pk)


# ------------------------------------------------------------------ internal tables

_DOWNLOADS = {"csv": "text/csv; charset=utf-8", "json": "application/json",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _default_params(params, scope) -> dict:
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month = (first.replace(year=first.year - 1, month=12) if first.month == 1
                  else first.replace(month=first.month - 1))
    values = {"table": "started", "month": last_month.strftime("%Y-%m"), "date": today.isoformat(),
              "from": last_month.isoformat(), "to": first.isoformat(), "area": scope.widest() or "nation"}
    values.update({k: v for k, v in params.items() if v})
    return values


def _drill(q: internal.Query, row: dict, scope) -> str | None:
    """The link one level down from a row, when the role reaches that far."""
    if q.level == "nation" and scope.national:
        area, level = "nation", "region"
    elif q.level == "region" and scope.allows(f"region:{row['region']}"):
        area, level = f"region:{row['region']}", "prison"
    else:
        return None
    params = {"table": q.table, "area": area, "level": level, **q.filters}
    option = internal.SHAPES[q.table].option
    if option == "month":
        params["month"] = q.start.strftime("%Y-%m")
    elif option == "date":
        params["date"] = q.start.isoformat()
    else:
        params["from"], params["to"] = q.start.isoformat(), q.end.isoformat()
    return f"{reverse('stats:internal')}?{urlencode(params)}"


def _summed(rows: list[dict], keys: tuple[str, ...]) -> list[dict]:
    """Counts summed over the level (nation, region or prison) by ``keys``: what the chart draws."""
    sums: dict[tuple, int] = {}
    for row in rows:
        key = tuple(row[k] for k in keys)
        sums[key] = sums.get(key, 0) + row["count"]
    return [{**dict(zip(keys, key, strict=True)), "count": n} for key, n in sums.items()]


def internal_chart(q: internal.Query, rows: list[dict], language: str) -> dict | None:
    """The chart of an internal table, drawn from the same rows (None for tables without one)."""
    if not rows:
        return None
    if q.table == "started":
        return charts.started_per_month([{"month": q.period_label, **r} for r in _summed(rows, ("status",))],
                                        language)
    if q.table == "stock":
        return charts.fully_excluded_by_ground(_summed(rows, ("ground", "status")), language)
    if q.table == "grounds":
        return charts.cases_against_hours(rows, language)
    if q.table == "day":
        return charts.contact_distribution(_summed(rows, ("band",)), BANDS, language)
    return None


@login_required
def internal_tables(request):
    """Every table with filters and drill-down, as far as the role reaches; ``format=`` downloads."""
    scope = stats_scope(request.user)
    if not scope.any:
        return _forbidden(request, "Internal statistics are for the directorate, region advisors and prison leaders.")
    language = _language()
    params = _default_params(request.GET.dict(), scope)
    context = {"language": language, "params": params, "tables": list(internal.SHAPES), "filters": internal.FILTERS,
               "levels": internal.LEVELS, "scope": scope,
               "areas": _areas(scope)}
    try:
        q = internal.parse_query(params)
    except internal.QueryError as exc:
        context["error"] = str(exc)
        return render(request, "stats/internal.html", context, status=400)
    if not scope.allows(q.area):
        return _forbidden(request, f"area: {q.area} is outside what your role covers")
    now = timezone.now()
    scenario = internal.scenario_for_query(q, now)
    rows = internal.rows_for(scenario, q, internal.offers_for(scenario, q) if q.table == "measures" else None)
    fmt = params.get("format", "")
    if fmt:
        if fmt not in _DOWNLOADS:
            context["error"] = "format: expected csv, xlsx or json"
            return render(request, "stats/internal.html", context, status=400)
        record(actor=request.user, action="export", obj=("StatisticsTable", q.table), request=request,
               data={"table": q.table, "area": q.area, "level": q.level, "format": fmt})
        name = f"fellesskap-intern-{q.table}-{q.period_label}.{fmt}"
        if fmt == "csv":
            response = HttpResponse(internal.to_csv(q, rows, now, language), content_type=_DOWNLOADS[fmt])
        elif fmt == "xlsx":
            response = HttpResponse(internal.to_xlsx(q, rows, now, language), content_type=_DOWNLOADS[fmt])
        else:
            response = JsonResponse(internal.to_jsonstat(q, rows, now, language),
                                    json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    keys, measures = internal.columns(q)
    context.update({
        "q": q, "title": internal.title(q, language), "head": keys + measures, "data_instant": now,
        "rows": [{"cells": [row[k] for k in keys + measures], "drill": _drill(q, row, scope)} for row in rows],
        "total": sum(r.get("count", r.get("cases", 0)) for r in rows),
        "chart": internal_chart(q, rows, language),
        "query_string": request.GET.urlencode(),
    })
    return render(request, "stats/internal.html", context)


def _areas(scope) -> list[tuple[str, str]]:
    areas = []
    if scope.national:
        areas.append(("nation", "Norge / Norway"))
    for region in Region.objects.order_by("code"):
        if scope.allows(f"region:{region.code}"):
            areas.append((f"region:{region.code}", region.name_nb))
    for prison in Prison.objects.order_by("code"):
        if scope.allows(f"prison:{prison.code}"):
            areas.append((f"prison:{prison.code}", prison.name))
    return areas

