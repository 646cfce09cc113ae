"""Laying out a :class:`~fellesskap.letters.content.Letter` as HTML and PDF.

The screen links the stylesheet (the Content-Security-Policy allows no inline
style); the PDF is printed with the same stylesheet plus an ``@page`` box (A4,
margins, a footer with the sender and "page n / m"), handed to WeasyPrint
directly, so the screen and the paper never disagree. WeasyPrint is imported on first
use: it loads pango, which only the PDF needs.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from fellesskap.letters.content import Letter

STYLESHEET = Path(__file__).parent / "static" / "letters" / "letter.css"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (pango) are missing: run ``make pdf-deps``."""


def css_string(value: str) -> str:
    """``value`` as a quoted CSS string: a quote, backslash or newline in a
    prison's name cannot end the string and inject rules."""
    escaped = "".join(f"\\{ord(c):X} " if c in '"\\<>\n\r' else c for c in value)
    return f'"{escaped}"'


def page_css(letter: Letter) -> str:
    footer = 'font: 8pt "DejaVu Sans", sans-serif; color: #555;'
    return (
        "@page { size: A4; margin: 22mm 20mm 24mm 24mm;\n"
        f"  @bottom-left {{ content: {css_string(f'{letter.service} · {letter.prison}')}; {footer} }}\n"
        f"  @bottom-right {{ content: {css_string(letter.labels['page'] + ' ')} counter(page) \" / \" counter(pages);"
        f" {footer} }}\n}}"
    )


def render_html(letter: Letter, links: list[dict] | None = None, *, pdf: bool = False) -> str:
    """The letter as an HTML page; ``pdf`` leaves out the stylesheet link,
    which WeasyPrint gets as a stylesheet of its own (:func:`render_pdf`)."""
    return render_to_string("letters/letter.html", {"letter": letter, "links": links or [], "pdf": pdf})


def render_pdf(letter: Letter) -> bytes:
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as error:  # OSError: pango not installed
        raise PdfUnavailable(f"PDF rendering is not available ({error}); run `make pdf-deps`.") from error
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8") + "\n" + page_css(letter))
    # The <title> becomes the PDF's document title (its metadata).
    return HTML(string=render_html(letter, pdf=True)).write_pdf(stylesheets=[stylesheet])
