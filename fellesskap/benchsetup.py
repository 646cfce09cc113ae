"""The database a benchmark runs on, set up before Django is (``make bench``).

Every bench makes its own database — a fresh SQLite file in a temporary
directory unless given a URL — so that it never measures, or writes into, the
project's own. It must run before ``django.setup()`` in the process: the
settings read ``DATABASE_URL`` once.
"""

from __future__ import annotations

import os
import tempfile


def setup_django(prefix: str, database_url: str | None = None) -> None:
    """Points Django at the bench's database, sets it up and migrates it.
    A PostgreSQL ``database_url`` is created when missing."""
    if database_url:
        from fellesskap.security.load.database import ensure_database

        ensure_database(database_url)
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix=prefix)}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fellesskap.settings")
    # Benches log in with force_login; a second factor is not what they measure.
    os.environ["TOTP_REQUIRED"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
