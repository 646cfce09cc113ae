"""``fellesskap loadtest``: officers and leaders at once against
``serve-production`` on loopback (fellesskap/security/load/); exit status 1
when a target is missed (an error, p95 over the target, or a stored ledger
that differs from a rebuild)."""

from __future__ import annotations

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError

from fellesskap.security.load.figures import table, write_samples
from fellesskap.security.load.run import Settings, run


class Command(BaseCommand):
    help = "Load test: simulated officers and leaders against a gunicorn server on loopback."

    def add_arguments(self, parser):
        d = Settings()
        parser.add_argument("--users", type=int, default=d.users, help=f"concurrent users (default {d.users})")
        parser.add_argument("--seconds", type=float, default=d.seconds, help=f"duration (default {d.seconds:.0f})")
        parser.add_argument("--think", type=float, default=d.think,
                            help=f"mean seconds between one user's requests (default {d.think})")
        parser.add_argument("--ramp", type=float, default=d.ramp, help=f"seconds to log everyone in (default {d.ramp})")
        parser.add_argument("--workers", type=int, default=d.workers, help="server worker processes (default: gunicorn's)")
        parser.add_argument("--threads", type=int, default=d.threads, help=f"threads per worker (default {d.threads})")
        parser.add_argument("--target-p95", type=float, default=d.target_p95_ms, help="target p95 in ms (default 300)")
        parser.add_argument("--no-latency-target", action="store_true",
                            help="pass on errors and the ledger alone (the smoke test in the suite: timings are "
                                 "measured here, never asserted in tests)")
        parser.add_argument("--json", help="also write the figures to this file")
        parser.add_argument("--server-log", help="write the server's output to this file")
        parser.add_argument("--samples", help="also write every request (kind, seconds after the start, ms, outcome) "
                                              "to this CSV file, to see when the slow ones happened")

    def handle(self, *args, **o):
        settings = Settings(users=o["users"], seconds=o["seconds"], think=o["think"], ramp=min(o["ramp"], o["seconds"]),
                            workers=o["workers"], threads=o["threads"],
                            target_p95_ms=float("inf") if o["no_latency_target"] else o["target_p95"])
        if settings.users < 2:
            raise CommandError("--users: at least 2 (an officer and a leader)")
        log = open(o["server_log"], "w") if o.get("server_log") else None  # noqa: SIM115 - closed below
        try:
            report = run(settings, log=log)
        finally:
            if log:
                log.close()
        w = self.stdout.write
        w(f"{settings.users} users ({report.logged_in} logged in) for {report.elapsed:.0f} s: "
          f"{report.requests} requests, {report.requests / max(report.elapsed, 1e-9):.1f} per second")
        w(table(report.figures))
        w(f"load average before {report.load_before[0]:.2f}, after {report.load_after[0]:.2f} "
          f"(1 min; {report.load_after[1]:.2f} over 5 min)")
        for line in report.error_details[:20]:
            w(f"error: {line}")
        w("stored ledger equals a rebuild" if not report.ledger_differences
          else f"stored ledger DIFFERS from a rebuild for {len(report.ledger_differences)} person(s)")
        if o.get("json"):
            with open(o["json"], "w") as f:
                json.dump({"settings": asdict(settings), "figures": [asdict(f) for f in report.figures],
                           "requests": report.requests, "elapsed": report.elapsed, "logged_in": report.logged_in,
                           "errors": report.errors, "worst_p95_ms": report.worst_p95,
                           "ledger_differences": [asdict(d) for d in report.ledger_differences],
                           "load_before": report.load_before, "load_after": report.load_after,
                           "error_details": report.error_details}, f, indent=1)
        if o.get("samples"):
            write_samples(o["samples"], report.samples, report.began)
        if not report.passed:
            raise CommandError(f"target missed: errors {report.errors}, worst p95 {report.worst_p95:.0f} ms "
                               f"(target {settings.target_p95_ms:.0f}), ledger differences "
                               f"{len(report.ledger_differences)}, logged in {report.logged_in}/{settings.users}")
        w("targets met")
