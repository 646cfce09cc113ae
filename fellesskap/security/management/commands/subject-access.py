"""``fellesskap subject-access PERSON_UUID --format json|pdf [-o FILE]``."""

import uuid

from django.core.management.base import BaseCommand, CommandError

from fellesskap.registry.models import Person
from fellesskap.security import subject_access


class Command(BaseCommand):
    help = "Export everything held about one person (GDPR art. 15) as JSON or PDF; the export is audited."

    def add_arguments(self, parser):
        parser.add_argument("person", help="the person's opaque id (UUID)")
        parser.add_argument("--format", choices=["json", "pdf"], default="json")
        parser.add_argument("-o", "--output", help="file to write (default: standard output, JSON only)")

    def handle(self, *args, **options):
        try:
            public_id = uuid.UUID(options["person"])
        except ValueError:
            raise CommandError("person: not a UUID (use the opaque id shown on the person screen)") from None
        person = Person.all_objects.filter(public_id=public_id).first()
        if person is None:
            raise CommandError("person: no person with this id")
        if options["format"] == "pdf" and not options["output"]:
            raise CommandError("--output: a PDF must be written to a file")
        data = subject_access.export(person, options["format"])
        if options["output"]:
            with open(options["output"], "wb") as fh:
                fh.write(data)
            self.stderr.write(f"wrote {len(data)} bytes to {options['output']}")
        else:
            self.stdout.write(data.decode(), ending="\n")
