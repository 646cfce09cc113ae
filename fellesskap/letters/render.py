"""Laying out a :class:`~fellesskap.letters.content.Letter` as HTML and PDF.

The PDF is the same HTML printed by WeasyPrint (its ``@page`` rules give A4,
margins and page numbers), so the screen and the paper never disagree.
WeasyPrint is imported on first use: it loads pango, which only the PDF needs.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from fellesskap.letters.content import Letter


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (pango) are missing: run ``make pdfdeps``."""


def render_html(letter: Letter, links: list[dict] | None = None) -> str:
    return render_to_string("letters/letter.html", {"letter": letter, "links": links or []})


def render_pdf(letter: Letter) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: pango not installed
        raise PdfUnavailable(f"PDF rendering is not available ({error}); run `make pdfdeps`.") from error
    # The <title> becomes the PDF's document title (its metadata).
    return HTML(string=render_html(letter)).write_pdf()
