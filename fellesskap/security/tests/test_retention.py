"""Retention: persons released long ago are pseudonymised, audited, and their
stays, status periods and placements (what the ledger and statistics use) stay."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.registry import actions
from fellesskap.registry.models import Person, RecordVersion, StatusPeriod, Stay
from fellesskap.registry.tests import helpers as h
from fellesskap.security import retention

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture
def persons():
    prison = h.make_prison("A")
    old = h.make_person(prison, given_name="Ola", family_name="Gammel", birth_date=date(1980, 7, 14))
    actions.do_correct_person(actor=h.registrar(prison), person=old, changes={"given_name": "Olav"},
                              reason="stavefeil")
    h.make_stay(old, prison, h.at("2020-01-10 10:00"), h.at("2020-06-01 09:00"))
    recent = h.make_person(prison, given_name="Kari", family_name="Fersk")
    h.make_stay(recent, prison, h.at("2026-01-10 10:00"), h.at("2026-10-01 09:00"))
    held = h.make_person(prison, given_name="Per", family_name="Inne")
    h.make_stay(held, prison, h.at("2019-01-10 10:00"), h.at("2019-02-01 09:00"))
    h.make_stay(held, prison, h.at("2025-01-10 10:00"))  # back inside: never due
    return old, recent, held


def _stay_rows(person):
    return [model_to_dict(s) for s in Stay.all_objects.filter(person=person).order_by("pk")], [
        model_to_dict(p) for p in StatusPeriod.all_objects.filter(stay__person=person).order_by("pk")]


def test_only_persons_released_longer_ago_than_the_limit_are_due(persons):
    old, recent, held = persons
    due = retention.due(retention.cutoff(NOW, 365))
    assert list(due) == [old]
    assert set(retention.due(retention.cutoff(NOW, 0))) == {old, recent}


def test_apply_pseudonymises_keeps_what_statistics_need_and_audits(persons):
    old, recent, held = persons
    old_fnr = old.national_id
    stays_before = _stay_rows(old)
    result = retention.apply(now=NOW, days=365)
    assert result.persons == [str(old.public_id)] and result.applied
    old.refresh_from_db()
    assert (old.given_name, old.family_name, old.national_id) == ("", "", None)
    assert old.alias == retention.pseudonym(old) and old.alias.startswith("P-")
    assert old.birth_date == date(1980, 1, 1)
    assert old.sex == "male" and old.pseudonymised_at is not None
    assert _stay_rows(old) == stays_before
    # The history no longer holds the name or number either.
    versions = RecordVersion.objects.filter(record_id=old.public_id)
    assert versions.count() == 2
    text = " ".join(str(v.snapshot) for v in versions)
    for secret in ("Ola", "Olav", "Gammel", old_fnr, "1980-07-14"):
        assert secret not in text
    event = AuditEvent.objects.get(action="pseudonymise")
    assert event.person == str(old.public_id) and "365 days" in event.reason
    assert trail.verify().intact
    recent.refresh_from_db()
    assert recent.family_name == "Fersk"


def test_dry_run_changes_nothing_and_a_second_run_finds_nothing(persons):
    old, *_ = persons
    out = io.StringIO()
    call_command("retention", "apply", "--dry-run", "--days", "365", stdout=out)
    assert "would pseudonymise 1 persons" in out.getvalue() and str(old.public_id) in out.getvalue()
    assert "Gammel" not in out.getvalue()
    assert Person.objects.get(pk=old.pk).family_name == "Gammel"
    assert not AuditEvent.objects.filter(action="pseudonymise").exists()
    call_command("retention", "apply", "--days", "365", stdout=io.StringIO())
    again = io.StringIO()
    call_command("retention", "apply", "--days", "365", stdout=again)
    assert "pseudonymised 0 persons" in again.getvalue()


def test_the_setting_decides_the_limit(persons, settings):
    settings.RETENTION_DAYS_AFTER_RELEASE = 10_000
    assert retention.apply(dry_run=True).persons == []
    settings.RETENTION_DAYS_AFTER_RELEASE = 30
    assert len(retention.apply(dry_run=True, now=NOW + timedelta(days=60)).persons) == 2


def test_negative_days_are_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--days"):
        call_command("retention", "apply", "--days", "-1")
