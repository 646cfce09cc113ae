"""The letter screens: HTML to read and print, PDF to download.

Paths hold the decision's opaque id and the language only. A decision whose
person the user may not see answers 404 exactly like an id that does not
exist (:func:`fellesskap.registry.access.get_person_or_404`), and every view
or download is one audit event about the decision.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.letters import deadlines, render
from fellesskap.letters.content import build_letter
from fellesskap.letters.texts import LANGUAGES
from fellesskap.records.models import CoerciveMeans, Exclusion
from fellesskap.registry import access

# URL name (without "_pdf") of each kind of decision.
ROUTES = {Exclusion: "letters:exclusion", CoerciveMeans: "letters:coercive_means"}


def appeal_weeks() -> int:
    """The appeal period in weeks: forvaltningsloven § 29 unless settings say otherwise."""
    return int(getattr(settings, "LETTERS_APPEAL_WEEKS", deadlines.APPEAL_WEEKS))


def _decision(request, model, public_id):
    record = model.objects.select_related("person", "prison__region", "decided_by").filter(
        public_id=public_id).first()
    if record is None:
        raise Http404
    access.get_person_or_404(request.user, record.person.public_id)
    return record


def _audit(request, record, language: str, fmt: str) -> None:
    action = AuditEvent.Action.VIEW if fmt == "html" else AuditEvent.Action.EXPORT
    trail.record(actor=request.user, action=action, obj=record, person=record.person, request=request,
                 data={"purpose": "decision_letter", "language": language, "format": fmt})


def _letter(request, model, public_id, language: str, fmt: str):
    if language not in LANGUAGES or fmt not in ("html", "pdf"):
        raise Http404
    record = _decision(request, model, public_id)
    content = build_letter(record, language, appeal_weeks())
    if fmt == "pdf":
        try:
            pdf = render.render_pdf(content)
        except render.PdfUnavailable as error:
            return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
        _audit(request, record, language, fmt)
        response = HttpResponse(pdf, content_type="application/pdf")
        # The file name holds the opaque id only, never a name.
        response["Content-Disposition"] = f'inline; filename="vedtak-{record.public_id}-{language}.pdf"'
        return response
    _audit(request, record, language, fmt)
    route = ROUTES[model]
    links = [
        {"url": reverse(route, args=[record.public_id, other]), "label": label}
        for other, label in (("nb", "Bokmål"), ("en", "English"))
    ] + [{"url": reverse(f"{route}_pdf", args=[record.public_id, language]), "label": "PDF"}]
    return HttpResponse(render.render_html(content, links))


@login_required
@require_GET
def exclusion_letter(request, exclusion_id, language: str, fmt: str = "html"):
    """The letter of an exclusion decision (vedtak om utelukkelse)."""
    return _letter(request, Exclusion, exclusion_id, language, fmt)


@login_required
@require_GET
def coercive_means_letter(request, means_id, language: str, fmt: str = "html"):
    """The letter of a coercive-means decision (vedtak om tvangsmiddel)."""
    return _letter(request, CoerciveMeans, means_id, language, fmt)
