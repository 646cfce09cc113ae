"""``fellesskap update_messages``: extract msgids into the .po catalogues.

Used by ``make messages``, which then compiles the .mo files. Translators edit
``fellesskap/locale/<lang>/LC_MESSAGES/django.po`` afterwards.
"""

from django.core.management.base import BaseCommand

from fellesskap.web import i18n


class Command(BaseCommand):
    help = "Extract translatable strings from code and templates into the .po catalogues."

    def handle(self, *args, **options):
        i18n.extract(verbosity=options["verbosity"])
        self.stdout.write(f"updated catalogues for: {', '.join(i18n.LOCALES)}")
