"""The PDF of the monthly publication: produced, in both languages, with its title, tables and a chart."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from fellesskap.stats import pdf
from fellesskap.stats.service import monthly_publication
from fellesskap.stats.tests.builders import excl, person, scenario, stay

pytest.importorskip("weasyprint")


def _publication():
    a = person("A", [stay("OSL", "2026-01-01T08:00:00+01:00", status="remand")],
               [excl("A1", "2026-03-10T10:00:00+01:00", None, ground="own_wish")])
    b = person("B", [stay("BRG", "2026-01-01T08:00:00+01:00")],
               [excl("B1", "2026-03-20T10:00:00+01:00", "2026-03-21T10:00:00+01:00")])
    return monthly_publication(scenario([a, b], evaluated_at="2026-04-02T00:00:00+02:00"), "2026-03",
                               rule_packs={"no-current": "t"})


def _text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian's poppler-utils, `make pdf-deps`) is not installed")
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


@pytest.fixture(scope="module")
def pdfs():
    pub = _publication()
    return {lang: pdf.publication_pdf(list(pub.tables.values()), period=pub.period, area=pub.area,
                                      data_instant=pub.data_instant, language=lang, number=1)
            for lang in ("nb", "en")}


@pytest.mark.parametrize(("lang", "title", "table"), [
    ("nb", "Isolasjon i fengsel – månedsstatistikk 2026-03", "Helt utelukkede per dato"),
    ("en", "Isolation in prison – monthly statistics 2026-03", "Persons fully excluded at the census instant"),
])
def test_the_pdf_has_the_title_the_tables_and_charts(pdfs, lang, title, table):
    data = pdfs[lang]
    assert data.startswith(b"%PDF-")
    assert b"/Subtype /Image" in data  # the charts, drawn by vl-convert as PNG
    text = " ".join(_text(data).split())
    assert title in text and table in text
    assert "≤ 3" in text  # a prison's single exclusion is suppressed in the public PDF
    if shutil.which("pdfimages"):
        listing = subprocess.run(["pdfimages", "-list", "-"], input=data, capture_output=True).stdout.decode()
        if listing:  # older pdfimages cannot read stdin; the byte check above still holds
            assert len([ln for ln in listing.splitlines()[2:] if " image " in ln]) >= 3


def test_the_html_carries_each_chart_as_an_image():
    pub = _publication()
    html = pdf.publication_html(list(pub.tables.values()), period=pub.period, area=pub.area,
                                data_instant=pub.data_instant, language="en")
    # started per month, long over time, and persons fully excluded by ground
    assert html.count('src="data:image/png;base64,') == 3 and 'width="' in html
    assert 'alt="Exclusions started per month"' in html or "Exclusions started" in html


@pytest.mark.django_db
def test_a_public_edition_downloads_as_pdf(client):
    from fellesskap.registry import roles as R
    from fellesskap.registry.tests import helpers as h
    from fellesskap.stats.actions import publish_edition

    analyst = h.user_with_role(R.DIRECTORATE_ANALYST, national=True)
    edition = publish_edition(_publication(), actor=analyst)
    response = client.get(f"/statistikk/utgave/{edition.pk}.pdf?lang=en")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "Isolation in prison" in " ".join(_text(response.content).split())
    assert client.get(f"/statistikk/utgave/{edition.pk}.pdf?lang=de").status_code == 404
    assert client.get(f"/statistikk/utgave/{edition.pk + 99}.pdf").status_code == 404
