"""The registration screens for appeals, isolation-reducing measures, incidents,
week plans, unit lock-ins and corrections: each goes through (happy path),
refuses bad input on the field, answers 404 for another prison's id and writes
its audit event."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions, bridge
from fellesskap.records.models import (
    Appeal,
    Category,
    CoerciveMeans,
    Exclusion,
    Incident,
    IsolationReducingMeasure,
    TimeSession,
    UnitLockIn,
    WeekPlan,
)
from fellesskap.records.tests.helpers import exclusion_in_force, make_world
from fellesskap.registry import roles as R
from fellesskap.registry.models import RecordVersion
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


@pytest.fixture(autouse=True)
def in_english(client, settings):
    """The screens are read in English here; the bokmål catalogue is checked in
    test_the_screens_speak_bokmal."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def local(x):
    return timezone.localtime(x).strftime("%Y-%m-%dT%H:%M")


def audited(command: str) -> bool:
    return AuditEvent.objects.filter(data__command=command).exists()


def outsider(client):
    """Logs in a leader of another prison: every id of prison A is 404 to them."""
    return h.login_as(client, R.PRISON_LEADER, h.make_prison("B"))


def security_cell(w):
    return actions.do_start_coercive_means(actor=w.leader, person=w.person, kind="security_cell",
                                           reason="danger_to_self", start=w.ago(hours=5))


# --- appeals -------------------------------------------------------------------------------------


def test_appeal_on_an_exclusion_lodged_forwarded_decided_and_shown(client, w):
    e = exclusion_in_force(w, start=w.ago(days=3))
    client.force_login(w.leader)
    r = client.post(reverse("records:appeal_new_exclusion", args=[e.public_id]),
                    {"lodged_at": local(w.ago(days=2)), "lodged_by": "the person's lawyer", "grounds": "Too long."})
    assert r.status_code == 302 and r["Location"] == reverse("records:exclusion_detail", args=[e.public_id])
    appeal = Appeal.objects.get()
    assert (appeal.exclusion, appeal.lodged_by, appeal.grounds) == (e, "the person's lawyer", "Too long.")
    assert audited("lodge_appeal")
    r = client.post(reverse("records:appeal_forward", args=[appeal.public_id]), {"to": "region",
                                                                                  "at": local(w.ago(days=1))})
    assert r.status_code == 302
    r = client.post(reverse("records:appeal_decide", args=[appeal.public_id]),
                    {"outcome": "upheld", "level": "region", "at": local(w.ago(hours=2)), "reasons": "Necessary."})
    assert r.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.forwarded_to, appeal.outcome, appeal.decision_reasons) == ("region", "upheld", "Necessary.")
    assert audited("forward_appeal") and audited("decide_appeal")
    page = client.get(reverse("records:exclusion_detail", args=[e.public_id])).content.decode()
    assert "the person&#x27;s lawyer" in page and "Necessary." in page


def test_appeal_on_a_coercive_means_is_shown_on_it_and_a_quashed_one_ends_it(client, w):
    means = security_cell(w)
    client.force_login(w.leader)
    r = client.post(reverse("records:appeal_new_means", args=[means.public_id]),
                    {"lodged_at": local(w.ago(hours=4)), "grounds": "Not needed."})
    assert r.status_code == 302
    appeal = Appeal.objects.get(coercive_means=means)
    client.post(reverse("records:appeal_decide", args=[appeal.public_id]),
                {"outcome": "quashed", "level": "region", "at": local(w.ago(hours=1))})
    means.refresh_from_db()
    assert means.end == w.ago(hours=1)
    page = client.get(reverse("records:coercive_detail", args=[means.public_id])).content.decode()
    assert "Not needed." in page


def test_appeal_errors_are_on_the_fields(client, w):
    e = exclusion_in_force(w, start=w.ago(days=3))
    client.force_login(w.leader)
    url = reverse("records:appeal_new_exclusion", args=[e.public_id])
    r = client.post(url, {"lodged_at": local(w.ago(days=9))})
    assert r.status_code == 422 and "id_lodged_at-errors" in r.content.decode()
    r = client.post(url, {"lodged_at": local(w.now + timedelta(days=3))})
    assert r.status_code == 422
    appeal = actions.do_lodge_appeal(actor=w.leader, exclusion=e, lodged_at=w.ago(days=1))
    r = client.post(reverse("records:appeal_forward", args=[appeal.public_id]), {"to": "region",
                                                                                  "at": local(w.ago(days=2))})
    assert r.status_code == 422  # forwarded before it was lodged
    assert Appeal.objects.get().forwarded_at is None


