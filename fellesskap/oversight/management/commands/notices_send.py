"""``fellesskap notices_send``: e-mail the supervisory boards the notices that wait
(the worker does the same every sweep; this is for a cron job or by hand)."""

from django.core.management.base import BaseCommand

from fellesskap.oversight.delivery import send_due


class Command(BaseCommand):
    help = "Tell the supervisory boards by e-mail that notices await them (no personal data in the e-mail)."

    def handle(self, *args, **options):
        result = send_due()
        self.stdout.write(f"{result.sent} sent, {result.failed} failed (tried again later), "
                          f"{result.no_address} held: no address for the supervisory board")
