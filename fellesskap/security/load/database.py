"""``python -m fellesskap.security.load.database URL``: create the load test's
PostgreSQL database if it is missing (``make loadtest``), so that the target
needs nothing done by hand. Runs reuse the database: each makes a prison of its own."""

from __future__ import annotations

import sys

import psycopg
from psycopg import sql


def ensure_database(url: str) -> bool:
    """Creates the database named in ``url``; True if it was created."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    name = info.get("dbname") or ""
    if not name:
        raise SystemExit("the URL names no database")
    admin = psycopg.conninfo.make_conninfo(**{**info, "dbname": "postgres"})
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


if __name__ == "__main__":
    print("created" if ensure_database(sys.argv[1]) else "exists", sys.argv[1].rsplit("/", 1)[-1])
