"""Loading the isolation records (stage 2) and the live demo's year that ends today.

One small load (scale 0.03, one week of sessions) is shared by the checks; each
check compares the database with what the generator made, so it fails if the
loader drops, duplicates, misplaces or mislabels records.
"""

import io
from collections import Counter
from datetime import date, time, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fellesskap.audit.models import AuditEvent
from fellesskap.demo.generate import OSLO, generate_registry, local_instant
from fellesskap.demo.isolation import add_isolation_records
from fellesskap.demo.load import DemoLoadError, load_registry
from fellesskap.demo.load_records import fast_snapshot
from fellesskap.demo.models import DemoDataset
from fellesskap.records import models as rec
from fellesskap.registry import models as rm
from fellesskap.registry.versioning import record_type, snapshot

pytestmark = pytest.mark.django_db

SCALE = 0.03
END = date(2025, 6, 1)  # a fixed "today": tests never read the clock
SESSIONS_FROM = END - timedelta(days=7)
END_INSTANT = local_instant(END, time(0))
FROM_INSTANT = local_instant(SESSIONS_FROM, time(0))


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def generated():
    registry = generate_registry(6, end=END, scale=SCALE)
    return registry, add_isolation_records(registry, sessions_from=SESSIONS_FROM)


def _load(generated, **kw):
    registry, records = generated
    return load_registry(registry, password="test-only", records=records, sessions_from=SESSIONS_FROM, **kw)


def test_the_year_ends_on_the_given_date():
    registry = generate_registry(6, end=END, scale=SCALE)
    assert (registry.period_start, registry.period_end) == (date(2024, 6, 1), END)
    assert registry.key == "to-2025-06-01"
    assert generate_registry(6, year=2025, scale=SCALE).key == "2025"  # the calendar year keeps its streams
    stays = [s for p in registry.persons for s in p.stays]
    assert all(s.start < END_INSTANT for s in stays)
    assert all(s.end is None or s.end <= END_INSTANT for s in stays)
    held_now = sum(1 for s in stays if s.end is None)
    assert 0.8 * 3000 * SCALE < held_now < 1.2 * 3000 * SCALE  # people are in custody "now"
    assert generate_registry(6, end=END, scale=SCALE).persons == registry.persons  # no clock, no drift


def test_records_are_loaded_as_generated(generated):
    registry, records = generated
    result = _load(generated)
    assert result.created
    dataset = result.dataset
    assert (dataset.period_start, dataset.period_end, dataset.sessions_from) == (date(2024, 6, 1), END,
                                                                                 SESSIONS_FROM)
    # The demo's prisons register time from the first day of sessions: earlier days are not judged.
    assert set(rm.Prison.objects.filter(code__in=[p.code for p in registry.prisons])
               .values_list("records_from", flat=True)) == {SESSIONS_FROM}
    _exclusions_match(records)
    _nothing_in_the_future_and_sessions_only_in_the_window(records)
    _children_point_at_their_decisions()
    _every_record_has_its_first_version()
    event = AuditEvent.objects.get(object_type="demo.demodataset")
    assert event.data["sessions_from"] == "2025-05-25" and event.data["exclusions"] == rec.Exclusion.objects.count()


def _exclusions_match(records):
    generated = [x for r in records.values() for x in r.exclusions if x.start < END_INSTANT]
    assert generated, "the small demo should have exclusions"
    rows = list(rec.Exclusion.objects.select_related("renews", "decided_by"))
    assert sorted((x.start, x.end, x.ground, x.scope) for x in generated) == \
        sorted((x.start, x.end, x.ground, x.scope) for x in rows)
    for row in rows:
        assert row.state == ("in_force" if row.end is None else "ended")
        assert row.decided_by.username == "demo-prison-leader"
        assert row.decided_at == row.start
        assert row.facts and row.legal_basis and row.legal_basis == (row.legal_source or "strgjfl. § 37")
        assert row.appeal_deadline == row.start.astimezone(OSLO).date() + timedelta(weeks=3)
        assert bool(row.own_statement) != bool(row.statement_not_obtained_reason)
        if row.renews is not None:  # a renewal follows its decision without a gap
            assert row.renews.end == row.start and row.renews.person_id == row.person_id
            assert row.facts.startswith("Fornyet vedtak")
    chains = Counter(x.id.split("-")[0] for r in records.values() for x in r.exclusions if "-" in x.id)
    renewals = sum(n - 1 for n in chains.values())
    assert rec.Exclusion.objects.filter(renews__isnull=False).count() == renewals
    assert rec.Exclusion.objects.filter(end__isnull=True).exists(), "someone should be excluded now"


