"""``fellesskap demo``: load the synthetic demo, or write it as a scenario file.

    fellesskap demo --seed 1                      # load a year ending today: registry, users, records
    fellesskap demo --seed 1 --end 2026-03-01     # a year ending on a fixed date (tests, screenshots)
    fellesskap demo --seed 1 --scale 0.05         # a small service, for tests
    fellesskap demo scenario --seed 1 --from 2025-03-01 --to 2025-04-01 [--prison OSL] > S.json
    fellesskap demo scenario --seed 1 --from 2025-03-01 --to 2025-04-01 --isolation > S.json
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dt_time

from django.core.management.base import BaseCommand, CommandError

from fellesskap.demo.generate import DEFAULT_YEAR, OSLO, generate_registry

DEFAULT_SESSION_DAYS = 28


def today_in_oslo() -> date:
    """Today's date in Norway: the live demo's year ends at the start of it."""
    return datetime.now(OSLO).date()


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Load synthetic demo data (no real persons), or write it in the scenario format."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", default="load", choices=["load", "scenario"],
                            help="load (default): into the database; scenario: JSON to stdout")
        parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
        parser.add_argument("--year", type=int, default=DEFAULT_YEAR,
                            help="scenario: the calendar year the scenario is cut from")
        parser.add_argument("--scale", type=float, default=1.0,
                            help="population scale, e.g. 0.05 for a small test service (default 1)")
        parser.add_argument("--replace", action="store_true",
                            help="load: remove a different demo that is already loaded")
        parser.add_argument("--from", dest="date_from", help="scenario: first local date")
        parser.add_argument("--to", dest="date_to", help="scenario: end date (exclusive)")
        parser.add_argument("--prison", help="scenario: only persons with a stay in this prison (code)")
        parser.add_argument("--isolation", action="store_true",
                            help="scenario: include exclusions, coercive means, sessions and the rest")
        parser.add_argument("--no-sessions", action="store_true",
                            help="scenario: with --isolation, leave out the daily sessions (a year stays small)")
        parser.add_argument("--output", "-o", help="scenario: write to this file instead of stdout")
        parser.add_argument("--end", help="load: the demo's year ends at the start of this local date "
                                          "(default today in Europe/Oslo, so that it shows who is held now)")
        parser.add_argument("--session-days", type=int, default=DEFAULT_SESSION_DAYS,
                            help=f"load: days of time sessions before the end (default {DEFAULT_SESSION_DAYS}; "
                                 "0 for none); decisions are loaded for the whole year")
        parser.add_argument("--registry-only", action="store_true",
                            help="load: only prisons, persons, stays and users (no isolation records)")
        parser.add_argument("--no-ledger", action="store_true",
                            help="load: do not compute the stored ledger (the worker and `ledger rebuild` do it later)")
        parser.add_argument("--sweep", action="store_true",
                            help="load: also run the worker's first sweep of deadlines, findings and deviations "
                                 "now (about four minutes more on the national demo: by default the background "
                                 "worker does it while the server runs)")

    def handle(self, *args, **opts):
        if not 0 < opts["scale"] <= 10:
            raise CommandError("--scale must be above 0 and at most 10")
        if not 1950 <= opts["year"] <= 2100:
            raise CommandError("--year must be between 1950 and 2100")
        if opts["action"] == "scenario":
            return self._scenario(opts)
        return self._load(opts)

    def _scenario(self, opts) -> None:
        from fellesskap.demo.export import scenario_to_dict, to_scenario

        if not opts["date_from"] or not opts["date_to"]:
            raise CommandError("scenario needs --from DATE and --to DATE (end exclusive)")
        start, end = _date(opts["date_from"]), _date(opts["date_to"])
        registry = generate_registry(opts["seed"], year=opts["year"], scale=opts["scale"])
        records = None
        if opts["isolation"]:
            from fellesskap.demo.isolation import add_isolation_records

            records = add_isolation_records(registry, start=start, end=end, sessions=not opts["no_sessions"])
        try:
            scenario = to_scenario(registry, start, end, prison=opts["prison"], records=records)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        text = json.dumps(scenario_to_dict(scenario), ensure_ascii=False)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            sys.stdout.write(text + "\n")

    def _load(self, opts) -> None:
        from fellesskap.demo.isolation import add_isolation_records
        from fellesskap.demo.load import DemoLoadError, load_registry

        if opts["session_days"] < 0 or opts["session_days"] > 366:
            raise CommandError("--session-days must be between 0 and 366")
        end = _date(opts["end"]) if opts["end"] else today_in_oslo()
        if not opts["replace"] and self._already_loaded(opts["seed"], opts["scale"], end):
            return
        began, cpu = time.monotonic(), time.process_time()
        registry = generate_registry(opts["seed"], end=end, scale=opts["scale"])
        sessions_from = None
        records = None
        if not opts["registry_only"]:
            if opts["session_days"]:
                sessions_from = max(registry.period_start, end - timedelta(days=opts["session_days"]))
            records = add_isolation_records(registry, sessions=sessions_from is not None,
                                            sessions_from=sessions_from)
        generated = time.monotonic() - began
        try:
            result = load_registry(registry, replace=opts["replace"], records=records, sessions_from=sessions_from)
        except DemoLoadError as exc:
            raise CommandError(str(exc)) from None
        seconds, cpu = time.monotonic() - began, time.process_time() - cpu
        dataset = result.dataset
        if result.created:
            self.stdout.write(
                f"Loaded synthetic demo seed {registry.seed} ({registry.period_start} to {registry.period_end}, "
                f"scale {registry.scale}) in {seconds:.1f} s ({generated:.1f} s generating, {cpu:.1f} s CPU): "
                + ", ".join(f"{v} {k}" for k, v in dataset.counts.items()))
            if dataset.sessions_from:
                self.stdout.write(f"Time registrations (sessions) from {dataset.sessions_from}; "
                                  "decisions, reviews and incidents for the whole year.")
            if not opts["registry_only"] and not opts["no_ledger"]:
                self._compute(end, sweep=opts["sweep"])
        else:
            self.stdout.write(f"Demo seed {registry.seed} ending {registry.period_end} is already loaded "
                              f"({dataset.loaded_at:%Y-%m-%d %H:%M}); nothing added.")
        self._print_logins(result.logins, result.password)

    def _compute(self, end: date, *, sweep: bool) -> None:
        """The stored ledger (and, with ``--sweep``, the worker's first sweep), so that
        the dashboards and person pages are populated at once. The sweep is left to
        the background worker by default, so the server starts sooner: on the national
        demo it takes about four minutes more (docs/demo-data.md).
        Evaluated now, or at the end of the demo's last day if that is earlier
        (a demo of a past year is not counted up to today)."""
        from django.utils import timezone

        from fellesskap.alerts.worker import run_once
        from fellesskap.ledgerstore.rebuild import rebuild

        last = datetime.combine(end + timedelta(days=1), dt_time(0), OSLO)
        at = min(timezone.now(), last)
        began, cpu = time.monotonic(), time.process_time()
        done = rebuild(at=at)
        self.stdout.write(f"Stored ledger: {done.persons} persons, {done.days} days, {done.episodes} episodes "
                          f"in {time.monotonic() - began:.1f} s ({time.process_time() - cpu:.1f} s CPU).")
        if not sweep:
            self.stdout.write("Deadlines, findings and deviations: the worker computes them in the background.")
            return
        began, cpu = time.monotonic(), time.process_time()
        swept = run_once(at)
        self.stdout.write(f"First sweep: {swept.refreshed} persons refreshed, {swept.alerts_raised} alerts, "
                          f"{swept.deviations} deviations in {time.monotonic() - began:.1f} s "
                          f"({time.process_time() - cpu:.1f} s CPU).")

    def _already_loaded(self, seed: int, scale: float, end: date) -> bool:
        """Before generating anything: the same demo is there (nothing to do), or the
        same seed made on an earlier day (say so and keep it, so that ``make demo``
        still starts the server; ``--replace`` brings it up to date)."""
        from fellesskap.demo.load import current_logins, demo_password
        from fellesskap.demo.models import DemoDataset

        existing = DemoDataset.objects.order_by("-loaded_at").first()
        if existing is None or existing.seed != seed or existing.scale != scale:
            return False  # nothing loaded, or another demo: the loader decides (and refuses without --replace)
        if existing.period_end == end:
            self.stdout.write(f"Demo seed {seed} ending {end} is already loaded "
                              f"({existing.loaded_at:%Y-%m-%d %H:%M}); nothing added.")
        else:
            self.stdout.write(
                f"The loaded demo (seed {seed}) is from {existing.loaded_at:%Y-%m-%d}: it runs "
                f"{existing.period_start} to {existing.period_end}, so its 'now' is that day, not {end}. "
                f"Nothing added; run `fellesskap demo --seed {seed} --replace` to load a year ending {end}.")
        self._print_logins(current_logins(), demo_password())
        return True

    def _print_logins(self, logins, password: str) -> None:
        self.stdout.write("")
        self.stdout.write("Demo log-ins (local demo only; every person in it is synthetic):")
        width = max(len(login.username) for login in logins)
        role_width = max(len(login.role) for login in logins)
        self.stdout.write(f"  {'username':<{width}}  {'role':<{role_width}}  scope")
        for login in logins:
            self.stdout.write(f"  {login.username:<{width}}  {login.role:<{role_width}}  {login.scope}")
        self.stdout.write(f"  password for all: {password}")
        self._print_totp_secrets(logins)

    def _print_totp_secrets(self, logins) -> None:
        """Leaders and administrators need a one-time code (TOTP_REQUIRED); the
        demo gives each a confirmed authenticator and prints its key, so that
        the demo shows the real two-step log-in."""
        from fellesskap.registry.models import User
        from fellesskap.security import otp

        lines = []
        for login in logins:
            user = User.objects.get(username=login.username)
            if otp.totp_required_for(user):
                lines.append((login.username, otp.confirmed_device_with_secret(user)[1]))
        if lines:
            self.stdout.write("")
            self.stdout.write("Two-factor keys (add to an authenticator app, or: oathtool --totp -b KEY):")
            for username, secret in lines:
                self.stdout.write(f"  {username:<24}  {secret}")
