"""A throw-away PostgreSQL cluster for the fault tests.

The fault tests stop and kill things, so they never touch the shared server:
they start a cluster of their own in a temporary directory on a free port with
Debian's initdb/pg_ctl (run as the ``postgres`` user with runuser when we are
root, since initdb refuses root), migrate one template database, and give each
test a fresh copy of it.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

PROJECT = Path(__file__).resolve().parents[4]


def binaries() -> Path | None:
    """Debian's PostgreSQL binaries (the newest version installed), if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class Cluster:
    bin: Path
    data: Path
    port: int

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data / "db"), "-w", "-t", "60",
                                     *args]), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> None:
        self._pg_ctl("-l", str(self.data / "log"), "-o",
                     f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg_ctl("-m", mode, "stop")

    def sql(self, statement: str, database: str = "postgres") -> list[tuple]:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else []

    def new_database(self, name: str, template: str = "fk_template") -> str:
        self.sql(f'DROP DATABASE IF EXISTS "{name}"')
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)


def start_cluster(port: int) -> Cluster:
    bin_dir = binaries()
    assert bin_dir is not None
    data = Path(tempfile.mkdtemp(prefix="fk-faults-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data / "db"), "-A", "trust", "-U", "postgres",
                                 "-E", "UTF8", "--no-instructions"]),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cluster = Cluster(bin_dir, data, port)
    cluster.start()
    cluster.sql('CREATE DATABASE "fk_template"')
    fellesskap(["migrate", "--noinput"], cluster.url("fk_template"))
    return cluster


def remove_cluster(cluster: Cluster) -> None:
    try:
        cluster.stop("immediate")
    except subprocess.CalledProcessError:
        pass
    shutil.rmtree(cluster.data, ignore_errors=True)


def environment(database_url: str) -> dict[str, str]:
    """The environment of a server or command on ``database_url`` (not the test settings')."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="fellesskap.settings", TOTP_REQUIRED="0")
    return env


def fellesskap(args: list[str], database_url: str, check: bool = True, timeout: float = 600
               ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fellesskap.cli", *args], cwd=PROJECT, env=environment(database_url),
                          capture_output=True, text=True, check=check, timeout=timeout)
