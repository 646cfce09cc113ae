"""The PDF of an edition, rendered once per language and then served from the database.

Rendering the national PDF takes seconds (WeasyPrint and six charts through
vl-convert); an edition is frozen and its PDF depends only on what was
published by its own instant, so the first download stores the bytes
(:class:`EditionPdf`) and every later one reads them.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from fellesskap.stats.models import Edition, EditionPdf

# The version of the PDF's template, stylesheet and charts. Raise it when they
# change, so that editions are rendered again in the new layout.
LAYOUT = 1


def edition_pdf(edition: Edition, language: str) -> bytes:
    """The edition's PDF in ``language`` (``nb`` or ``en``): stored bytes, or rendered and stored now."""
    stored = (EditionPdf.objects.filter(edition=edition, language=language, layout=LAYOUT)
              .values_list("data", flat=True).first())
    if stored is not None:
        return bytes(stored)
    from fellesskap.stats import pdf

    data = pdf.edition_pdf(edition, language)
    try:
        with transaction.atomic():
            EditionPdf.objects.create(edition=edition, language=language, layout=LAYOUT, data=data,
                                      rendered_at=timezone.now())
    except IntegrityError:
        # Two first downloads at once: the other stored the same PDF first.
        pass
    return data
