"""The fault tests' PostgreSQL cluster (see cluster.py); skipped with a clear
reason where Debian's PostgreSQL binaries are missing."""

from __future__ import annotations

import itertools
import json

import pytest

from fellesskap.security.load.run import free_port
from fellesskap.security.tests.faults import cluster as C

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    if C.binaries() is None:
        pytest.skip("PostgreSQL's initdb/pg_ctl are not installed (/usr/lib/postgresql/*/bin); "
                    "the fault tests need a throw-away cluster of their own")
    cluster = C.start_cluster(free_port())
    yield cluster
    C.remove_cluster(cluster)


@pytest.fixture
def fault_db(pg_cluster):
    """A fresh migrated database in the throw-away cluster: its URL."""
    return pg_cluster.new_database(f"fk_fault_{next(_names)}")


PREPARE = """
import json
from fellesskap.security.load.dataset import prepare
print(json.dumps(prepare(officers={officers}, leaders={leaders}, units=1, persons_per_officer=2).as_json()))
"""


def prepared(database_url: str, officers: int = 1, leaders: int = 1) -> dict:
    """The load test's data (one prison, one unit) made in that database; the plan."""
    done = C.fellesskap(["shell", "-c", PREPARE.format(officers=officers, leaders=leaders)], database_url)
    return json.loads(done.stdout.strip().splitlines()[-1])