def test_appeal_screens_of_another_prison_are_404(client, w):
    e = exclusion_in_force(w, start=w.ago(days=3))
    appeal = actions.do_lodge_appeal(actor=w.leader, exclusion=e, lodged_at=w.ago(days=1))
    outsider(client)
    for url in (reverse("records:appeal_new_exclusion", args=[e.public_id]),
                reverse("records:appeal_forward", args=[appeal.public_id]),
                reverse("records:appeal_decide", args=[appeal.public_id]),
                reverse("records:exclusion_detail", args=[e.public_id])):
        assert client.get(url).status_code == 404, url


# --- measures and incidents ----------------------------------------------------------------------


def test_a_declined_measure_is_recorded_and_listed(client, w):
    client.force_login(w.officer)
    url = reverse("records:measure_new", args=[w.person.public_id])
    r = client.post(url, {"at": local(w.ago(hours=2)), "description": "Card game with the activity team",
                          "offered_by": "activity_team", "response": "declined"})
    assert r.status_code == 302
    m = IsolationReducingMeasure.objects.get()
    assert (m.response, m.offered_by) == ("declined", "activity_team")
    assert audited("record_measure")
    page = client.get(reverse("records:person_records", args=[w.person.public_id])).content.decode()
    assert "Card game with the activity team" in page


def test_measure_errors(client, w):
    client.force_login(w.officer)
    url = reverse("records:measure_new", args=[w.person.public_id])
    r = client.post(url, {"at": local(w.ago(days=3)), "description": "Walk", "offered_by": "volunteer",
                          "response": "accepted"})
    assert r.status_code == 422 and "id_backdate_reason-errors" in r.content.decode()
    r = client.post(url, {"at": local(w.ago(hours=1)), "description": "", "offered_by": "volunteer",
                          "response": "accepted"})
    assert r.status_code == 422
    assert not IsolationReducingMeasure.objects.exists()


def test_incident_recorded_with_health_told(client, w):
    client.force_login(w.officer)
    url = reverse("records:incident_new", args=[w.person.public_id])
    r = client.post(url, {"kind": "self_harm", "at": local(w.ago(hours=3)), "serious": "on",
                          "health_told_at": local(w.ago(hours=2)), "description": "Cut on the arm"})
    assert r.status_code == 302
    incident = Incident.objects.get()
    assert incident.serious and incident.health_told_at == w.ago(hours=2)
    assert audited("record_incident")
    page = client.get(reverse("records:person_records", args=[w.person.public_id])).content.decode()
    assert reverse("records:correct", args=["incident", incident.public_id]) in page


def test_incident_errors(client, w):
    client.force_login(w.officer)
    url = reverse("records:incident_new", args=[w.person.public_id])
    r = client.post(url, {"kind": "violence", "at": local(w.ago(hours=2)), "health_told_at": local(w.ago(hours=3))})
    assert r.status_code == 422 and "id_health_told_at-errors" in r.content.decode()
    assert not Incident.objects.exists()


def test_measure_and_incident_of_another_prison_are_404(client, w):
    outsider(client)
    for name in ("records:measure_new", "records:incident_new"):
        url = reverse(name, args=[w.person.public_id])
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "violence", "at": local(w.ago(hours=1))}).status_code == 404
    assert not Incident.objects.exists()


# --- week plans ----------------------------------------------------------------------------------


def _grid(day_rows: dict[int, list[tuple[str, str, str]]]) -> dict:
    data = {}
    for weekday, rows in day_rows.items():
        for n, (kind, start, end) in enumerate(rows):
            data |= {f"d{weekday}r{n}-kind": kind, f"d{weekday}r{n}-start": start, f"d{weekday}r{n}-end": end}
    return data


