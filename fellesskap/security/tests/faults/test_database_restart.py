"""A PostgreSQL restart during load: requests fail cleanly and the application
recovers by itself (issue #8, faults b).

Users work against ``serve-production``'s gunicorn (persistent, health-checked
connections) on a throw-away cluster; the cluster is stopped for a few seconds
and started again, the server is left alone. Every request either succeeds or
gets the 503 answer (a short page, or JSON from the API; never a traceback,
never a dropped connection), some do get it, and after the restart everything
works again without touching the server. The stored ledger equals a rebuild.

(Django's own request log also writes each 503 with its traceback to the server's log; the
error of a refused connection holds no personal data.)
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time

import pytest

from fellesskap.security.load.client import Client
from fellesskap.security.load.dataset import Plan
from fellesskap.security.load.run import Settings, free_port, run_users, stop_server, wait_until_up
from fellesskap.security.server import ServerOptions, gunicorn_argv
from fellesskap.security.tests.faults import cluster as C
from fellesskap.security.tests.faults.conftest import prepared


def _server(database_url: str, port: int, log_path) -> subprocess.Popen:
    argv = gunicorn_argv(ServerOptions(bind=f"127.0.0.1:{port}", workers=2, threads=4))
    return subprocess.Popen(argv, cwd=C.PROJECT, env={**C.environment(database_url), "CONN_MAX_AGE": "60"},
                            start_new_session=True, stdout=log_path.open("w"), stderr=subprocess.STDOUT)


def _answers(port: int, plan: Plan, cookies: dict) -> list:
    """A leader's person screen and the API's person list."""
    client = Client("127.0.0.1", port, [])
    client.cookies = dict(cookies)
    person = next(iter(plan.units.values()))[0]
    return [client.request("screen", "GET", f"/person/{person}/"), client.request("api", "GET", "/api/v1/persons")]


@pytest.mark.slow
def test_requests_fail_cleanly_during_a_restart_and_the_app_recovers(fault_db, pg_cluster, tmp_path):
    plan = Plan.from_json(prepared(fault_db, officers=4, leaders=2))
    port = free_port()
    server = _server(fault_db, port, tmp_path / "server.log")
    try:
        wait_until_up(port, server)
        leader = Client("127.0.0.1", port, [])
        assert leader.log_in(plan.leaders[0], plan.password)
        settings = Settings(users=6, seconds=32, think=0.3, ramp=1)
        result: dict = {}
        logged_in: list[str] = []
        users = threading.Thread(target=lambda: result.update(zip(
            ("samples", "logged_in", "elapsed", "began"), run_users(plan, settings, port, logged_in), strict=True)))
        users.start()
        deadline = time.monotonic() + 40
        while len(logged_in) < 6:  # log-in is slow on purpose; on a busy machine very slow
            assert time.monotonic() < deadline and users.is_alive(), "the users could not log in"
            time.sleep(0.1)
        time.sleep(2)
        pg_cluster.stop("fast")
        down_at = time.monotonic()
        during = _answers(port, plan, leader.cookies)
        time.sleep(max(0.0, 4 - (time.monotonic() - down_at)))
        pg_cluster.start()
        up_at = time.monotonic()
        users.join(120)
        after = _answers(port, plan, leader.cookies)
    finally:
        stop_server(server, signal.SIGTERM)

    screen, api = during
    assert screen is not None and screen.status == 503 and screen.headers["Retry-After"]
    assert "Traceback" not in screen.text and 'lang="nb"' in screen.text
    assert "databasen" in screen.text, "the page says, in bokmål, that the database cannot be reached"
    assert api is not None and api.status == 503 and api.headers["Content-Type"] == "application/json"
    assert all(a is not None and a.status == 200 for a in after), "the server recovered by itself"

    samples = result["samples"]
    assert len(result["logged_in"]) == 6
    failed = [s for s in samples if s.outcome != "ok"]
    assert failed, "the restart was felt"
    assert {s.detail for s in failed} == {"HTTP 503"}, "only clean 503s: no 500, no dropped connection"
    assert len(samples) - len(failed) > 20, "work was done before and after the outage"
    later = [s for s in samples if s.started > up_at + 2]
    assert later and all(s.outcome == "ok" for s in later), "two seconds after the restart every request works"
    assert "database unavailable (OperationalError); answered 503" in (tmp_path / "server.log").read_text()
    assert C.fellesskap(["ledger", "verify"], fault_db).returncode == 0
    assert C.fellesskap(["audit", "verify"], fault_db).returncode == 0
