"""The letter screens: who may open them (404 otherwise), the audit event of
each view and download, and the PDF."""

import re
import zlib

import pytest
from django.urls import reverse

from fellesskap.audit.models import AuditEvent
from fellesskap.letters.tests import helpers as lh
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision():
    prison, person, leader = lh.world()
    return prison, person, lh.exclusion(person, leader)


def _url(record, language="nb", pdf=False, kind="exclusion"):
    return reverse(f"letters:{kind}_pdf" if pdf else f"letters:{kind}", args=[record.public_id, language])


def test_path_holds_opaque_ids_only(decision):
    _prison, person, exclusion = decision
    url = _url(exclusion, pdf=True)
    assert url == f"/letters/exclusions/{exclusion.public_id}/nb/pdf/"
    assert person.national_id not in url and "Østby" not in url


@pytest.mark.parametrize("language", ["nb", "en"])
def test_officer_of_the_prison_reads_the_letter_and_it_is_audited(client, decision, language):
    prison, person, exclusion = decision
    h.login_as(client, R.OFFICER, prison)
    before = AuditEvent.objects.count()
    response = client.get(_url(exclusion, language))
    assert response.status_code == 200
    assert ("Vedtak om hel utelukkelse" if language == "nb" else "Decision on full exclusion") in response.text
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_id, event.person) == ("view", str(exclusion.public_id), str(person.public_id))
    assert event.data["purpose"] == "decision_letter" and event.data["language"] == language
    assert event.data["format"] == "html"
    # Nothing personal in the audit event.
    assert person.national_id not in str(event.data) and "Østby" not in str(event.data)


@pytest.mark.parametrize("pdf", [False, True])
def test_another_prison_gets_404_and_nothing_is_audited(client, decision, pdf):
    _prison, _person, exclusion = decision
    other = h.make_prison("B")
    h.login_as(client, R.PRISON_LEADER, other)
    before = AuditEvent.objects.count()
    assert client.get(_url(exclusion, pdf=pdf)).status_code == 404
    assert AuditEvent.objects.count() == before


def test_a_role_that_sees_no_person_gets_404(client, decision):
    _prison, _person, exclusion = decision
    h.login_as(client, R.DIRECTORATE_ANALYST, national=True)
    assert client.get(_url(exclusion)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, decision):
    response = client.get(_url(decision[2]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("path", [
    "/letters/exclusions/00000000-0000-0000-0000-000000000000/nb/",
    "/letters/exclusions/{id}/sv/",
    "/letters/coercive-means/{id}/nb/",  # an exclusion's id is no coercive means
])
def test_unknown_things_are_404(client, decision, path):
    prison, _person, exclusion = decision
    h.login_as(client, R.OFFICER, prison)
    assert client.get(path.format(id=exclusion.public_id)).status_code == 404


def _pdf_title(pdf: bytes) -> str:
    """The document title from the PDF's info dictionary (a literal or a UTF-16
    hex string), which may sit in a compressed object stream."""
    unpacked = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            unpacked.append(zlib.decompress(stream))
        except zlib.error:
            pass
    match = re.search(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]+>)", b"\n".join(unpacked))
    assert match, "the PDF has no title"
    raw = match.group(1)
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
        return data.decode("utf-16") if data[:2] in (b"\xfe\xff", b"\xff\xfe") else data.decode("latin-1")
    return raw[1:-1].decode("latin-1")


@pytest.mark.parametrize(("language", "title"), [
    ("nb", "Vedtak om hel utelukkelse"), ("en", "Decision on full exclusion"),
])
def test_pdf_download(client, decision, language, title):
    prison, _person, exclusion = decision
    h.login_as(client, R.UNIT_LEADER, prison)
    response = client.get(_url(exclusion, language, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"vedtak-{exclusion.public_id}-{language}.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert _pdf_title(response.content) == title
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.data["format"]) == ("export", "pdf")


def test_security_cell_letter_screen(client, db):
    prison, person, leader = lh.world()
    means = lh.security_cell(person, leader)
    h.login_as(client, R.OFFICER, prison)
    response = client.get(_url(means, "en", kind="coercive_means"))
    assert response.status_code == 200
    assert "Decision on the use of a coercive means: security cell" in response.text


def test_missing_pango_is_a_clear_503_not_a_traceback(client, decision, monkeypatch):
    from fellesskap.letters import render

    def broken(_letter):
        raise render.PdfUnavailable("PDF rendering is not available (no pango); run `make pdf-deps`.")

    monkeypatch.setattr(render, "render_pdf", broken)
    prison, _person, exclusion = decision
    h.login_as(client, R.OFFICER, prison)
    response = client.get(_url(exclusion, pdf=True))
    assert response.status_code == 503
    assert "make pdf-deps" in response.text


def test_screen_has_no_inline_style_and_links_the_stylesheet(client, decision):
    """The Content-Security-Policy allows styles from our own files only."""
    prison, _person, exclusion = decision
    h.login_as(client, R.OFFICER, prison)
    html = client.get(_url(exclusion)).text
    assert "<style" not in html and " style=" not in html
    assert "letters/letter.css" in html


def test_page_footer_strings_are_escaped():
    from fellesskap.letters.render import css_string

    assert css_string('Fengsel "A" </style>') == '"Fengsel \\22 A\\22  \\3C /style\\3E "'
