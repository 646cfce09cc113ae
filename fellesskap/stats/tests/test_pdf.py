"""The PDF of the monthly publication: produced, in both languages, with its title, tables and a chart."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from fellesskap.stats import pdf
from fellesskap.stats.service import monthly_publication
from fellesskap.stats.tests.builders import excl, person, scenario, stay

pytest.importorskip("weasyprint")


def _publication_scenario():
    a = person("A", [stay("OSL", "2026-01-01T08:00:00+01:00", status="remand")],
               [excl("A1", "2026-03-10T10:00:00+01:00", None, ground="own_wish")])
    b = person("B", [stay("BRG", "2026-01-01T08:00:00+01:00")],
               [excl("B1", "2026-03-20T10:00:00+01:00", "2026-03-21T10:00:00+01:00")])
    return scenario([a, b], evaluated_at="2026-04-02T00:00:00+02:00")


def _publication():
    return monthly_publication(_publication_scenario(), "2026-03", rule_packs={"no-current": "t"})


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
    # started per month, long over time, the Table 7.1 history, persons fully excluded by ground and the
    # shares of cases against hours; no day measurement given, so its chart is missing and the PDF says so
    assert html.count('src="data:image/png;base64,') == 5 and 'width="' in html
    for title in ("Exclusions started per month", "Exclusions over 42 days",
                  "Suicides, suicide attempts, self-harm, security cell and bed"):
        assert f'alt="{title}"' in html, title
    for table in ("stock", "grounds"):  # their charts sit beside their tables, titled as the table
        title = pub.tables[table].title("en")
        assert '<figure><img src="data:image/png;base64,' in html.split(f"<h2>{title}")[1].split("</section>")[0]
    assert "No day measurement had been concluded" in html
    with_day = pdf.publication_html(list(pub.tables.values()), period=pub.period, area=pub.area,
                                    data_instant=pub.data_instant, language="en",
                                    day_measurement={"date": date(2026, 3, 18), "bands": {"lt2h": 3, "ge8h": 1}})
    assert with_day.count('src="data:image/png;base64,') == 6
    assert 'alt="Time out of cell on the day of measurement"' in with_day and "(2026-03-18)" in with_day


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


@pytest.mark.django_db
def test_an_editions_pdf_is_rendered_once_per_language_then_served_stored(client, monkeypatch):
    from fellesskap.registry import roles as R
    from fellesskap.registry.tests import helpers as h
    from fellesskap.stats import cache
    from fellesskap.stats.actions import publish_edition
    from fellesskap.stats.models import EditionPdf

    edition = publish_edition(_publication(), actor=h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    rendered = []
    real = pdf.edition_pdf

    def counting(ed, language):
        rendered.append(language)
        return real(ed, language)

    monkeypatch.setattr(pdf, "edition_pdf", counting)
    first = client.get(f"/statistikk/utgave/{edition.pk}.pdf?lang=nb").content
    second = client.get(f"/statistikk/utgave/{edition.pk}.pdf?lang=nb").content
    assert first.startswith(b"%PDF-") and second == first
    assert rendered == ["nb"]  # the second download read the stored bytes
    english = client.get(f"/statistikk/utgave/{edition.pk}.pdf?lang=en").content
    assert english != first and rendered == ["nb", "en"]
    stored = EditionPdf.objects.get(edition=edition, language="nb")
    assert bytes(stored.data) == first and stored.layout == cache.LAYOUT
    # A new layout renders again instead of serving the old look.
    monkeypatch.setattr(cache, "LAYOUT", cache.LAYOUT + 1)
    assert cache.edition_pdf(edition, "nb").startswith(b"%PDF-") and rendered == ["nb", "en", "nb"]


@pytest.mark.django_db
def test_an_editions_pdf_does_not_change_when_later_months_or_corrections_are_published():
    """The PDF reads only what was published by the edition's own instant, which is what makes caching it right."""
    from fellesskap.registry import roles as R
    from fellesskap.registry.tests import helpers as h
    from fellesskap.stats.actions import publish_edition

    analyst = h.user_with_role(R.DIRECTORATE_ANALYST, national=True)
    march = publish_edition(_publication(), actor=analyst)
    seen = []  # the inputs each PDF is built from
    monkey = pytest.MonkeyPatch()
    monkey.setattr(pdf, "publication_pdf", lambda tables, **kw: seen.append(kw) or b"%PDF-")
    try:
        pdf.edition_pdf(march, "nb")
        february = monthly_publication(_publication_scenario(), "2026-02", rule_packs={"no-current": "t"})
        publish_edition(february, actor=analyst)  # published after March's edition
        pdf.edition_pdf(march, "nb")
    finally:
        monkey.undo()
    assert seen[0] == seen[1]
    assert {r["month"] for r in seen[0]["started_series"]} == {"2026-03"}
