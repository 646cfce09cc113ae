"""``fellesskap scenario export`` and ``fellesskap scenario import``.

``export --from DATE --to DATE [--prison CODE] [--pseudonymise] [--at INSTANT]``
writes the records of the persons held in the period as a scenario document
(scenario-format.md); ``--to`` is the period's exclusive end, as in the file.
``import S.json`` loads a scenario into an empty database.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.records import bridge, scenario_io
from fellesskap.records.importer import ImportRefused, import_scenario
from fellesskap.registry.models import Prison
from fellesskap.scenario.parse import ScenarioError, parse_instant, parse_scenario


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = "Export the records as a scenario file, or import a scenario file into an empty database."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        export = sub.add_parser("export", help="Write the period's records as scenario JSON.")
        export.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
        export.add_argument("--to", dest="date_to", required=True, help="end of the period (exclusive), YYYY-MM-DD")
        export.add_argument("--prison", help="only persons held in this prison (code)")
        export.add_argument("--pseudonymise", action="store_true", help="replace ids by P1, D1, ...")
        export.add_argument("--at", help="evaluated_at, an ISO instant with offset (default: now)")
        export.add_argument("--output", "-o", help="file to write (default: standard output)")
        imp = sub.add_parser("import", help="Load a scenario file into an empty database.")
        imp.add_argument("path", help="scenario JSON file")

    def handle(self, *args, **options):
        if options["subcommand"] == "export":
            return self._export(options)
        return self._import(options["path"])

    def _export(self, options):
        first = _date(options["date_from"], "--from")
        end = _date(options["date_to"], "--to")
        if end <= first:
            raise CommandError("--to: the end of the period must be after --from (the end is exclusive)")
        code = options.get("prison")
        if code and not Prison.objects.filter(code=code).exists():
            raise CommandError(f"--prison: no prison with code {code!r}")
        try:
            evaluated_at = parse_instant(options["at"], "--at") if options.get("at") else timezone.now()
        except ScenarioError as error:
            raise CommandError(str(error)) from None
        tz = timezone.get_default_timezone()
        start_instant = dt.datetime.combine(first, dt.time(), tz)
        end_instant = dt.datetime.combine(end, dt.time(), tz)
        persons = bridge.persons_held(start_instant, end_instant, code)
        scenario = bridge.scenario_for(persons, first, end, evaluated_at)
        if options["pseudonymise"]:
            scenario = scenario_io.pseudonymise(scenario)
        text = json.dumps(scenario_io.to_document(scenario), ensure_ascii=False, indent=2)
        trail.record(actor=None, action=AuditEvent.Action.EXPORT, obj=("records.scenario", ""), prison=code or "",
                     data={"command": "scenario_export", "from": first.isoformat(), "to": end.isoformat(),
                           "persons": len(scenario.persons), "pseudonymised": bool(options["pseudonymise"])})
        if options.get("output"):
            with open(options["output"], "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        else:
            self.stdout.write(text)

    def _import(self, path: str):
        try:
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}: not JSON ({error.msg} at line {error.lineno})") from None
        try:
            scenario = parse_scenario(doc)
            imported = import_scenario(scenario)
        except ScenarioError as error:
            raise CommandError(str(error)) from None
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"imported {len(imported.persons)} persons")
