"""``fellesskap retention apply [--dry-run] [--days N]`` — pseudonymise persons
released long ago (see fellesskap/security/retention.py)."""

from django.core.management.base import BaseCommand, CommandError

from fellesskap.security import retention


class Command(BaseCommand):
    help = "Pseudonymise persons released more than RETENTION_DAYS_AFTER_RELEASE days ago."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["apply"], help="apply: pseudonymise (or list with --dry-run)")
        parser.add_argument("--dry-run", action="store_true", help="only count and list the opaque ids")
        parser.add_argument("--days", type=int, help="override RETENTION_DAYS_AFTER_RELEASE for this run")

    def handle(self, *args, **options):
        days = options["days"]
        if days is not None and days < 0:
            raise CommandError("--days: must be 0 or more")
        result = retention.apply(dry_run=options["dry_run"], days=days)
        verb = "would pseudonymise" if options["dry_run"] else "pseudonymised"
        self.stdout.write(f"{verb} {len(result.persons)} persons released before {result.cutoff:%Y-%m-%d}")
        if options["dry_run"]:
            for public_id in result.persons:
                self.stdout.write(f"  {public_id}")
