"""``fellesskap demo``: load the synthetic demo, or write it as a scenario file.

    fellesskap demo --seed 1                      # load the registry and demo users (idempotent)
    fellesskap demo --seed 1 --scale 0.05         # a small service, for tests
    fellesskap demo scenario --seed 1 --from 2025-03-01 --to 2025-04-01 [--prison OSL] > S.json
    fellesskap demo scenario --seed 1 --from 2025-03-01 --to 2025-04-01 --isolation > S.json
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from fellesskap.demo.generate import DEFAULT_YEAR, generate_registry


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
        parser.add_argument("--year", type=int, default=DEFAULT_YEAR, help="the demo year")
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
        from fellesskap.demo.load import DemoLoadError, load_registry

        began = time.monotonic()
        registry = generate_registry(opts["seed"], year=opts["year"], scale=opts["scale"])
        try:
            result = load_registry(registry, replace=opts["replace"])
        except DemoLoadError as exc:
            raise CommandError(str(exc)) from None
        seconds = time.monotonic() - began
        counts = result.dataset.counts
        if result.created:
            self.stdout.write(f"Loaded synthetic demo seed {registry.seed} ({registry.year}, scale {registry.scale}) "
                              f"in {seconds:.1f} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        else:
            self.stdout.write(f"Demo seed {registry.seed} is already loaded "
                              f"({result.dataset.loaded_at:%Y-%m-%d %H:%M}); nothing added.")
        self.stdout.write("")
        self.stdout.write("Demo log-ins (local demo only; every person in it is synthetic):")
        width = max(len(login.username) for login in result.logins)
        role_width = max(len(login.role) for login in result.logins)
        self.stdout.write(f"  {'username':<{width}}  {'role':<{role_width}}  scope")
        for login in result.logins:
            self.stdout.write(f"  {login.username:<{width}}  {login.role:<{role_width}}  {login.scope}")
        self.stdout.write(f"  password for all: {result.password}")
        self._print_totp_secrets(result.logins)

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
