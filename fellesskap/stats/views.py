"""The public statistics page (/statistikk/) and its downloads: no log-in, aggregated editions only."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from fellesskap.stats import exports
from fellesskap.stats.models import Edition
from fellesskap.stats.public import AREA, page_context
from fellesskap.stats.publication import PublishedTable, ordered_tables

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _language() -> str:
    return "en" if (get_language() or "nb").startswith("en") else "nb"


def public_index(request):
    """The latest published national edition, the monthly series and the history (reference + own years)."""
    language = _language()
    context = page_context(language)
    context["language"] = language
    return render(request, "stats/public.html", context)


def _public_edition(pk: int) -> Edition:
    # Only national editions are public: an area edition for one prison would be a prison-level table.
    return get_object_or_404(Edition, pk=pk, area=AREA)


def download_table(request, pk: int, table: str, fmt: str):
    """One table of a public edition as CSV, XLSX or JSON-stat 2.0, suppressed at prison level."""
    edition = _public_edition(pk)
    if table not in edition.tables or fmt not in FORMATS:
        raise Http404("no such table or format")
    published = PublishedTable.from_json(edition.tables[table])
    name = f"fellesskap-{edition.period}-{edition.number}-{table}.{fmt}"
    if fmt == "json":
        dataset = exports.to_jsonstat(published, edition.data_instant, area=edition.area, language=_language())
        response = JsonResponse(dataset, json_dumps_params={"ensure_ascii": False})
    elif fmt == "csv":
        response = HttpResponse(exports.to_csv(published, edition.data_instant, area=edition.area),
                                content_type=FORMATS[fmt])
    else:
        response = HttpResponse(exports.to_xlsx([published], edition.data_instant, area=edition.area),
                                content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def download_edition(request, pk: int):
    """Every table of a public edition in one workbook."""
    edition = _public_edition(pk)
    tables = [PublishedTable.from_json(edition.tables[name]) for name in ordered_tables(edition.tables)]
    response = HttpResponse(exports.to_xlsx(tables, edition.data_instant, area=edition.area),
                            content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="fellesskap-{edition.period}-{edition.number}.xlsx"'
    return response


def chart_spec(request, name: str):
    """A chart of the public page as a Vega-Lite spec (what the page embeds)."""
    spec = page_context(_language())["charts"].get(name)
    if spec is None:
        raise Http404("no such chart")
    return HttpResponse(json.dumps(spec, ensure_ascii=False), content_type="application/json")


def download_pdf(request, pk: int):
    """A public edition as a PDF with its charts (``?lang=en`` for English; default the page's language).

    Rendered on the first download and then served from the database (``cache.py``).
    """
    from fellesskap.stats.cache import edition_pdf

    edition = _public_edition(pk)
    language = request.GET.get("lang") or _language()
    if language not in ("nb", "en"):
        raise Http404("no such language")
    response = HttpResponse(edition_pdf(edition, language), content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="fellesskap-{edition.period}-{edition.number}'
                                       f'-{language}.pdf"')
    return response
