"""What each request of the load test costs, one at a time (part of ``make bench``).

The load test (``make loadtest``) measures latency under concurrency, which on
a small machine is mostly queueing: a p95 says the server saturated, not why.
This measures the other half — the server time of each kind of request alone,
on the load test's own data, in process (Django's test client, no network) —
so that a change to a view shows up as milliseconds here whatever else the
machine is doing. CPU time (``process_time``) is the figure to compare; wall
time also holds the database's answer.

    python -m fellesskap.security.load.cost [--database-url URL] [--rounds 20] [--profile KIND]

Without ``--database-url`` it uses a fresh SQLite database in a temporary
directory; with a PostgreSQL URL (``make bench`` does not) it creates and
migrates that database if missing and adds a new prison to it each run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fellesskap.benchsetup import setup_django

KINDS = ("ward board", "ward unlock", "ward lock in", "api register", "api person", "api persons", "person page",
         "person list")


@dataclass(frozen=True)
class Cost:
    kind: str
    rounds: int
    cpu_ms_median: float
    wall_ms_median: float
    wall_ms_max: float
    queries: float  # per request, mean


def _setup(database_url: str | None) -> None:
    setup_django("fellesskap-cost-", database_url)


def _requests(plan, officer, leader) -> dict[str, Callable]:
    """One callable per kind, each doing what the load test's users do
    (fellesskap/security/load/users.py), with its own client."""
    from django.test import Client

    officer_client, leader_client = Client(), Client()
    officer_client.force_login(officer)
    leader_client.force_login(leader)
    unit = next(iter(plan.units))
    persons = plan.units[unit]
    everyone = [p for ps in plan.units.values() for p in ps]
    unit_of = {p: u for u, ps in plan.units.items() for p in ps}
    turn = {"n": 0, "seen": "", "unlocked": 0}

    def person() -> str:
        turn["n"] += 1
        return persons[turn["n"] % len(persons)]

    def unlock():
        # Each round a person not unlocked before: a second unlock of the same person within a
        # minute is refused (it would be the same registration).
        p = everyone[turn["unlocked"] % len(everyone)]
        turn["unlocked"] += 1
        turn["p"] = p
        r = officer_client.post(f"/ward/{unit_of[p]}/persons/{p}/unlock/", HTTP_HX_REQUEST="true",
                                data={"want": "open", "seen": "", "key": uuid.uuid4().hex, "clicked_at": ""})
        assert r.status_code == 200, r.status_code
        import re

        turn["seen"] = re.search(r'name="seen" value="([0-9a-f-]{36})"', r.content.decode()).group(1)
        return r

    def lock_in():
        r = officer_client.post(f"/ward/{unit_of[turn['p']]}/persons/{turn['p']}/unlock/", HTTP_HX_REQUEST="true",
                                data={"want": "closed", "seen": turn["seen"], "key": uuid.uuid4().hex,
                                      "clicked_at": ""})
        assert r.status_code == 200, r.status_code
        return r

    def register():
        end = datetime.now(UTC) - timedelta(minutes=5 + turn["n"] % 100, microseconds=turn["n"])
        turn["n"] += 1
        r = officer_client.post("/api/v1/records/sessions", content_type="application/json",
                                data={"person": person(), "category": "contact", "kind": "health", "counterpart": "",
                                      "start": (end - timedelta(minutes=20)).isoformat(), "end": end.isoformat(),
                                      "idempotency_key": uuid.uuid4().hex})
        assert r.status_code == 201, (r.status_code, r.content[:300])
        return r

    def ok(client, url):
        def get():
            r = client.get(url() if callable(url) else url)
            assert r.status_code == 200, (url, r.status_code)
            return r
        return get

    pick = {"n": 0}

    def anyone() -> str:
        pick["n"] += 7
        return everyone[pick["n"] % len(everyone)]

    return {
        "ward board": ok(officer_client, f"/ward/{unit}/"),
        "ward unlock": unlock,
        "ward lock in": lock_in,
        "api register": register,
        "api person": ok(leader_client, lambda: f"/api/v1/persons/{anyone()}"),
        "api persons": ok(leader_client, "/api/v1/persons"),
        "person page": ok(leader_client, lambda: f"/person/{anyone()}/"),
        "person list": ok(leader_client, "/registry/persons/"),
    }


def measure(rounds: int = 20, profile: str | None = None, officers: int = 35, leaders: int = 15,
            units: int = 8) -> list[Cost]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from fellesskap.registry.models import User
    from fellesskap.security.load.dataset import prepare

    plan = prepare(officers=officers, leaders=leaders, units=units)
    officer = User.objects.get(username=plan.officers[0])
    leader = User.objects.get(username=plan.leaders[0])
    calls = _requests(plan, officer, leader)
    for call in calls.values():  # warm: imports, templates, caches
        call()
    timings: dict[str, list[tuple[float, float, int]]] = {k: [] for k in KINDS}
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    for _ in range(rounds):
        for kind in KINDS:  # in the load test's order: an unlock before its lock in
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                if profiler and kind == profile:
                    profiler.enable()
                cpu, wall = time.process_time(), time.perf_counter()
                calls[kind]()
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                if profiler and kind == profile:
                    profiler.disable()
            timings[kind].append((cpu * 1000, wall * 1000, len(queries)))
    if profiler:
        import pstats

        pstats.Stats(profiler).sort_stats(os.environ.get("COST_PROFILE_SORT", "cumulative")).print_stats(os.environ.get("COST_PROFILE_FILTER", ""), 45)
    return [Cost(k, rounds, statistics.median(c for c, _, _ in t), statistics.median(w for _, w, _ in t),
                 max(w for _, w, _ in t), statistics.mean(q for _, _, q in t)) for k, t in timings.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL URL (default: a temporary SQLite database)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", choices=KINDS, help="print cProfile's top functions for this kind")
    args = parser.parse_args(argv)
    _setup(args.database_url)
    costs = measure(args.rounds, args.profile)
    print(f"{'kind':<16}{'rounds':>7}{'cpu ms':>9}{'wall ms':>9}{'max ms':>9}{'queries':>9}")
    for c in costs:
        print(f"{c.kind:<16}{c.rounds:>7}{c.cpu_ms_median:>9.1f}{c.wall_ms_median:>9.1f}{c.wall_ms_max:>9.1f}"
              f"{c.queries:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
