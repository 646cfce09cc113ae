"""``fellesskap audit verify`` and ``fellesskap audit export --from D --to D``."""

from __future__ import annotations

import datetime as dt
import sys
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fellesskap.audit import trail
from fellesskap.audit.export import write_csv
from fellesskap.audit.models import AuditEvent


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = "Check the audit trail's hash chain, or export events as CSV."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="Recompute the chain; exit 1 at the first broken event.")
        export = sub.add_parser("export", help="Write the events of a period (Oslo days, inclusive) as CSV.")
        export.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
        export.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
        export.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        if options["subcommand"] == "verify":
            return self._verify()
        return self._export(options)

    def _verify(self):
        result = trail.verify()
        if result.intact:
            self.stdout.write(f"{result.count} events, chain intact")
            return
        self.stderr.write(f"chain broken at event {result.broken_at}: {result.problem}")
        sys.exit(1)

    def _export(self, options):
        first = _date(options["date_from"], "--from")
        last = _date(options["date_to"], "--to")
        if last < first:
            raise CommandError("--to: the last day must not be before --from")
        tz = ZoneInfo(settings.TIME_ZONE)
        start = dt.datetime.combine(first, dt.time(), tz)
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tz)
        events = AuditEvent.objects.filter(at__gte=start, at__lt=end).order_by("seq")
        if options.get("output"):
            with open(options["output"], "w", newline="", encoding="utf-8") as fh:
                n = write_csv(events.iterator(), fh)
        else:
            n = write_csv(events.iterator(), self.stdout)
        trail.record(actor=None, action=AuditEvent.Action.EXPORT, obj=("audit.auditevent", ""),
                     data={"from": first.isoformat(), "to": last.isoformat(), "rows": n, "via": "command"})
