"""``fellesskap restore FILE`` — see fellesskap/security/backup.py."""

from django.core.management.base import BaseCommand, CommandError

from fellesskap.security import backup


class Command(BaseCommand):
    help = "Restore FILE into an empty, migrated database, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            summary = backup.restore(options["file"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(summary.counts.values())
        self.stdout.write(f"restored {rows} rows of "
                          f"{sum(1 for n in summary.counts.values() if n)} tables; sha256 {summary.sha256}")
