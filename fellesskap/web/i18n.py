"""Translation catalogue upkeep: one definition of how msgids are extracted,
shared by ``make messages`` and the test that every msgid has a bokmål text.

Extraction is Django's ``makemessages`` (GNU xgettext underneath), run from
the project root so it sees every app's Python files and templates. An app
may keep its own catalogue (``fellesskap/<app>/locale``); makemessages then
puts that app's msgids there, and everything else goes to the project's
catalogue in ``settings.LOCALE_PATHS[0]`` (``fellesskap/locale``).
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


def locale_dirs() -> list[Path]:
    """Every ``locale`` folder in the package: the project's and the apps' own."""
    found = {Path(p).resolve() for p in settings.LOCALE_PATHS}
    found.update(p.resolve() for p in settings.BASE_DIR.glob("*/locale") if p.is_dir())
    return sorted(found)


def catalogues(locale: str) -> list[Path]:
    """The ``django.po`` files of ``locale``, the project's first (it wins in
    Django's lookup, as LOCALE_PATHS come before the apps' folders)."""
    project = Path(settings.LOCALE_PATHS[0]).resolve()
    paths = sorted(locale_dirs(), key=lambda d: (d != project, str(d)))
    return [f for d in paths if (f := d / locale / "LC_MESSAGES" / "django.po").exists()]


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
    """Update each locale's ``django.po`` files with every msgid in the code and
    templates, dropping ones no longer used.

    ``into`` writes one catalogue holding every msgid under another locale
    directory instead (the test does, to leave the committed files alone):
    makemessages adopts any ``locale`` folder it walks past, so all of the
    project's are ignored then and ``into`` takes the place of LOCALE_PATHS.
    """
    ignore = list(IGNORE_PATTERNS)
    if into is not None:
        ignore += [os.path.relpath(d, settings.PROJECT_DIR) for d in locale_dirs()]
    with _in_project_root(), _locale_paths(into):
        call_command(
            "makemessages",
            locale=locales or LOCALES,
            ignore_patterns=ignore,
            no_obsolete=True,
            add_location="file",
            verbosity=verbosity,
        )