def _nothing_in_the_future_and_sessions_only_in_the_window(records):
    for model, field in ((rec.Review, "at"), (rec.Supervision, "at"), (rec.WeekPlan, "made_at"),
                         (rec.Incident, "at"), (rec.TimeSession, "start"), (rec.IsolationReducingMeasure, "at")):
        assert not model.objects.filter(**{f"{field}__gte": END_INSTANT}).exists(), model.__name__
    assert not rec.TimeSession.objects.filter(start__lt=FROM_INSTANT).exists()
    assert not rec.TimeSession.objects.filter(end__gt=END_INSTANT).exists()
    expected = {(p, "unlock", "", s.start) for p, r in records.items() for s in r.unlock}
    expected |= {(p, "outdoor", "", s.start) for p, r in records.items() for s in r.outdoor}
    expected |= {(p, "contact", c.kind, c.start) for p, r in records.items() for c in r.contacts}
    expected = {e for e in expected if FROM_INSTANT <= e[3] < END_INSTANT}
    assert rec.TimeSession.objects.count() == len(expected) > 0
    days = {s.start.astimezone(OSLO).date() for s in rec.TimeSession.objects.only("start")}
    assert min(days) == SESSIONS_FROM and max(days) == END - timedelta(days=1)
    accepted = rec.IsolationReducingMeasure.objects.filter(response="accepted")
    assert accepted.count() == rec.TimeSession.objects.filter(kind="isolation_reducing").count()
    assert all(m.session.kind == "isolation_reducing" for m in accepted.select_related("session"))


def _children_point_at_their_decisions():
    for s in rec.Supervision.objects.select_related("coercive_means", "exclusion"):
        assert s.coercive_means is not None and s.coercive_means.kind in rec.CoerciveMeans.SUPERVISED_KINDS
        assert s.coercive_means.start <= s.at and s.person_id == s.coercive_means.person_id
    for r in rec.Review.objects.select_related("exclusion", "coercive_means"):
        assert r.subject.person_id == r.person_id and r.at >= r.subject.start
        if r.exclusion is not None and r.exclusion.end is not None and r.outcome == "continue":
            assert r.at < r.exclusion.end  # the decision in force when it was reassessed
    for plan in rec.WeekPlan.objects.select_related("exclusion").prefetch_related("items"):
        assert plan.exclusion.person_id == plan.person_id
        assert len(plan.items.all()) == 5 * 3 + 2 * 2
        assert plan.short_days == [5, 6]  # weekends are planned with 1.5 h: kept as the plan's warning
    for n in rec.SupervisoryBoardNotification.objects.select_related("incident"):
        assert n.incident.kind in ("suicide", "suicide_attempt")
    assert rec.SupervisoryBoardNotification.objects.count() == rec.Incident.objects.filter(
        kind__in=("suicide", "suicide_attempt")).count()


def _every_record_has_its_first_version():
    for model in (rec.Exclusion, rec.CoerciveMeans, rec.Review, rec.Supervision, rec.WeekPlan, rec.Incident,
                  rec.TimeSession, rec.IsolationReducingMeasure):
        rows = list(model.objects.all())
        versions = {v.record_id: v for v in rm.RecordVersion.objects.filter(record_type=model._meta.label_lower)}
        assert len(versions) == len(rows), model.__name__
        for row in rows[:50]:
            assert versions[row.public_id].snapshot == snapshot(row) == fast_snapshot(row)
            assert record_type(row) == model._meta.label_lower and row.version == 1


