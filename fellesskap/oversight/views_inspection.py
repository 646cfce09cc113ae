"""Inspections (inspeksjoner): the checklist answered from the data and
completed by the inspector, stored as versions, and the report as HTML and
PDF in bokmål and English.

An inspection outside the user's prisons (or an inspector's whose grant has
expired) is a 404, like an id that exists nowhere; viewing or printing a
report is an audit event.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.letters.render import PdfUnavailable
from fellesskap.oversight import actions, report, scope
from fellesskap.oversight import permissions as P
from fellesskap.oversight.forms import NewInspectionForm, answer_form
from fellesskap.oversight.models import Inspection
from fellesskap.registry.forms import put_errors

Action = AuditEvent.Action


@login_required
def inspections(request):
    prison, prisons = scope.chosen(request, P.OVERSEE)
    may_inspect = prison.pk in P.prisons_where(request.user, P.INSPECT)
    form = NewInspectionForm(request.POST or None)
    if request.method == "POST":
        if not may_inspect:
            raise PermissionDenied(str(scope.MESSAGES[P.INSPECT]))
        if form.is_valid():
            try:
                inspection = actions.do_start_inspection(
                    actor=request.user, prison=prison, period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"], request=request)
            except ValidationError as error:
                put_errors(form, error)
            else:
                return redirect("oversight:inspection", inspection_id=inspection.public_id)
    listed = list(Inspection.objects.filter(prison=prison).select_related("created_by").prefetch_related("versions"))
    trail.record(actor=request.user, action=Action.LIST, obj=("oversight.inspection", ""), prison=prison.code,
                 request=request, data={"screen": "inspections", "rows": len(listed)})
    return render(request, "oversight/inspections.html", {
        "prison": prison, "prisons": prisons, "inspections": listed, "form": form, "may_inspect": may_inspect},
        status=400 if form.errors else 200)


def _inspection(request, inspection_id) -> Inspection:
    inspection = Inspection.objects.select_related("prison").filter(
        public_id=inspection_id, prison_id__in=P.prisons_where(request.user, P.OVERSEE)).first()
    if inspection is None:
        raise Http404("No such inspection.")
    return inspection


def _version(request, inspection: Inspection):
    number = request.GET.get("version")
    versions = inspection.versions.all()
    version = versions.filter(number=number).first() if number and number.isdigit() else versions.last()
    if version is None:
        raise Http404("No such version.")
    return version


@login_required
def inspection(request, inspection_id):
    inspection = _inspection(request, inspection_id)
    may_inspect = inspection.prison_id in P.prisons_where(request.user, P.INSPECT)
    current = inspection.current
    shown = _version(request, inspection)
    Form = answer_form(current.items)
    if request.method == "POST":
        if not may_inspect:
            raise PermissionDenied(str(scope.MESSAGES[P.INSPECT]))
        form = Form(request.POST)
        if form.is_valid():
            answers = {i["code"]: (form.cleaned_data[f"answer_{i['code']}"], form.cleaned_data[f"comment_{i['code']}"])
                       for i in current.items}
            try:
                actions.do_save_inspection(actor=request.user, inspection=inspection, answers=answers,
                                           summary=form.cleaned_data["summary"],
                                           refresh=request.POST.get("refresh") == "1", request=request)
            except ValidationError as error:
                put_errors(form, error)
            else:
                messages.success(request, _("The inspection report was stored as a new version."))
                return redirect("oversight:inspection", inspection_id=inspection.public_id)
    else:
        initial = {"summary": current.summary}
        for i in current.items:
            initial[f"answer_{i['code']}"] = i.get("answer")
            initial[f"comment_{i['code']}"] = i.get("comment", "")
        form = Form(initial=initial)
    items = report.items_of(shown)
    for item in items:
        item.answer_field = form[f"answer_{item.code}"] if shown == current else None
        item.comment_field = form[f"comment_{item.code}"] if shown == current else None
    trail.record(actor=request.user, action=Action.VIEW, obj=inspection, request=request,
                 prison=inspection.prison.code, data={"version": shown.number})
    return render(request, "oversight/inspection.html", {
        "inspection": inspection, "version": shown, "current": current, "items": items, "form": form,
        "may_inspect": may_inspect and shown == current, "versions": list(inspection.versions.all()),
        "languages": report.LANGUAGES}, status=400 if form.errors else 200)


@login_required
@require_GET
def report_view(request, inspection_id, language: str, fmt: str):
    if language not in report.LANGUAGES or fmt not in ("html", "pdf"):
        raise Http404
    inspection = _inspection(request, inspection_id)
    version = _version(request, inspection)
    data = {"purpose": "inspection_report", "language": language, "format": fmt, "version": version.number}
    if fmt == "pdf":
        try:
            pdf = report.render_pdf(inspection, version, language)
        except PdfUnavailable as error:
            return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
        trail.record(actor=request.user, action=Action.EXPORT, obj=inspection, request=request,
                     prison=inspection.prison.code, data=data)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="inspeksjon-{inspection.prison.code}-{inspection.period_start}-v{version.number}'
            f'-{language}.pdf"')
        return response
    trail.record(actor=request.user, action=Action.VIEW, obj=inspection, request=request,
                 prison=inspection.prison.code, data=data)
    return HttpResponse(report.render_html(inspection, version, language))


