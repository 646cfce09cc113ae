"""Translation catalogue upkeep: one definition of how msgids are extracted,
shared by ``make messages`` and the test that every msgid has a bokmål text.

Extraction is Django's ``makemessages`` (GNU xgettext underneath), run from
the project root so it sees every app's Python files and templates.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

# The catalogues we keep; English is the msgid language and needs none.
LOCALES = ["nb"]

# Trees that hold no strings of ours (third-party files, build output, data).
IGNORE_PATTERNS = [
    "frontend/*", "node_modules/*", "var/*", "docs/*", "build/*", "dist/*", "tests/*",
    "fellesskap/web/static/vendor/*",
]


@contextmanager
def _in_project_root():
    before = Path.cwd()
    os.chdir(settings.PROJECT_DIR)
    try:
        yield
    finally:
        os.chdir(before)


def extract(locales: list[str] | None = None, verbosity: int = 0) -> None:
    """Update each locale's ``django.po`` under ``settings.LOCALE_PATHS[0]``
    with every msgid in the code and templates, dropping ones no longer used."""
    with _in_project_root():
        call_command(
            "makemessages",
            locale=locales or LOCALES,
            ignore_patterns=IGNORE_PATTERNS,
            no_obsolete=True,
            add_location="file",
            verbosity=verbosity,
        )
