"""A server killed with SIGKILL in the middle of a registration leaves nothing
half-saved (issue #8, faults a).

The server is gunicorn (``serve-production``'s command line) on a throw-away
PostgreSQL cluster, with a test-only pause (pausing_wsgi.py). Killed inside the
transaction: no session, no version, no audit event, no ledger row — and the
same registration sent again afterwards is saved once. Killed after the commit
but before the stored ledger was refreshed: the registration is whole (session,
version, audit event), the stored ledger is behind, ``ledger verify`` says so
and ``ledger rebuild`` repairs it.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from fellesskap.security.load.client import Client
from fellesskap.security.load.run import free_port, stop_server, wait_until_up
from fellesskap.security.server import ServerOptions, gunicorn_argv
from fellesskap.security.tests.faults import cluster as C
from fellesskap.security.tests.faults.conftest import prepared

# The registration's own audit events (the API also audits, in its own commit, that the person was read).
WRITES = "(SELECT * FROM audit_auditevent WHERE data->>'command' = 'register_session') AS writes"
TABLES = ("records_timesession", "registry_recordversion", WRITES, "ledgerstore_ledgerday", "ledgerstore_ledgerepisode",
          "audit_chaintip")


def _server(database_url: str, port: int, log_path, pause: str = "", marker=None):
    import subprocess

    env = {**C.environment(database_url), "CONN_MAX_AGE": "60", "FAULT_PAUSE": pause,
           "FAULT_MARKER": str(marker or "/nonexistent")}
    app = "fellesskap.security.tests.faults.pausing_wsgi:application" if pause else "fellesskap.security.warm:application"
    argv = gunicorn_argv(ServerOptions(bind=f"127.0.0.1:{port}", workers=1, threads=2, timeout=300), app=app)
    return subprocess.Popen(argv, cwd=C.PROJECT, env=env, start_new_session=True, stdout=log_path.open("w"),
                            stderr=subprocess.STDOUT)


def _counts(cluster, db: str) -> dict[str, int]:
    counts = {t.split()[-1]: cluster.sql(f"SELECT count(*) FROM {t}", db)[0][0] for t in TABLES}
    counts["audit_chaintip"] = cluster.sql("SELECT seq FROM audit_chaintip", db)[0][0]
    return counts


def _ledger(cluster, db: str) -> list[tuple]:
    return cluster.sql("SELECT person_id, date, contact_minutes, isolated, isolated_streak, computed_at "
                       "FROM ledgerstore_ledgerday ORDER BY person_id, date", db)


def _session(person: str, key: str) -> dict:
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    return {"person": person, "category": "contact", "kind": "staff_conversation", "counterpart": "officer",
            "start": (end - timedelta(hours=3)).isoformat(), "end": end.isoformat(), "idempotency_key": key}


def _kill_during_registration(fault_db, pg_cluster, tmp_path, pause: str):
    """Logs an officer in, sends a registration, kills the server at the pause.
    Returns (database name, plan, counts before, ledger before, the payload)."""
    db = fault_db.rsplit("/", 1)[1]
    plan = prepared(fault_db)
    person = next(iter(plan["units"].values()))[0]
    port, marker = free_port(), tmp_path / "paused"
    server = _server(fault_db, port, tmp_path / "server.log", pause, marker)
    try:
        wait_until_up(port, server)
        samples: list = []
        client = Client("127.0.0.1", port, samples, timeout=200)
        assert client.log_in(plan["officers"][0], plan["password"])
        before, ledger_before = _counts(pg_cluster, db), _ledger(pg_cluster, db)
        assert before["ledgerstore_ledgerday"] > 0, "admission stored the ledger"
        payload = _session(person, uuid.uuid4().hex)
        sender = threading.Thread(target=client.request, args=("register", "POST", "/api/v1/records/sessions"),
                                  kwargs={"json": payload, "ok": (201,)}, daemon=True)
        sender.start()
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert time.monotonic() < deadline, "the registration never reached the pause"
            time.sleep(0.05)
        if pause == "in_transaction":
            open_tx = pg_cluster.sql("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' "
                                     f"AND datname = '{db}'")[0][0]
            assert open_tx == 1, "the worker is inside the registration's transaction"
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(30)
        sender.join(30)
        assert samples[-1].outcome == "error", "the client saw the connection die"
    finally:
        stop_server(server, signal.SIGKILL)
    return db, plan, before, ledger_before, payload


@pytest.mark.slow
def test_killed_inside_the_transaction_nothing_is_saved(fault_db, pg_cluster, tmp_path):
    db, plan, before, ledger_before, payload = _kill_during_registration(fault_db, pg_cluster, tmp_path,
                                                                          "in_transaction")
    time.sleep(0.5)  # PostgreSQL notices the dropped connection and rolls back
    after = _counts(pg_cluster, db)
    reads = after.pop("audit_chaintip") - before.pop("audit_chaintip")
    assert after == before, "no session, version, audit event of the registration or ledger row was left"
    assert reads == 1, "only the audited read of the person, committed before the registration began"
    assert _ledger(pg_cluster, db) == ledger_before
    assert C.fellesskap(["audit", "verify"], fault_db).returncode == 0

    # The officer sends it again to a new server: saved once, whole.
    port = free_port()
    server = _server(fault_db, port, tmp_path / "again.log")
    try:
        wait_until_up(port, server)
        client = Client("127.0.0.1", port, [])
        assert client.log_in(plan["officers"][0], plan["password"])
        logged_in = _counts(pg_cluster, db)
        answer = client.request("register", "POST", "/api/v1/records/sessions", json=payload, ok=(201,))
        assert answer is not None and answer.status == 201, answer and answer.text
    finally:
        stop_server(server)
    after = _counts(pg_cluster, db)
    assert after["records_timesession"] == before["records_timesession"] + 1
    assert after["registry_recordversion"] == logged_in["registry_recordversion"] + 1
    assert after["writes"] == logged_in["writes"] + 1
    assert C.fellesskap(["audit", "verify"], fault_db).returncode == 0
    assert C.fellesskap(["ledger", "verify"], fault_db).returncode == 0


@pytest.mark.slow
def test_killed_after_the_commit_the_ledger_is_behind_and_a_rebuild_repairs_it(fault_db, pg_cluster, tmp_path):
    db, _plan, before, ledger_before, _payload = _kill_during_registration(fault_db, pg_cluster, tmp_path,
                                                                           "before_ledger")
    after = _counts(pg_cluster, db)
    assert after["records_timesession"] == before["records_timesession"] + 1, "the registration committed whole"
    assert after["registry_recordversion"] == before["registry_recordversion"] + 1
    assert after["writes"] == before["writes"] + 1
    assert _ledger(pg_cluster, db) == ledger_before, "killed before the refresh: the stored ledger is behind"
    behind = C.fellesskap(["ledger", "verify"], fault_db, check=False)
    assert behind.returncode != 0 and "differs from a rebuild for 1 person" in behind.stderr
    C.fellesskap(["ledger", "rebuild"], fault_db)
    assert C.fellesskap(["ledger", "verify"], fault_db).returncode == 0
    assert C.fellesskap(["audit", "verify"], fault_db).returncode == 0
