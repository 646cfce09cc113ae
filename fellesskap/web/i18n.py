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


@contextmanager
def _locale_paths(into: Path | None):
    if into is None:
        yield
        return
    before = settings.LOCALE_PATHS
    settings.LOCALE_PATHS = [into]
    try:
        yield
    finally:
        settings.LOCALE_PATHS = before


def extract(locales: list[str] | None = None, verbosity: int = 0, *, into: Path | None = None) -> None:
    """Update each locale's ``django.po`` with every msgid in the code and
    templates, dropping ones no longer used.

    ``into`` writes the catalogues under another locale directory instead of
    the project's (the test does, to leave the committed files alone):
    makemessages adopts any ``locale`` folder it walks past, so the project's
    own is ignored then and ``into`` takes the place of LOCALE_PATHS.
    """
    ignore = list(IGNORE_PATTERNS)
    if into is not None:
        ignore.append(os.path.relpath(settings.BASE_DIR / "locale", settings.PROJECT_DIR))
    with _in_project_root(), _locale_paths(into):
        call_command(
            "makemessages",
            locale=locales or LOCALES,
            ignore_patterns=ignore,
            no_obsolete=True,
            add_location="file",
            verbosity=verbosity,
        )
