"""The bridge: records made through the command layer become exactly the typed
records the ledger reads; import then export gives the scenario back."""

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fellesskap.records import actions, bridge, scenario_io
from fellesskap.records.models import Category
from fellesskap.records.tests.helpers import LETTER, exclusion_in_force, make_world
from fellesskap.registry import actions as registry_actions
from fellesskap.registry.models import Person
from fellesskap.registry.tests import helpers as h
from fellesskap.scenario import model as m
from fellesskap.scenario.parse import parse_scenario

pytestmark = pytest.mark.django_db


def utc(x: datetime) -> datetime:
    return x.astimezone(UTC)


def test_records_made_through_actions_become_the_expected_person():
    w = make_world()
    t = w.ago
    reg = h.registrar(w.prison)
    registry_actions.do_change_status(actor=reg, stay=w.stay, status="sentenced", at=t(days=6))
    e1 = exclusion_in_force(w, start=t(days=5))
    e2 = actions.do_renew_exclusion(actor=w.leader, previous=e1, start=t(days=2), letter=LETTER,
                                    backdate_reason="late")
    draft = actions.do_create_exclusion(actor=w.leader, person=w.person, scope="partial", ground="own_wish",
                                        partial_from="work", start=t(hours=3))
    actions.do_withdraw_record(actor=w.leader, record=draft, reason="mistake")
    revoked = exclusion_in_force(w, start=t(hours=2), scope="partial", partial_from="school", ground="other")
    actions.do_record_review(actor=w.leader, subject=revoked, at=t(hours=1), level="prison", outcome="end")
    actions.do_revoke_exclusion(actor=w.leader, exclusion=revoked, reason="wrong ground")
    cell = actions.do_start_coercive_means(actor=w.officer, person=w.person, kind="security_cell",
                                           reason="danger_to_self", start=t(days=4), end=t(days=4) + timedelta(hours=3),
                                           backdate_reason="late")
    actions.do_record_supervision(actor=w.officer, subject=cell, at=t(days=4) + timedelta(minutes=30),
                                  backdate_reason="late")
    actions.do_record_review(actor=w.leader, subject=e1, at=t(days=3), level="region", outcome="continue",
                             backdate_reason="late")
    actions.do_make_week_plan(actor=w.officer, exclusion=e1, week_start=date(2026, 1, 5), items=[],
                              made_at=t(days=5) + timedelta(hours=2), backdate_reason="late")
    actions.do_register_session(actor=w.officer, person=w.person, category=Category.CONTACT, kind="chaplain",
                                start=t(hours=6), end=t(hours=5), counterpart="chaplain")
    actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                start=t(hours=8), end=t(hours=7))
    unlock = actions.do_open_session(actor=w.officer, person=w.person, category=Category.UNLOCK, start=t(minutes=30))
    gone = actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                       start=t(hours=10), end=t(hours=9))
    actions.do_withdraw_record(actor=w.officer, record=gone, reason="other person")
    actions.do_record_incident(actor=w.officer, person=w.person, kind="self_harm", at=t(hours=4), serious=True)
    lock = actions.do_start_unit_lock_in(actor=w.leader, unit=w.unit, start=t(days=7), end=t(days=7) + timedelta(hours=6),
                                         reason="staff shortage", backdate_reason="late")
    w.person.mental_illness = True
    w.person.save()

    got = bridge.scenario_person(Person.objects.get(pk=w.person.pk), until=None)

    expected = m.Person(
        id=str(w.person.public_id), birth_date=date(1990, 5, 17), sex="male", flags=frozenset({"mental_illness"}),
        stays=(m.Stay(prison="A", status="remand", start=utc(t(days=10)), end=utc(t(days=6)), unit="A"),
               m.Stay(prison="A", status="sentenced", start=utc(t(days=6)), end=None, unit="A")),
        exclusions=(
            m.Exclusion(id=str(lock.public_id), scope="full", ground="building_or_staffing",
                        start=utc(t(days=7)), end=utc(t(days=7) + timedelta(hours=6))),
            m.Exclusion(id=str(e1.public_id), scope="full", ground="order_and_security",
                        start=utc(t(days=5)), end=utc(t(days=2))),
            m.Exclusion(id=str(e2.public_id), scope="full", ground="order_and_security",
                        start=utc(t(days=2)), end=None),
        ),
        coercive_means=(m.CoerciveMeans(id=str(cell.public_id), kind="security_cell", start=utc(t(days=4)),
                                        end=utc(t(days=4) + timedelta(hours=3)), reason="danger_to_self"),),
        contacts=(m.Contact(kind="chaplain", start=utc(t(hours=6)), end=utc(t(hours=5))),),
        outdoor=(m.Session(start=utc(t(hours=8)), end=utc(t(hours=7))),),
        unlock=(m.Session(start=utc(unlock.start), end=None),),
        reviews=(m.Review(subject=str(e1.public_id), level="region", at=utc(t(days=3))),),
        supervisions=(m.Supervision(subject=str(cell.public_id), at=utc(t(days=4) + timedelta(minutes=30))),),
        week_plans=(m.WeekPlan(subject=str(e1.public_id), at=utc(t(days=5) + timedelta(hours=2))),),
        incidents=(m.Incident(kind="self_harm", at=utc(t(hours=4)), serious=True),),
    )
    assert got == expected
    # ``until`` leaves out what starts at or after it.
    early = bridge.scenario_person(w.person, until=t(days=3))
    assert [e.id for e in early.exclusions] == [str(lock.public_id), str(e1.public_id)]
    assert early.contacts == () and early.incidents == ()


