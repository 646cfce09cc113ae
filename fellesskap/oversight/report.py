"""The inspection report (inspeksjonsrapport) of one stored version, as HTML
and as PDF (WeasyPrint, as :mod:`fellesskap.letters.render` does), in bokmål
or English.

The report is drawn from the version's frozen JSON only, so a report printed
a year later says exactly what the inspector saw and answered then. The
screen links the stylesheet (no inline style under the CSP); the PDF gets the
same stylesheet plus an ``@page`` box.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fellesskap.letters.render import PdfUnavailable, css_string
from fellesskap.oversight import checklist
from fellesskap.oversight.models import Inspection, InspectionVersion

STYLESHEET = Path(__file__).parent / "static" / "oversight" / "report.css"
LANGUAGES = ("nb", "en")
# The decision letter an item's evidence links to (fellesskap/letters).
DECISION_LETTERS = {"exclusion": ("letters:exclusion", "exclusion_id"),
                    "coercive_means": ("letters:coercive_means", "means_id")}


def language() -> str:
    return "en" if (translation.get_language() or "nb").startswith("en") else "nb"



@dataclass
class ReportItem:
    code: str
    title: str
    basis: str
    status: str
    status_label: str
    checked: int
    failed: int
    answer: str
    answer_label: str
    comment: str
    evidence: list[dict]


def evidence_label(e: dict) -> str:
    labels = {
        "exclusion": _("exclusion"), "coercive_means": _("coercive means"), "deadline": _("deadline"),
        "ledger_day": _("day"), "unit_lock_in": _("unit lock-in"), "deviation": _("deviation"),
        "incident": _("incident"),
    }
    at = e.get("at", "")
    try:
        when = timezone.localtime(datetime.fromisoformat(at)).strftime("%d.%m.%Y %H:%M") if "T" in at else (
            datetime.fromisoformat(at).strftime("%d.%m.%Y"))
    except ValueError:
        when = at
    text = f"{labels.get(e.get('type', ''), e.get('type', ''))} {when}"
    if "minutes" in e:
        text += f" ({e['minutes']} min)"
    if "gaps" in e:
        text += " (" + _("%(gaps)s gaps over an hour") % {"gaps": e["gaps"]} + ")"
    return text


def items_of(version: InspectionVersion, *, links: bool = True) -> list[ReportItem]:
    """The version's items with their texts in the active language."""
    answers = dict(checklist.ANSWERS)
    out = []
    for stored in version.items:
        item = checklist.BY_CODE.get(stored["code"])
        evidence = []
        for e in stored.get("evidence", []):
            entry = {"label": evidence_label(e), "record": e.get("record", ""), "url": "", "decision_url": ""}
            if links and e.get("person"):
                entry["url"] = reverse("web:person", kwargs={"person_id": e["person"]})
            if links and e.get("type") in DECISION_LETTERS and e.get("record"):
                name, key = DECISION_LETTERS[e["type"]]
                entry["decision_url"] = reverse(name, kwargs={key: e["record"], "language": language()})
            evidence.append(entry)
        out.append(ReportItem(
            code=stored["code"], title=str(item.title) if item else stored["code"],
            basis=str(item.basis) if item else "", status=stored["status"],
            status_label=str(checklist.STATUSES.get(stored["status"], stored["status"])),
            checked=stored.get("checked", 0), failed=stored.get("failed", 0), answer=stored.get("answer", ""),
            answer_label=str(answers.get(stored.get("answer", ""), "")), comment=stored.get("comment", ""),
            evidence=evidence))
    return out


def _context(inspection: Inspection, version: InspectionVersion, *, pdf: bool) -> dict:
    return {"inspection": inspection, "version": version, "items": items_of(version, links=not pdf), "pdf": pdf,
            "made_at": timezone.localtime(version.made_at)}


def render_html(inspection: Inspection, version: InspectionVersion, language: str, *, pdf: bool = False) -> str:
    with translation.override(language):
        return render_to_string("oversight/report.html", _context(inspection, version, pdf=pdf))


def page_css(inspection: Inspection, language: str) -> str:
    with translation.override(language):
        page = _("Page")
        title = _("Inspection report")
    footer = 'font: 8pt "DejaVu Sans", sans-serif; color: #555;'
    return (
        "@page { size: A4; margin: 20mm 18mm 22mm 20mm;\n"
        f"  @bottom-left {{ content: {css_string(f'{title} · {inspection.prison.name}')}; {footer} }}\n"
        f"  @bottom-right {{ content: {css_string(page + ' ')} counter(page) \" / \" counter(pages); {footer} }}\n}}"
    )


def render_pdf(inspection: Inspection, version: InspectionVersion, language: str) -> bytes:
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as error:  # OSError: pango not installed
        raise PdfUnavailable(f"PDF rendering is not available ({error}); run `make pdfdeps`.") from error
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8") + "\n" + page_css(inspection, language))
    return HTML(string=render_html(inspection, version, language, pdf=True)).write_pdf(stylesheets=[stylesheet])