def test_week_plan_is_made_and_warns_of_short_days(client, w):
    e = exclusion_in_force(w, start=w.ago(days=3))
    client.force_login(w.officer)
    url = reverse("records:week_plan", args=[e.public_id])
    page = client.get(url)
    assert page.status_code == 200 and "no week plan yet" in page.content.decode()
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    full = {d: [("staff_conversation", "10:00", "11:00"), ("education", "13:00", "14:00")] for d in range(6)}
    full[6] = [("staff_conversation", "10:00", "11:00")]  # Sunday: 1 h only
    r = client.post(url, {"week_start": monday.isoformat(), **_grid(full)})
    assert r.status_code == 302
    plan = WeekPlan.objects.get()
    assert plan.short_days == [6] and plan.items.count() == 13
    assert audited("make_week_plan")
    page = client.get(r["Location"]).content.decode()
    assert "Less than 2 hours of meaningful contact is planned on:" in page and "Sunday" in page


def test_week_plan_shows_planned_against_actual(client, w):
    e = exclusion_in_force(w, start=w.ago(days=10) + timedelta(hours=1))
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday()) - timedelta(days=7)  # last week: every day is over
    actions.do_make_week_plan(actor=w.officer, exclusion=e, week_start=monday, backdate_reason="late", items=[
        {"weekday": d, "kind": "staff_conversation", "start_time": time(10), "end_time": time(12)} for d in range(7)])
    tuesday_10 = timezone.make_aware(timezone.datetime.combine(monday + timedelta(days=1), time(10)))
    actions.do_register_session(actor=w.officer, person=w.person, category=Category.CONTACT,
                                kind="staff_conversation", start=tuesday_10, end=tuesday_10 + timedelta(minutes=45),
                                backdate_reason="late")
    client.force_login(w.officer)
    r = client.get(reverse("records:week_plan", args=[e.public_id]), {"week": monday.isoformat()})
    table = r.content.decode().split("Planned against actual")[1].split("</table>")[0]
    rows = table.split("<tr>")[2:]
    assert len(rows) == 7
    assert "45 min" in rows[1] and "1 h 15 min" in rows[1]  # Tuesday: 45 min of 2 h, 1 h 15 min short
    assert "2 h" in rows[0] and "0 min" in rows[0]


def test_week_plan_errors_keep_the_input(client, w):
    e = exclusion_in_force(w, start=w.ago(days=3))
    client.force_login(w.officer)
    url = reverse("records:week_plan", args=[e.public_id])
    r = client.post(url, {"week_start": "2026-11-16", **_grid({0: [("visit", "12:00", "11:00")],
                                                              1: [("visit", "xx", "")]})})
    assert r.status_code == 422
    body = r.content.decode()
    assert "The end must be after the start." in body or "Enter a start and an end time" in body
    assert 'value="12:00"' in body
    assert not WeekPlan.objects.exists()


def test_excluded_persons_without_a_week_plan_are_listed(client, w):
    e = exclusion_in_force(w, start=w.ago(days=3))
    client.force_login(w.leader)
    url = reverse("records:week_plans_missing")
    page = client.get(url).content.decode()
    assert reverse("records:week_plan", args=[e.public_id]) in page
    assert AuditEvent.objects.filter(action="list", data__screen="week_plans_missing").exists()
    actions.do_make_week_plan(actor=w.officer, exclusion=e, week_start=timezone.localdate(), items=[])
    assert reverse("records:week_plan", args=[e.public_id]) not in client.get(url).content.decode()


def test_week_plan_of_another_prison_is_404(client, w):
    e = exclusion_in_force(w, start=w.ago(days=3))
    outsider(client)
    assert client.get(reverse("records:week_plan", args=[e.public_id])).status_code == 404
    assert reverse("records:week_plan", args=[e.public_id]) not in client.get(
        reverse("records:week_plans_missing")).content.decode()


# --- unit lock-ins -------------------------------------------------------------------------------


