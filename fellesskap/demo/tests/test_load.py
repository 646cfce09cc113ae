"""The loader and ``fellesskap demo``: bulk load, idempotence, demo users."""

import io
import json
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fellesskap.audit.models import AuditEvent
from fellesskap.demo.generate import generate_registry
from fellesskap.demo.load import DEMO_USERS, DemoLoadError, load_registry
from fellesskap.demo.models import DemoDataset
from fellesskap.registry import models as rm
from fellesskap.registry.access import validate_grant

pytestmark = pytest.mark.django_db

SCALE = "0.03"


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the demo password file goes here, not into the checkout
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


def _counts() -> dict[str, int]:
    return {
        "prisons": rm.Prison.objects.count(), "units": rm.Unit.objects.count(), "cells": rm.Cell.objects.count(),
        "persons": rm.Person.all_objects.count(), "stays": rm.Stay.all_objects.count(),
        "status": rm.StatusPeriod.all_objects.count(), "placements": rm.Placement.all_objects.count(),
        "versions": rm.RecordVersion.objects.count(), "users": rm.User.objects.count(),
        "grants": rm.RoleGrant.objects.count(), "datasets": DemoDataset.objects.count(),
    }


def test_second_run_adds_nothing():
    out = io.StringIO()
    call_command("demo", "--seed", "3", "--scale", SCALE, stdout=out)
    first = _counts()
    assert "password for all:" in out.getvalue()
    call_command("demo", "--seed", "3", "--scale", SCALE, stdout=io.StringIO())
    assert _counts() == first
    registry = generate_registry(3, scale=float(SCALE))
    assert first["persons"] == len(registry.persons)
    assert first["prisons"] == len(registry.prisons)
    assert first["status"] == sum(len(p.stays) for p in registry.persons)
    assert first["versions"] == first["persons"] + first["stays"] + first["status"] + first["placements"]


def test_loaded_rows():
    """One load, three checks (each load costs seconds): rows, cells, users."""
    registry = generate_registry(4, scale=float(SCALE))
    result = load_registry(registry, password="test-only")
    assert result.created
    _rows_match_the_generated_persons(registry)
    _no_cell_holds_two_persons_at_once()
    _demo_users_one_per_role_scoped()


def _rows_match_the_generated_persons(registry):
    by_fnr = {p.national_id: p for p in registry.persons}
    for person in rm.Person.objects.prefetch_related("stays__status_periods"):
        generated = by_fnr[person.national_id]
        assert person.identity_kind == "fnr"
        assert person.birth_date == generated.birth_date and person.sex == generated.sex
        periods = sorted((sp.start, sp.end, sp.status, sp.stay.prison.code)
                         for stay in person.stays.all() for sp in stay.status_periods.all())
        assert periods == sorted((s.start, s.end, s.status, s.prison) for s in generated.stays)
    # A transferred stay points at the stay it came from.
    for stay in rm.Stay.objects.filter(arrival_reason="transfer"):
        assert stay.transferred_from is not None
        assert stay.transferred_from.end == stay.start
        assert stay.transferred_from.release_reason == "transfer"


def _no_cell_holds_two_persons_at_once():
    by_cell = defaultdict(list)
    for p in rm.Placement.objects.exclude(cell=None):
        by_cell[p.cell_id].append((p.start, p.end))
    for spans in by_cell.values():
        spans.sort(key=lambda s: s[0])
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end is not None and end <= start


def _demo_users_one_per_role_scoped():
    grants = {g.role: g for g in rm.RoleGrant.objects.select_related("user", "region").prefetch_related("prisons")}
    assert set(grants) == {role for _, role, _ in DEMO_USERS}
    assert [p.code for p in grants["officer"].prisons.all()] == ["OSL"]
    assert grants["region_advisor"].scope == "region" and grants["region_advisor"].region.code == "east"
    assert grants["directorate_analyst"].scope == "national"
    assert grants["inspector"].valid_to is not None  # inspectors' access runs out
    assert grants["supervisory_board_member"].scope == "prisons"
    assert {p.region.code for p in grants["supervisory_board_member"].prisons.all()} == {"east"}
    for grant in grants.values():  # every demo grant is one the registry would accept
        validate_grant(role=grant.role, scope=grant.scope, prison_ids=[p.pk for p in grant.prisons.all()],
                       region=grant.region, valid_from=grant.valid_from, valid_to=grant.valid_to)
    events = AuditEvent.objects.filter(object_type="demo.demodataset")
    assert events.count() == 1 and events.get().data["persons"] == rm.Person.all_objects.count()
    assert grants["officer"].user.check_password("test-only")


def test_another_demo_is_refused_unless_replaced():
    load_registry(generate_registry(4, scale=float(SCALE)), password="test-only")
    other = generate_registry(5, scale=float(SCALE))
    with pytest.raises(DemoLoadError, match="--replace"):
        load_registry(other, password="test-only")
    with pytest.raises(CommandError, match="--replace"):
        call_command("demo", "--seed", "5", "--scale", SCALE, stdout=io.StringIO())
    result = load_registry(other, replace=True, password="test-only")
    assert result.created
    assert rm.Person.all_objects.count() == len(other.persons)
    assert DemoDataset.objects.get().seed == 5
    assert rm.User.objects.filter(username__startswith="demo-").count() == len(DEMO_USERS) + 1


def test_scenario_action_writes_a_scenario(tmp_path):
    target = tmp_path / "s.json"
    call_command("demo", "scenario", "--seed", "3", "--scale", SCALE, "--from", "2025-02-01",
                 "--to", "2025-02-08", "--prison", "OSL", "--output", str(target))
    doc = json.loads(target.read_text())
    assert doc["period"] == {"start": "2025-02-01", "end": "2025-02-08"}
    assert doc["persons"]


def test_scenario_action_needs_dates():
    with pytest.raises(CommandError, match="--from"):
        call_command("demo", "scenario", "--seed", "3", stdout=io.StringIO())
