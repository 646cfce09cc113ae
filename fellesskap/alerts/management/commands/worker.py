"""``fellesskap worker [--once] [--interval SECONDS] [--at INSTANT]``."""

from __future__ import annotations

import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from fellesskap.alerts.worker import run_once


class Command(BaseCommand):
    help = ("Refresh deadlines, findings and alerts of the persons held, and turn missed deadlines and "
            "findings into deviations. Runs every --interval seconds until stopped, or once with --once.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one run, then exit (tests, cron)")
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between runs (default 60)")
        parser.add_argument("--at", help="evaluate at this instant (ISO 8601 with offset; for tests and replays)")

    def handle(self, *args, **options):
        at = None
        if options["at"]:
            try:
                at = datetime.fromisoformat(options["at"])
            except ValueError:
                raise CommandError("--at: not an ISO 8601 instant") from None
            if at.tzinfo is None:
                raise CommandError("--at: the instant must include a UTC offset")
        if options["interval"] <= 0:
            raise CommandError("--interval: must be more than 0 seconds")
        while True:
            started = time.monotonic()
            result = run_once(at)
            self.stdout.write(
                f"worker: {result.refreshed} persons refreshed, {result.skipped} skipped (busy), "
                f"{result.failed} failed, {result.alerts_raised} alerts raised, "
                f"{result.deviations} deviations raised in {time.monotonic() - started:.1f} s"
            )
            self.stdout.flush()
            if options["once"]:
                return
            try:
                time.sleep(options["interval"])
            except KeyboardInterrupt:
                return
