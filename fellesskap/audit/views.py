"""The leader screen of the audit trail: search and CSV export, scoped to the
prisons the user leads. The export is itself audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from fellesskap.audit import trail
from fellesskap.audit.export import write_csv
from fellesskap.audit.forms import AuditSearchForm
from fellesskap.audit.models import AuditEvent
from fellesskap.audit.search import AuditQuery, search
from fellesskap.registry import access

PAGE_SIZE = 200


def _query(request) -> tuple[AuditSearchForm, AuditQuery]:
    if not access.has_capability(request.user, access.VIEW_AUDIT):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, AuditQuery(person=str(d["person"] or ""), username=d["username"], action=d["action"],
                                date_from=d["date_from"], date_to=d["date_to"])
    return form, AuditQuery()


def _terms(query: AuditQuery) -> dict:
    return {k: str(v) for k, v in query.__dict__.items() if v}


@login_required
def index(request):
    form, query = _query(request)
    events = list(search(request.user, query)[:PAGE_SIZE])
    trail.record(actor=request.user, action=AuditEvent.Action.SEARCH, obj=("audit.auditevent", ""), prison="",
                 request=request, data={"terms": _terms(query), "rows": len(events)})
    return render(request, "audit/index.html", {"form": form, "events": events, "page_size": PAGE_SIZE,
                                                "export_query": request.GET.urlencode()})


@login_required
def export_csv(request):
    form, query = _query(request)
    events = search(request.user, query).order_by("seq")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    n = write_csv(events.iterator(), response)
    trail.record(actor=request.user, action=AuditEvent.Action.EXPORT, obj=("audit.auditevent", ""), prison="",
                 request=request, data={"terms": _terms(query), "rows": n, "via": "screen"})
    return response
