"""The log-in lock-out counters are shared by every process: failures are
rows in the database and locks live in the database cache (``CACHES["login"]``,
table made by ``migrate``), so five failures spread over several worker
processes — or threads at the same instant — lock the pair as surely as five
in one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from fellesskap.security import ratelimit
from fellesskap.testing import at_once

ADDRESS = "10.0.0.7"


@pytest.mark.django_db
def test_the_counters_use_the_database_cache():
    assert isinstance(ratelimit.counters(), DatabaseCache)
    assert settings.CACHES[settings.LOGIN_CACHE]["LOCATION"] in connection.introspection.table_names()


@pytest.mark.django_db
def test_a_second_cache_object_sees_the_failures_of_the_first():
    """What one process counted, another (its own cache object, no shared memory) sees."""
    first = ratelimit.counters()
    second = DatabaseCache(settings.CACHES["login"]["LOCATION"], {})
    assert first is not second
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        ratelimit.record_failure("kari", ADDRESS)
    assert ratelimit.locked_until("kari", ADDRESS) is None
    assert ratelimit.failures("kari", ADDRESS) == settings.LOGIN_FAILURE_LIMIT - 1
    assert ratelimit.record_failure("kari", ADDRESS) is True
    assert second.get(ratelimit._key("lock", "kari", ADDRESS)) is not None


_CHILD = """
import sys, django
django.setup()
from fellesskap.security import ratelimit
action = sys.argv[1]
if action == "fail":
    print(ratelimit.record_failure("kari", "10.0.0.7"))
else:
    print(ratelimit.locked_until("kari", "10.0.0.7") is not None)
"""


def _child(action: str) -> str:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "fellesskap.settings"}
    done = subprocess.run([sys.executable, "-c", _CHILD, action], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.django_db(transaction=True)
def test_failures_in_separate_processes_add_up_to_a_lock():
    """Real processes: each failure is counted by a new Python process; the
    fifth locks the pair, and this process (and a sixth) sees the lock."""
    if connection.vendor != "postgresql":
        pytest.skip("separate processes need a database they can all open (the SQLite test database is in memory)")
    ratelimit.counters().clear()
    outcomes = [_child("fail") for _ in range(settings.LOGIN_FAILURE_LIMIT)]
    assert outcomes == ["False"] * (settings.LOGIN_FAILURE_LIMIT - 1) + ["True"]
    assert ratelimit.locked_until("kari", ADDRESS) is not None
    assert _child("check") == "True"
    ratelimit.counters().clear()


@pytest.mark.django_db(transaction=True)
def test_failures_at_the_same_instant_are_all_counted():
    """Threads with their own database connections fail at the same instant
    (a barrier): as many failures as the limit always lock the pair. A counter
    read, increased and written back would lose some of them."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises writers by design")
    limit = settings.LOGIN_FAILURE_LIMIT
    for round_ in range(8):
        name = f"race{round_}"
        outcomes = at_once(lambda name=name: ratelimit.record_failure(name, ADDRESS), limit, timeout=60)
        assert ratelimit.locked_until(name, ADDRESS) is not None, f"round {round_}: {limit} failures did not lock"
        assert any(outcomes)
    ratelimit.counters().clear()


@pytest.mark.django_db
def test_old_failures_fall_out_of_the_window_and_are_deleted():
    from fellesskap.security.models import LoginFailure

    window = settings.LOGIN_FAILURE_WINDOW
    for i in range(settings.LOGIN_FAILURE_LIMIT - 1):
        ratelimit.record_failure("ola", ADDRESS, now=1000.0 + i)
    assert ratelimit.failures("ola", ADDRESS, now=1010.0) == settings.LOGIN_FAILURE_LIMIT - 1
    # Long after: the old ones no longer count, and this failure alone does not lock.
    assert ratelimit.record_failure("ola", ADDRESS, now=1000.0 + window + 100) is False
    assert LoginFailure.objects.count() == 1, "rows out of every window are deleted"
