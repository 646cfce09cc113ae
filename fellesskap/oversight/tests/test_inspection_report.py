"""Inspections: each save is a new version and the versions before stay as
they were; the report renders as HTML and PDF in bokmål and English."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from fellesskap.oversight import actions, checklist, report
from fellesskap.oversight.models import AppendOnlyError, InspectionVersion
from fellesskap.oversight.tests.helpers import h, means, world
from fellesskap.records.models import CoerciveMeans
from fellesskap.registry import roles as R

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def start(w, user):
    today = timezone.localdate()
    return actions.do_start_inspection(actor=user, prison=w.prison, period_start=today - timedelta(days=30),
                                       period_end=today)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_saving_makes_a_new_version_and_keeps_the_old(w):
    inspector = h.user_with_role(R.INSPECTOR, w.prison)
    inspection = start(w, inspector)
    first = inspection.current
    assert first.number == 1 and {i["answer"] for i in first.items} == {checklist.NOT_ASSESSED}
    second = actions.do_save_inspection(actor=inspector, inspection=inspection, summary="Visited 12 March.",
                                        answers={"health_coercive": (checklist.NOT_MET, "Nobody told health.")})
    assert second.number == 2 and inspection.current == second
    first.refresh_from_db()
    assert {i["answer"] for i in first.items} == {checklist.NOT_ASSESSED} and first.summary == ""
    answered = {i["code"]: i for i in second.items}
    assert answered["health_coercive"]["answer"] == checklist.NOT_MET
    assert answered["health_coercive"]["comment"] == "Nobody told health."
    with pytest.raises(AppendOnlyError):
        first.save()
    assert InspectionVersion.objects.filter(inspection=inspection).count() == 2


def test_not_met_needs_a_comment_and_an_unknown_answer_is_refused(w):
    inspector = h.user_with_role(R.INSPECTOR, w.prison)
    inspection = start(w, inspector)
    with pytest.raises(ValidationError) as e:
        actions.do_save_inspection(actor=inspector, inspection=inspection,
                                   answers={"week_plans": (checklist.NOT_MET, " "), "outdoor_time": ("maybe", "")})
    assert set(e.value.message_dict) == {"comment_week_plans", "answer_outdoor_time"}
    assert inspection.versions.count() == 1


def test_a_period_that_ends_before_it_starts_is_refused(w):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as e:
        actions.do_start_inspection(actor=h.user_with_role(R.INSPECTOR, w.prison), prison=w.prison,
                                    period_start=today, period_end=today - timedelta(days=1))
    assert "period_end" in e.value.message_dict


def test_the_inspector_completes_the_checklist_on_the_screen(client, w):
    means(w, "security_cell", w.ago(days=2), w.ago(days=2) + timedelta(hours=2), reasons="Danger.")
    h.login_as(client, R.INSPECTOR, w.prison)
    today = timezone.localdate()
    response = client.post(reverse("oversight:inspections") + "?prison=A", {
        "period_start": (today - timedelta(days=30)).isoformat(), "period_end": today.isoformat()})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    # The evidence links to the person's page.
    assert reverse("web:person", kwargs={"person_id": w.person.public_id}) in page.content.decode()
    cell = CoerciveMeans.objects.get()
    assert reverse("letters:coercive_means", kwargs={"means_id": cell.public_id, "language": "nb"}) \
        in page.content.decode()
    data = {f"answer_{i.code}": checklist.MET for i in checklist.ITEMS}
    data |= {"answer_health_coercive": checklist.NOT_MET, "comment_health_coercive": "Not told.", "summary": "Good."}
    assert client.post(response["Location"], data).status_code == 302
    inspection = InspectionVersion.objects.get(number=2).inspection
    assert inspection.current.summary == "Good."


def test_the_board_reads_but_does_not_complete_an_inspection(client, w):
    inspection = start(w, h.user_with_role(R.INSPECTOR, w.prison))
    h.login_as(client, R.SUPERVISORY_BOARD_MEMBER, w.prison)
    url = reverse("oversight:inspection", kwargs={"inspection_id": inspection.public_id})
    assert client.get(url).status_code == 200
    h.login_as(client, R.HEALTH_STAFF, w.prison)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("language", "title", "item"), [
    ("nb", "Inspeksjonsrapport", "Helsetjenesten varslet om alle tvangsmidler"),
    ("en", "Inspection report", "Health told of every coercive means"),
])
def test_the_report_renders_as_pdf_in_both_languages(client, w, language, title, item):
    means(w, "security_cell", w.ago(days=2), w.ago(days=2) + timedelta(hours=2), reasons="Danger.")
    inspector = h.user_with_role(R.INSPECTOR, w.prison)
    inspection = start(w, inspector)
    actions.do_save_inspection(actor=inspector, inspection=inspection,
                               answers={"health_coercive": (checklist.NOT_MET, "Health was never told.")})
    client.force_login(inspector)
    url = reverse("oversight:inspection_report", kwargs={"inspection_id": inspection.public_id,
                                                         "language": language, "fmt": "pdf"})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert title in text and item in text and "Health was never told." in text and w.prison.name in text
    assert w.person.national_id not in text
    # An earlier version is still printed as it was.
    v1 = pdf_text(client.get(url + "?version=1").content)
    assert "Health was never told." not in v1
    html = client.get(url.replace(".pdf", ".html")).content.decode()
    assert title in html and "oversight/report.css" in html


def test_the_report_html_has_no_inline_style(w):
    inspector = h.user_with_role(R.INSPECTOR, w.prison)
    inspection = start(w, inspector)
    html = report.render_html(inspection, inspection.current, "nb")
    assert "style=" not in html and "<script" not in html
