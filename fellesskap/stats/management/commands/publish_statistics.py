"""``fellesskap publish_statistics YYYY-MM --user NAME [--area AREA] [--reason TEXT]``.

Computes the month's publication from the database (records bridge) and
publishes it as the next edition, as the named directorate analyst would on
screen; for the monthly routine and for loading the demo.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fellesskap.registry.models import User
from fellesskap.stats.actions import NotAllowed, publish_edition
from fellesskap.stats.service import publication_from_database


class Command(BaseCommand):
    help = "Publish a month's statistics from the database as a new, frozen edition."

    def add_arguments(self, parser):
        parser.add_argument("period", help="the month, YYYY-MM")
        parser.add_argument("--user", required=True, help="username of the publishing directorate analyst")
        parser.add_argument("--area", default="nation", help="nation (default), region:CODE or prison:CODE")
        parser.add_argument("--reason", default="", help="why a period is published again (corrections)")

    def handle(self, *args, period, user, area, reason, **options):
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"--user: no user {user!r}")
        try:
            publication = publication_from_database(period, area=area, evaluated_at=timezone.now())
            edition = publish_edition(publication, actor=actor, reason=reason)
        except (ValueError, NotAllowed) as exc:  # PublishError is a ValueError
            raise CommandError(str(exc)) from None
        partial = " (partial: the month has not ended)" if publication.partial else ""
        self.stdout.write(f"published {edition.period} {edition.area} edition {edition.number}{partial}, "
                          f"{len(edition.changes)} rows changed")