def test_a_lock_in_applies_to_each_person_in_the_unit_for_the_overlap_only():
    w = make_world()
    t = w.ago
    lock = actions.do_start_unit_lock_in(actor=w.leader, unit=w.unit, start=t(hours=6), end=t(hours=2),
                                         reason="building")
    other_unit = h.make_unit(w.prison, "B")
    registry_actions.do_place_in_cell(actor=h.registrar(w.prison), stay=w.stay, unit=other_unit, at=t(hours=4))
    elsewhere = h.make_person(w.prison)
    h.make_stay(elsewhere, w.prison, t(days=3), unit=other_unit)
    got = bridge.scenario_person(w.person, until=None).exclusions
    assert got == (m.Exclusion(id=str(lock.public_id), scope="full", ground="building_or_staffing",
                               start=utc(t(hours=6)), end=utc(t(hours=4))),)
    assert bridge.scenario_person(elsewhere, until=None).exclusions == ()


SCENARIO = {
    "timezone": "Europe/Oslo",
    "census_time": "12:00",
    "period": {"start": "2026-03-01", "end": "2026-04-01"},
    "evaluated_at": "2026-04-01T00:00:00+02:00",
    "prisons": [{"code": "OSL", "region": "east", "security_level": "high"},
                {"code": "TRO", "region": "north", "security_level": "lower"}],
    "persons": [
        {"id": "P1", "birth_date": "1990-05-17", "sex": "female", "flags": ["pregnant"],
         "stays": [
             {"prison": "OSL", "unit": "A", "status": "remand", "start": "2026-02-20T14:00:00+01:00",
              "end": "2026-03-10T09:00:00+01:00"},
             {"prison": "OSL", "unit": "B", "status": "sentenced", "start": "2026-03-10T09:00:00+01:00",
              "end": "2026-03-20T12:00:00+01:00"},
             {"prison": "TRO", "status": "sentenced", "start": "2026-03-20T12:00:00+01:00", "end": None}],
         "exclusions": [
             {"id": "E1", "scope": "full", "ground": "order_and_security",
              "start": "2026-03-02T08:00:00+01:00", "end": "2026-03-16T08:00:00+01:00"},
             {"id": "E2", "scope": "full", "ground": "order_and_security",
              "start": "2026-03-16T08:00:00+01:00", "end": None},
             {"id": "E3", "scope": "partial", "ground": "own_wish",
              "start": "2026-02-25T08:00:00+01:00", "end": "2026-02-27T08:00:00+01:00"}],
         "coercive_means": [{"id": "C1", "kind": "security_cell", "reason": "danger_to_self",
                             "start": "2026-03-05T22:10:00+01:00", "end": "2026-03-06T03:40:00+01:00"},
                            {"id": "C2", "kind": "handcuffs",
                             "start": "2026-03-07T10:00:00+01:00", "end": "2026-03-07T10:30:00+01:00"}],
         "contacts": [{"kind": "association", "start": "2026-03-01T09:00:00+01:00",
                       "end": "2026-03-01T11:30:00+01:00"},
                      {"kind": "phone", "start": "2026-03-03T09:00:00+01:00", "end": "2026-03-03T09:10:00+01:00"}],
         "outdoor": [{"start": "2026-03-03T13:00:00+01:00", "end": "2026-03-03T14:00:00+01:00"}],
         "unlock": [{"start": "2026-03-29T08:00:00+02:00", "end": None}],
         "reviews": [{"subject": "E1", "level": "region", "at": "2026-03-15T10:00:00+01:00"}],
         "supervisions": [{"subject": "C1", "at": "2026-03-05T23:00:00+01:00"}],
         "week_plans": [{"subject": "E1", "at": "2026-03-02T15:00:00+01:00"}],
         "incidents": [{"kind": "self_harm", "at": "2026-03-08T10:00:00+01:00", "serious": True}]},
        {"id": "P2", "stays": [{"prison": "TRO", "status": "preventive_detention",
                                "start": "2026-01-01T00:00:00+01:00", "end": None}]},
    ],
}


