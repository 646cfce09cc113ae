"""Subject access: the JSON holds every record, version and audit event about
the person and nothing about anyone else; the PDF is a real, readable PDF;
the screen button is for leaders only; every export is audited."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from fellesskap.audit.models import AuditEvent
from fellesskap.registry import actions, reading
from fellesskap.registry.tests import helpers as h
from fellesskap.security import subject_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    a, b = h.make_prison("A"), h.make_prison("B")
    unit = h.make_unit(a, "Vest")
    leader = h.registrar(a)
    person = h.make_person(a, given_name="Ingrid", family_name="Innsyn", birth_date=date(1975, 3, 9))
    actions.do_correct_person(actor=leader, person=person, changes={"family_name": "Innsynsen"}, reason="giftet seg")
    stay = h.make_stay(person, a, h.at("2026-01-05 10:00"), unit=unit)
    actions.do_set_sensitive_flags(actor=leader, person=person, flags={"mental_illness": True}, reason="helse")
    reading.read_person(leader, person.public_id)
    other = h.make_person(b, given_name="Annen", family_name="Person")
    h.make_stay(other, b, h.at("2026-01-05 10:00"))
    return person, stay, other


def test_json_holds_every_record_version_and_event(person):
    person, stay, other = person
    doc = json.loads(subject_access.to_json(subject_access.collect(person)))
    assert doc["format"] == "fellesskap-subject-access"
    assert doc["person"]["family_name"] == "Innsynsen" and doc["person"]["mental_illness"] is True
    assert [s["public_id"] for s in doc["records"]["registry.stay"]] == [str(stay.public_id)]
    assert len(doc["records"]["registry.placement"]) == 1 and len(doc["records"]["registry.statusperiod"]) == 1
    person_versions = [v for v in doc["versions"] if v["record_id"] == str(person.public_id)]
    assert [(v["version"], v["snapshot"]["family_name"]) for v in person_versions][:2] == [
        (1, "Innsyn"), (2, "Innsynsen")]
    assert {v["record_type"] for v in doc["versions"]} >= {"registry.person", "registry.stay",
                                                            "registry.placement", "registry.statusperiod"}
    expected_events = AuditEvent.objects.filter(person=str(person.public_id)).count()
    assert expected_events >= 4 and len(doc["audit_events"]) == expected_events
    assert {"create", "correct", "view"} <= {e["action"] for e in doc["audit_events"]}
    text = json.dumps(doc)
    assert str(other.public_id) not in text and "Annen" not in text


def test_command_writes_json_and_pdf_and_audits(person, tmp_path):
    person, *_ = person
    out = io.StringIO()
    call_command("subject-access", str(person.public_id), "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["person"]["public_id"] == str(person.public_id)
    pdf = tmp_path / "innsyn.pdf"
    call_command("subject-access", str(person.public_id), "--format", "pdf", "-o", str(pdf), stderr=io.StringIO())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 5000
    exports = AuditEvent.objects.filter(action="export", person=str(person.public_id))
    assert sorted(e.data["format"] for e in exports) == ["json", "pdf"]


def test_pdf_text_is_readable(person, tmp_path):
    """The names, the stay and the audit events are in the PDF as text."""
    pypdf = pytest.importorskip("pypdf")
    person, stay, _ = person
    with translation.override("en"):
        data = subject_access.to_pdf(subject_access.collect(person))
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in ("Innsynsen", "registry.stay", "Audit events", "giftet seg"):
        assert expected in text


@pytest.mark.parametrize("bad", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_command_names_the_bad_argument(bad):
    with pytest.raises(CommandError, match="person:"):
        call_command("subject-access", bad)


def test_pdf_needs_a_file(person):
    with pytest.raises(CommandError, match="--output"):
        call_command("subject-access", str(person[0].public_id), "--format", "pdf")


@pytest.mark.parametrize(("role", "expected"), [("prison_leader", 200), ("officer", 403), ("health_staff", 403),
                                                ("unit_leader", 403)])
def test_screen_button_and_download_for_leaders_only(client, person, role, expected):
    person, *_ = person
    h.login_as(client, role, h.Prison.objects.get(code="A"))
    detail = client.get(f"/registry/persons/{person.public_id}/").content.decode()
    assert (f"/registry/persons/{person.public_id}/subject-access.pdf" in detail) == (expected == 200)
    response = client.get(f"/registry/persons/{person.public_id}/subject-access.json")
    assert response.status_code == expected
    if expected == 200:
        assert json.loads(response.content)["person"]["family_name"] == "Innsynsen"
        assert response["Content-Disposition"].endswith(f'subject-access-{person.public_id}.json"')
        assert client.get(f"/registry/persons/{person.public_id}/subject-access.pdf").content.startswith(b"%PDF")
        assert client.get(f"/registry/persons/{person.public_id}/subject-access.xml").status_code == 404


def test_leader_of_another_prison_gets_404(client, person):
    person, *_ = person
    h.login_as(client, "prison_leader", h.Prison.objects.get(code="B"))
    assert client.get(f"/registry/persons/{person.public_id}/subject-access.json").status_code == 404
