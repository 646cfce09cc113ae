"""``fellesskap backup`` from one PostgreSQL database and ``fellesskap restore``
into another, new and empty (issue #8, faults c): the audit chain is intact and
the stored ledger is the same and equals a rebuild.

(``fellesskap/security/tests/test_backup.py`` covers the file format, damaged
files and a non-empty target inside the test database; this one goes between
two databases through the command line, as an operator would, with sessions and
a stored ledger.)
"""

from __future__ import annotations

import pytest

from fellesskap.security.tests.faults import cluster as C
from fellesskap.security.tests.faults.conftest import prepared

REGISTER = """
from datetime import timedelta
from django.utils import timezone
from fellesskap.records import actions
from fellesskap.registry.models import Person, User
officer = User.objects.get(username__endswith="-officer-0")
now = timezone.now().replace(microsecond=0)
for i, person in enumerate(Person.objects.order_by("pk")):
    start = now - timedelta(days=i + 1, hours={shift})
    actions.do_register_session(actor=officer, person=person, category="outdoor", start=start,
                                end=start + timedelta(hours=1), backdate_reason="entered late")
    if {open_unlock}:
        actions.do_register_session(actor=officer, person=person, category="unlock", start=now - timedelta(hours=2))
"""

LEDGER = ("SELECT p.public_id, d.date, d.contact_minutes, d.outdoor_minutes, d.out_of_cell_minutes, d.isolated, "
          "d.isolated_streak, d.computed_at FROM ledgerstore_ledgerday d JOIN registry_person p ON p.id = d.person_id "
          "ORDER BY 1, 2")
AUDIT = "SELECT seq, hash, at FROM audit_auditevent ORDER BY seq"
SESSIONS = "SELECT public_id, start, \"end\", category FROM records_timesession ORDER BY public_id"


@pytest.mark.slow
def test_restore_into_a_new_empty_database_keeps_the_chain_and_the_ledger(pg_cluster, fault_db, tmp_path):
    source = fault_db.rsplit("/", 1)[1]
    prepared(fault_db, officers=2)
    C.fellesskap(["shell", "-c", REGISTER.format(shift=0, open_unlock=True)], fault_db)
    before = {q: pg_cluster.sql(q, source) for q in (LEDGER, AUDIT, SESSIONS)}
    assert len(before[SESSIONS]) == 8 and before[LEDGER], "sessions and a stored ledger to carry over"
    path = tmp_path / "fellesskap.backup.jsonl"
    C.fellesskap(["backup", str(path)], fault_db)

    target = pg_cluster.new_database("fk_restored")
    assert pg_cluster.sql("SELECT count(*) FROM registry_person", "fk_restored") == [(0,)]
    restored = C.fellesskap(["restore", str(path)], target, check=False)
    assert restored.returncode == 0, restored.stderr

    assert {q: pg_cluster.sql(q, "fk_restored") for q in before} == before
    assert "chain intact" in C.fellesskap(["audit", "verify"], target).stdout
    assert "equals a rebuild" in C.fellesskap(["ledger", "verify"], target).stdout
    # The restored database goes on working: a registration extends the chain and the ledger.
    C.fellesskap(["shell", "-c", REGISTER.format(shift=3, open_unlock=False)], target)
    assert pg_cluster.sql("SELECT count(*) FROM records_timesession", "fk_restored") == [(12,)]
    assert C.fellesskap(["audit", "verify"], target).returncode == 0
    assert C.fellesskap(["ledger", "verify"], target).returncode == 0