def test_unit_lock_in_registered_and_ended_applies_to_the_person_present(client, w):
    client.force_login(w.leader)
    url = reverse("records:lock_in_unit", args=[w.unit.pk])
    assert client.get(url).status_code == 200
    r = client.post(url, {"start": local(w.ago(hours=3)), "reason": "Too few officers on duty"})
    assert r.status_code == 302
    lock_in = UnitLockIn.objects.get()
    assert lock_in.end is None and audited("start_unit_lock_in")
    r = client.post(reverse("records:lock_in_end", args=[lock_in.public_id]), {})
    assert r.status_code == 302
    lock_in.refresh_from_db()
    assert lock_in.end is not None and audited("end_unit_lock_in")
    scenario = bridge.scenario_person(w.person, until=None)
    collective = [x for x in scenario.exclusions if x.ground == "building_or_staffing"]
    assert [x.id for x in collective] == [str(lock_in.public_id)]


def test_unit_lock_in_errors(client, w):
    client.force_login(w.leader)
    url = reverse("records:lock_in_unit", args=[w.unit.pk])
    r = client.post(url, {"start": local(w.ago(hours=3)), "end": local(w.ago(hours=4)), "reason": "Fire alarm"})
    assert r.status_code == 422
    r = client.post(url, {"start": local(w.ago(hours=3)), "reason": ""})
    assert r.status_code == 422
    assert not UnitLockIn.objects.exists()
    client.force_login(w.officer)  # an officer may not lock in a unit
    r = client.post(url, {"start": local(w.ago(hours=3)), "reason": "Staffing"})
    assert r.status_code == 422 and not UnitLockIn.objects.exists()


def test_unit_lock_in_of_another_prison_is_404(client, w):
    lock_in = actions.do_start_unit_lock_in(actor=w.leader, unit=w.unit, start=w.ago(hours=1), reason="Staffing")
    outsider(client)
    assert client.get(reverse("records:lock_in_unit", args=[w.unit.pk])).status_code == 404
    assert client.post(reverse("records:lock_in_end", args=[lock_in.public_id])).status_code == 404
    lock_in.refresh_from_db()
    assert lock_in.end is None


# --- corrections, deletions, history -------------------------------------------------------------


def test_correct_a_session_needs_a_reason_and_keeps_the_old_version(client, w):
    session = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                          start=w.ago(hours=5), end=w.ago(hours=4))
    client.force_login(w.officer)
    url = reverse("records:correct", args=["session", session.public_id])
    assert client.get(url).status_code == 200
    r = client.post(url, {"start": local(w.ago(hours=5)), "end": local(w.ago(hours=3)), "correction_reason": ""})
    assert r.status_code == 422 and "id_correction_reason-errors" in r.content.decode()
    r = client.post(url, {"start": local(w.ago(hours=5)), "end": local(w.ago(hours=6)), "correction_reason": "typo"})
    assert r.status_code == 422  # end before start
    r = client.post(url, {"start": local(w.ago(hours=5)), "end": local(w.ago(hours=3)),
                          "correction_reason": "came in later"})
    assert r.status_code == 302
    session.refresh_from_db()
    assert session.end == w.ago(hours=3) and session.version == 2
    assert AuditEvent.objects.filter(data__command="correct_record", reason="came in later").exists()


def test_delete_needs_a_reason_and_stops_counting(client, w):
    session = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                          start=w.ago(hours=5), end=w.ago(hours=4))
    client.force_login(w.officer)
    url = reverse("records:delete", args=["session", session.public_id])
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "registered on the wrong person"}).status_code == 302
    assert not TimeSession.objects.exists() and TimeSession.all_objects.get().withdrawn_reason
    assert audited("withdraw_record")


def test_correct_an_exclusion_and_a_coercive_means_on_screen(client, w):
    e = exclusion_in_force(w, start=w.ago(days=3))
    means = security_cell(w)
    client.force_login(w.leader)
    r = client.post(reverse("records:correct", args=["exclusion", e.public_id]), {
        "scope": "full", "ground": e.ground, "start": local(w.ago(days=2)), "decided_level": "prison",
        "reasons": e.reasons, "own_statement": e.own_statement, "legal_basis": e.legal_basis,
        "correction_reason": "wrong start"})
    assert r.status_code == 302, r.content.decode()[:2000]
    e.refresh_from_db()
    assert e.start == w.ago(days=2)
    r = client.post(reverse("records:correct", args=["coercive-means", means.public_id]), {
        "kind": "security_cell", "reason": "danger_to_self", "start": local(w.ago(hours=4)),
        "decided_level": "prison", "correction_reason": "wrong start"})
    assert r.status_code == 302
    assert CoerciveMeans.objects.get().start == w.ago(hours=4)


