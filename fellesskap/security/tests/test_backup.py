"""Backup and restore: a restore into an empty database gives the same rows,
an intact audit chain, and a database that goes on working; damaged files and
non-empty databases are refused before anything is written."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent, ChainTip
from fellesskap.registry import actions
from fellesskap.registry.models import Person, RecordVersion, Stay
from fellesskap.registry.tests import helpers as h
from fellesskap.security import backup, otp

pytestmark = pytest.mark.django_db


@pytest.fixture
def populated():
    a, b = h.make_prison("A"), h.make_prison("B", "north")
    unit = h.make_unit(a, "Vest")
    h.make_cell(unit, "12")
    first = h.make_person(a, given_name="Åse", family_name="Øvrebø")
    stay = h.make_stay(first, a, h.at("2026-01-05 10:00"), unit=unit)
    # A transfer: the new stay points at the old one (a self-reference to restore in order).
    actions.do_transfer(actor=h.registrar(a), stay=stay, to_prison=b, at=h.at("2026-02-01 09:00"))
    second = h.make_person(a)
    h.make_stay(second, a, h.at("2026-01-07 10:00"), h.at("2026-01-20 10:00"))
    leader = h.user_with_role("prison_leader", a)
    otp.confirmed_device_with_secret(leader)
    trail.record(actor=leader, action="view", obj=first, person=first)
    return first


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in backup.backed_up_models()}


def _wipe():
    """An empty database inside the test's transaction (PostgreSQL first checks
    the deferred foreign keys, as a commit would, so that TRUNCATE may run)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    assert Person.all_objects.count() == 0 and AuditEvent.objects.count() == 0


def test_restore_into_an_empty_database_gives_the_same_rows_and_an_intact_chain(populated, tmp_path):
    path = tmp_path / "fellesskap.backup.jsonl"
    before = _counts()
    events_before = list(AuditEvent.objects.order_by("seq").values_list("seq", "hash", "at"))
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    assert "sha256" in out.getvalue()
    assert before["registry.person"] == 2 and before["audit.auditevent"] > 5

    _wipe()
    call_command("restore", str(path), stdout=io.StringIO())
    assert _counts() == before
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "hash", "at")) == events_before
    verify = io.StringIO()
    call_command("audit", "verify", stdout=verify)
    assert "chain intact" in verify.getvalue()
    person = Person.objects.get(public_id=populated.public_id)
    assert (person.given_name, person.family_name) == ("Åse", "Øvrebø")
    assert RecordVersion.objects.filter(record_id=person.public_id).exists()

    # The database goes on: new rows get fresh keys (sequences were moved past
    # the restored ones) and the audit chain continues from the restored tip.
    a = h.Prison.objects.get(code="A")
    third = h.make_person(a)
    h.make_stay(third, a, h.at("2026-03-01 10:00"))
    assert Stay.all_objects.count() == before["registry.stay"] + 1
    assert trail.verify().intact


def test_restore_into_a_freshly_migrated_database_replaces_the_genesis_tip(populated, tmp_path):
    """A new database holds the chain tip that migration audit.0002 made (no event
    yet); restore takes it for empty and the backup's tip replaces it."""
    path = tmp_path / "b.jsonl"
    backup.write(path)
    tip = list(ChainTip.objects.values_list("seq", "hash"))
    _wipe()
    ChainTip.objects.create(pk=1, seq=0, hash="0" * 64)
    call_command("restore", str(path), stdout=io.StringIO())
    assert list(ChainTip.objects.values_list("seq", "hash")) == tip and tip[0][0] > 0
    assert trail.verify().intact


def test_the_file_is_json_lines_with_a_manifest(populated, tmp_path):
    path = tmp_path / "b.jsonl"
    summary = backup.write(path)
    lines = path.read_text().splitlines()
    header, manifest = json.loads(lines[0]), json.loads(lines[-1])["manifest"]
    assert header["format"] == "fellesskap-backup" and "registry" in header["migrations"]
    assert manifest["counts"] == summary.counts and len(lines) - 2 == sum(summary.counts.values())
    order = [json.loads(line)["model"] for line in lines[1:-1]]
    assert order.index("registry.prison") < order.index("registry.person") < order.index("registry.stay")
    # Microseconds are kept: the audit hashes depend on them.
    event = next(json.loads(line) for line in lines[1:-1] if json.loads(line)["model"] == "audit.auditevent")
    assert len(event["fields"]["at"].split(".")[1]) >= 6


def test_restore_refuses_a_database_that_is_not_empty(populated, tmp_path):
    path = tmp_path / "b.jsonl"
    backup.write(path)
    with pytest.raises(CommandError, match="database: not empty"):
        call_command("restore", str(path))


@pytest.mark.parametrize("damage", ["edit", "cut", "drop_row", "garbage"])
def test_restore_refuses_a_damaged_file_before_writing(populated, tmp_path, damage):
    path = tmp_path / "b.jsonl"
    backup.write(path)
    lines = path.read_bytes().splitlines(keepends=True)
    if damage == "edit":
        lines[5] = lines[5].replace(b'"', b"'", 1)
    elif damage == "cut":
        lines = lines[:-3]
    elif damage == "drop_row":
        del lines[4]
    else:
        lines = [b"not a backup\n"]
    path.write_bytes(b"".join(lines))
    _wipe()
    with pytest.raises(CommandError, match="^(file|header|manifest):"):
        call_command("restore", str(path))
    assert Person.all_objects.count() == 0


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="file: cannot read"):
        call_command("restore", str(tmp_path / "nothing.jsonl"))
