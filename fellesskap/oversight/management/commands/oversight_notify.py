"""``fellesskap oversight_notify``: make any missing supervisory-board notice."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from fellesskap.oversight.notify import sweep


class Command(BaseCommand):
    help = "Make the supervisory board's notice of every notifiable incident that has none (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Only incidents of the last N days (default: all).")

    def handle(self, *args, days=None, **options):
        since = timezone.now() - timedelta(days=days) if days else None
        made = sweep(since)
        self.stdout.write(f"{made} notification(s) made")
