"""``fellesskap ledger show`` prints what ``fellesskap evaluate`` computes from
``fellesskap scenario export`` of the same records."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fellesskap.ledgerstore.rebuild import rebuild
from fellesskap.ledgerstore.refresh import local_date
from fellesskap.ledgerstore.tests.helpers import fix_clock
from fellesskap.records import actions
from fellesskap.records.models import Category
from fellesskap.records.tests.helpers import exclusion_in_force, make_world
from fellesskap.registry.tests import helpers as h
from fellesskap.scenario.cli import evaluate_document

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _records(w):
    t = w.ago
    other = h.make_person(w.prison)
    h.make_stay(other, w.prison, t(days=20), unit=w.unit)
    actions.do_register_session(actor=w.officer, person=w.person, category=Category.CONTACT, kind="association",
                                counterpart="prisoners", start=t(days=6), end=t(days=6) + timedelta(hours=3),
                                backdate_reason="late")
    exclusion_in_force(w, start=t(days=9), end=t(days=2))
    actions.do_start_coercive_means(actor=w.officer, person=other, kind="security_cell", reason="danger_to_self",
                                    start=t(days=15), end=t(days=15) + timedelta(hours=30), backdate_reason="late")
    actions.do_open_session(actor=w.officer, person=other, category=Category.UNLOCK, start=t(hours=1))


@pytest.mark.parametrize("days_back", [4, 12])
def test_show_equals_evaluate_on_the_export(monkeypatch, django_capture_on_commit_callbacks, days_back):
    w = make_world()
    fix_clock(monkeypatch, w.now)
    with django_capture_on_commit_callbacks(execute=True):
        _records(w)
    first = local_date(w.ago(days=days_back)).isoformat()
    end = (local_date(w.now) + timedelta(days=1)).isoformat()
    exported = json.loads(_run("scenario", "export", "--from", first, "--to", end, "--at", w.now.isoformat()))
    expected = evaluate_document(exported)
    shown = json.loads(_run("ledger", "show", "--from", first, "--to", end, "--format", "json"))
    assert shown["days"] and shown["episodes"], "the period has stored days and episodes"
    assert shown == expected
    # The same after a full rebuild at the same instant.
    rebuild(at=w.now)
    assert json.loads(_run("ledger", "show", "--from", first, "--to", end, "--format", "json")) == expected


def test_show_recounts_the_streak_from_the_period_start(monkeypatch, django_capture_on_commit_callbacks):
    w = make_world()
    fix_clock(monkeypatch, w.now)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_register_session(actor=w.officer, person=w.person, category=Category.OUTDOOR,
                                    start=w.ago(days=9), end=w.ago(days=9) + timedelta(minutes=5),
                                    backdate_reason="late")
    first = local_date(w.ago(days=3))
    shown = json.loads(_run("ledger", "show", "--from", first.isoformat(), "--to",
                            (first + timedelta(days=2)).isoformat()))
    assert [d["isolated_streak"] for d in shown["days"]] == [1, 2]


def test_bad_arguments_name_the_option(db):
    with pytest.raises(CommandError, match="--from"):
        _run("ledger", "show", "--from", "yesterday", "--to", "2026-01-02")
    with pytest.raises(CommandError, match="--to"):
        _run("ledger", "show", "--from", "2026-01-02", "--to", "2026-01-01")
    with pytest.raises(CommandError, match="--prison"):
        _run("ledger", "rebuild", "--prison", "NOPE")
    with pytest.raises(CommandError, match="--at"):
        _run("ledger", "rebuild", "--at", "2026-01-01T10:00")


def test_show_equals_evaluate_on_a_small_demo(settings, tmp_path):
    """The demo's registry (stays, statuses, placements of a few hundred synthetic
    persons, loaded in bulk), rebuilt, then one prison's fortnight both ways.
    The demo loads no isolation records into the database, so nearly every
    whole day is an unregistered isolated day: many findings to compare."""
    from datetime import datetime

    from django.db.models import Count, Q

    from fellesskap.registry.models import Stay

    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _run("demo", "--seed", "3", "--scale", "0.01", "--end", "2026-01-01")  # the calendar year 2025
    at = datetime.fromisoformat("2025-06-15T09:30:00+02:00")
    done = rebuild(at=at)
    assert done.days > 300
    # The prison holding the most persons in the window.
    held = Stay.objects.filter(start__lt=at).filter(Q(end__isnull=True) | Q(end__gt=at)).values("prison__code")
    code = held.annotate(n=Count("id")).order_by("-n", "prison__code")[0]["prison__code"]
    args = ("--from", "2025-06-01", "--to", "2025-06-16", "--prison", code)
    expected = evaluate_document(json.loads(_run("scenario", "export", *args, "--at", at.isoformat())))
    shown = json.loads(_run("ledger", "show", *args, "--format", "json"))
    assert shown["days"] and shown["findings"]
    assert shown == expected


def test_the_longest_cause_fits_the_column():
    """Every cause the ledger can give fits LedgerDay.cause (PostgreSQL enforces the length)."""
    from fellesskap import vocabulary as v
    from fellesskap.ledgerstore.models import LedgerDay

    longest = max(len(f"{scope}_exclusion:{g}") for scope in ("full", "partial") for g in v.GROUND_CODES)
    assert longest <= LedgerDay._meta.get_field("cause").max_length