def test_same_day_adds_nothing_a_later_day_is_refused_and_replace_removes_records(generated):
    _load(generated)
    before = (rec.Exclusion.objects.count(), rec.TimeSession.objects.count(), rm.RecordVersion.objects.count())
    assert not _load(generated).created
    assert (rec.Exclusion.objects.count(), rec.TimeSession.objects.count(),
            rm.RecordVersion.objects.count()) == before
    later = generate_registry(6, end=END + timedelta(days=1), scale=SCALE)
    with pytest.raises(DemoLoadError, match=r"2025-06-01.*--replace"):
        load_registry(later, password="test-only")
    result = load_registry(later, password="test-only", replace=True)
    assert result.created and DemoDataset.objects.get().period_end == END + timedelta(days=1)
    assert DemoDataset.objects.get().sessions_from is None
    assert not rec.Exclusion.all_objects.exists() and not rec.TimeSession.all_objects.exists()
    assert rm.Person.all_objects.count() == len(later.persons)


def test_command_ends_the_year_today_in_oslo(monkeypatch):
    from fellesskap.demo.management.commands import demo

    monkeypatch.setattr(demo, "today_in_oslo", lambda: date(2025, 3, 10))
    out = io.StringIO()
    call_command("demo", "--seed", "2", "--scale", str(SCALE), "--session-days", "2", "--sweep", stdout=out)
    dataset = DemoDataset.objects.get()
    assert dataset.period_end == date(2025, 3, 10) and dataset.sessions_from == date(2025, 3, 8)
    assert "Time registrations (sessions) from 2025-03-08" in out.getvalue()
    # The stored ledger (and, asked with --sweep, the first sweep) is computed with the load, up to the demo's last day.
    from fellesskap.ledgerstore.models import LedgerDay

    assert "Stored ledger:" in out.getvalue() and "First sweep:" in out.getvalue()
    assert LedgerDay.objects.filter(date=date(2025, 3, 10)).exists()
    assert not LedgerDay.objects.filter(date__gt=date(2025, 3, 10)).exists()
    # The sweep judged only the days with time registrations (the prisons' records_from).
    from fellesskap.alerts.models import Finding

    assert LedgerDay.objects.filter(date__lt=date(2025, 3, 8), isolated=True).exists()
    assert not Finding.objects.filter(date__lt=date(2025, 3, 8)).exists()
    assert rec.Exclusion.objects.exists() and rec.TimeSession.objects.exists()
    before = (rec.Exclusion.objects.count(), rec.TimeSession.objects.count(), rm.RecordVersion.objects.count())

    out = io.StringIO()
    call_command("demo", "--seed", "2", "--scale", str(SCALE), "--session-days", "2", stdout=out)
    assert "ending 2025-03-10 is already loaded" in out.getvalue() and "nothing added" in out.getvalue()
    monkeypatch.setattr(demo, "today_in_oslo", lambda: date(2025, 3, 11))  # the next day: kept, and said so
    out = io.StringIO()
    call_command("demo", "--seed", "2", "--scale", str(SCALE), "--session-days", "2", stdout=out)
    text = out.getvalue()
    assert "runs 2024-03-10 to 2025-03-10" in text and "--replace" in text and "password for all" in text
    assert DemoDataset.objects.get().period_end == date(2025, 3, 10)
    assert (rec.Exclusion.objects.count(), rec.TimeSession.objects.count(),
            rm.RecordVersion.objects.count()) == before


def test_command_refuses_bad_options():
    with pytest.raises(CommandError, match="--session-days"):
        call_command("demo", "--end", "2025-03-10", "--session-days", "-1", stdout=io.StringIO())
    with pytest.raises(CommandError, match="not a date"):
        call_command("demo", "--end", "10.03.2025", stdout=io.StringIO())
