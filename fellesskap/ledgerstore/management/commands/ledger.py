"""``fellesskap ledger rebuild`` and ``fellesskap ledger show``.

``rebuild [--prison CODE] [--from DATE --to DATE] [--at INSTANT]`` recomputes
the stored ledger from the records (the same rows as the incremental path).
``show --from DATE --to DATE [--prison CODE] [--packs a,b] --format json``
prints the stored ledger of the period as ``fellesskap evaluate`` does
(``--to`` is the period's exclusive end, as in a scenario file).
``verify`` checks that the stored ledger equals a rebuild, changing nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import time

from django.core.management.base import BaseCommand, CommandError

from fellesskap.ledgerstore.rebuild import rebuild
from fellesskap.ledgerstore.show import stored_document
from fellesskap.ledgerstore.verify import differences
from fellesskap.registry.models import Prison
from fellesskap.scenario.cli import parse_packs
from fellesskap.scenario.parse import ScenarioError, parse_instant


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = "Rebuild the stored ledger from the records, or show it for a period."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        reb = sub.add_parser("rebuild", help="Recompute the stored ledger from the records.")
        reb.add_argument("--prison", help="only persons who were held in this prison (code)")
        reb.add_argument("--from", dest="date_from", help="first day to recompute, YYYY-MM-DD")
        reb.add_argument("--to", dest="date_to", help="end of the days to recompute (exclusive), YYYY-MM-DD")
        reb.add_argument("--at", help="evaluate at this ISO instant with offset (default: now)")
        show = sub.add_parser("show", help="Print the stored ledger of a period in evaluate's format.")
        show.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
        show.add_argument("--to", dest="date_to", required=True, help="end of the period (exclusive), YYYY-MM-DD")
        show.add_argument("--prison", help="only persons held in this prison (code)")
        show.add_argument("--packs", help="comma-separated rule packs (default: the engine's)")
        show.add_argument("--format", choices=["json"], default="json", help="output format (json)")
        sub.add_parser("verify", help="Check, without changing anything, that the stored ledger equals a rebuild.")

    def handle(self, *args, **options):
        first = _date(options.get("date_from"), "--from")
        end = _date(options.get("date_to"), "--to")
        if first is not None and end is not None and end <= first:
            raise CommandError("--to: the end must be after --from (the end is exclusive)")
        code = options.get("prison")
        if code and not Prison.objects.filter(code=code).exists():
            raise CommandError(f"--prison: no prison with code {code!r}")
        if options["subcommand"] == "verify":
            found = differences()
            for d in found:
                self.stdout.write(f"differs: person {d.person} (days stored {d.days_stored}, rebuilt {d.days_rebuilt}, "
                                  f"first differing day {d.first_date}, episodes differ: {d.episodes_differ})")
            if found:
                raise CommandError(f"the stored ledger differs from a rebuild for {len(found)} person(s); "
                                   "`fellesskap ledger rebuild` repairs it")
            self.stdout.write("the stored ledger equals a rebuild")
            return
        if options["subcommand"] == "rebuild":
            try:
                at = parse_instant(options["at"], "--at") if options.get("at") else None
            except ScenarioError as error:
                raise CommandError(str(error)) from None
            began = time.perf_counter()
            done = rebuild(code, first, end, at)
            self.stdout.write(f"rebuilt {done.persons} persons: {done.days} days, {done.episodes} episodes "
                              f"in {time.perf_counter() - began:.1f} s")
            return
        try:
            packs = parse_packs(options.get("packs"))
            doc = stored_document(first, end, code, packs)
        except ScenarioError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1))