def test_history_is_for_leaders_and_auditors_only(client, w):
    session = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                          start=w.ago(hours=5), end=w.ago(hours=4))
    actions.do_correct_record(actor=w.officer, record=session, changes={"end": w.ago(hours=3)}, reason="later")
    url = reverse("records:history", args=["session", session.public_id])
    client.force_login(w.officer)
    assert client.get(url).status_code == 403
    client.force_login(w.leader)
    r = client.get(url)
    assert r.status_code == 200
    body = r.content.decode()
    assert "later" in body and w.officer.get_username() in body and "<code>end</code>" in body
    assert AuditEvent.objects.filter(data__purpose="version_history").exists()
    auditor = h.user_with_role(R.REGION_ADVISOR, region=w.prison.region.code)
    client.force_login(auditor)
    assert client.get(url).status_code == 200
    assert RecordVersion.objects.filter(record_id=session.public_id).count() == 2


def test_corrections_of_another_prison_are_404(client, w):
    session = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                          start=w.ago(hours=5), end=w.ago(hours=4))
    lock_in = actions.do_start_unit_lock_in(actor=w.leader, unit=w.unit, start=w.ago(hours=1), reason="Staffing")
    outsider(client)
    for kind, record in (("session", session), ("lock-in", lock_in)):
        for name in ("records:correct", "records:delete", "records:history"):
            assert client.get(reverse(name, args=[kind, record.public_id])).status_code == 404
        assert client.post(reverse("records:delete", args=[kind, record.public_id]),
                           {"reason": "x"}).status_code == 404
    assert TimeSession.objects.exists() and UnitLockIn.objects.exists()
    assert client.get(reverse("records:correct", args=["nonsense", session.public_id])).status_code == 404


def test_backdated_registration_is_flagged_on_screen(client, w):
    client.force_login(w.officer)
    r = client.post(reverse("records:incident_new", args=[w.person.public_id]), {
        "kind": "violence", "at": local(w.ago(days=3)), "backdate_reason": "paper form found"})
    assert r.status_code == 302
    assert Incident.objects.get().backdated
    page = client.get(reverse("records:person_records", args=[w.person.public_id])).content.decode()
    assert "registered late" in page and "paper form found" in page


def test_exclusion_and_coercive_means_pages_link_to_their_letters(client, w):
    e = exclusion_in_force(w, start=w.ago(days=3))
    means = security_cell(w)
    client.force_login(w.leader)
    page = client.get(reverse("records:exclusion_detail", args=[e.public_id])).content.decode()
    assert reverse("letters:exclusion", args=[e.public_id, "nb"]) in page
    assert reverse("letters:exclusion", args=[e.public_id, "en"]) in page
    page = client.get(reverse("records:coercive_detail", args=[means.public_id])).content.decode()
    assert reverse("letters:coercive_means", args=[means.public_id, "nb"]) in page
    assert reverse("letters:coercive_means", args=[means.public_id, "en"]) in page
    assert Exclusion.objects.count() == 1


def test_the_screens_speak_bokmal(client, w):
    e = exclusion_in_force(w, start=w.ago(days=3))
    client.cookies["django_language"] = "nb"
    client.force_login(w.leader)
    page = client.get(reverse("records:week_plan", args=[e.public_id])).content.decode()
    assert "Ukeplan" in page and "Week plan" not in page
    page = client.get(reverse("records:lock_in_unit", args=[w.unit.pk])).content.decode()
    assert "Innlåsing av avdelingen" in page


def test_lock_in_units_list_marks_a_locked_unit(client, w):
    actions.do_start_unit_lock_in(actor=w.leader, unit=w.unit, start=w.ago(hours=1), reason="Staffing")
    client.force_login(w.officer)
    page = client.get(reverse("records:lock_in_units")).content.decode()
    assert reverse("records:lock_in_unit", args=[w.unit.pk]) in page and "locked in now" in page
    outsider(client)
    assert reverse("records:lock_in_unit", args=[w.unit.pk]) not in client.get(
        reverse("records:lock_in_units")).content.decode()