def _normalised(s: m.Scenario, person_name) -> list:
    """The scenario's records with person ids renamed by ``person_name`` and
    decision ids by their order (start, kind), everything sorted."""
    out = []
    for p in sorted(s.persons, key=lambda p: person_name(p.id)):
        decisions = sorted([*p.exclusions, *p.coercive_means], key=lambda d: (d.start, getattr(d, "kind", "")))
        name = {d.id: f"D{i}" for i, d in enumerate(decisions)}
        out.append((
            person_name(p.id), p.birth_date, p.sex, p.flags, sorted(p.stays, key=lambda x: x.start),
            sorted((name[e.id], e.scope, e.ground, e.start, e.end) for e in p.exclusions),
            sorted((name[c.id], c.kind, c.reason, c.start, c.end) for c in p.coercive_means),
            sorted((c.kind, c.start, c.end) for c in p.contacts), sorted((x.start, x.end) for x in p.outdoor),
            sorted((x.start, x.end, "u") for x in p.unlock),
            sorted((name[r.subject], r.level, r.at) for r in p.reviews),
            sorted((name[x.subject], x.at) for x in p.supervisions),
            sorted((name[x.subject], x.at) for x in p.week_plans),
            sorted((i.kind, i.at, i.serious) for i in p.incidents),
        ))
    return out


def test_export_of_import_reproduces_the_scenario(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SCENARIO))
    call_command("scenario", "import", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("scenario", "export", "--from", "2026-03-01", "--to", "2026-04-01",
                 "--at", "2026-04-01T00:00:00+02:00", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["persons"][0]["stays"][0]["start"].endswith(("+01:00", "+02:00"))
    assert doc["evaluated_at"] == "2026-04-01T00:00:00+02:00"
    alias = {str(p.public_id): p.alias for p in Person.objects.all()}
    original = parse_scenario(SCENARIO)
    exported = parse_scenario(doc)
    assert _normalised(exported, alias.__getitem__) == _normalised(original, lambda x: x)
    assert (exported.period_start, exported.period_end, exported.evaluated_at) == (
        original.period_start, original.period_end, original.evaluated_at)
    assert exported.prisons == original.prisons


def test_export_filters_by_prison_and_pseudonymises(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SCENARIO))
    call_command("scenario", "import", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("scenario", "export", "--from", "2026-03-01", "--to", "2026-03-15", "--prison", "OSL",
                 "--pseudonymise", stdout=out)
    doc = json.loads(out.getvalue())
    assert [p["id"] for p in doc["persons"]] == ["P1"]
    ids = [e["id"] for e in doc["persons"][0]["exclusions"]]
    assert ids == ["D1", "D2", "D3"]
    assert doc["persons"][0]["reviews"][0]["subject"] in ids
    text = out.getvalue()
    assert all(str(p.public_id) not in text for p in Person.objects.all())


def test_import_refuses_a_database_with_persons(tmp_path):
    w = make_world()
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SCENARIO))
    with pytest.raises(CommandError, match="empty database"):
        call_command("scenario", "import", str(path), stdout=io.StringIO())
    assert Person.objects.get() == w.person


def test_import_names_the_bad_field(tmp_path):
    bad = json.loads(json.dumps(SCENARIO))
    bad["persons"][0]["exclusions"][0]["start"] = "2026-03-02T08:00:00"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(CommandError, match=r"persons\[0\]\.exclusions\[0\]\.start"):
        call_command("scenario", "import", str(path), stdout=io.StringIO())
    assert not Person.objects.exists()


def test_export_rejects_bad_arguments():
    with pytest.raises(CommandError, match="--to"):
        call_command("scenario", "export", "--from", "2026-03-05", "--to", "2026-03-01", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--prison"):
        call_command("scenario", "export", "--from", "2026-03-01", "--to", "2026-03-02", "--prison", "NOPE",
                     stdout=io.StringIO())


def test_document_round_trips_through_the_parser():
    s = parse_scenario(SCENARIO)
    assert parse_scenario(scenario_io.to_document(s)) == s


def test_scenario_for_costs_the_same_queries_for_many_persons(tmp_path, django_assert_max_num_queries):
    doc = json.loads(json.dumps(SCENARIO))
    for n in range(3, 13):
        extra = json.loads(json.dumps(doc["persons"][0]))
        extra["id"] = f"P{n}"
        doc["persons"].append(extra)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc))
    call_command("scenario", "import", str(path), stdout=io.StringIO())
    persons = list(Person.objects.all())
    assert len(persons) == 12
    # One query per table (stays, status, placements, lock-ins, exclusions, means, sessions, reviews,
    # checks, plans, incidents), prisons once: not a dozen per person.
    with django_assert_max_num_queries(13):
        s = bridge.scenario_for(persons, date(2026, 3, 1), date(2026, 4, 1), datetime(2026, 4, 1, tzinfo=UTC))
    assert len(s.persons) == 12 and all(len(p.exclusions) == 3 for p in s.persons if p.stays[0].prison == "OSL")


def test_imported_sessions_are_versioned_like_any_other(tmp_path):
    from fellesskap.records.models import TimeSession
    from fellesskap.registry.versioning import history

    path = tmp_path / "s.json"
    path.write_text(json.dumps(SCENARIO))
    call_command("scenario", "import", str(path), stdout=io.StringIO())
    session = TimeSession.objects.get(kind="association")
    versions = list(history(session))
    assert [(v.version, v.change) for v in versions] == [(1, "create")]
    assert versions[0].snapshot["kind"] == "association" and versions[0].actor.username == "scenario-import"
