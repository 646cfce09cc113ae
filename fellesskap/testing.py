"""Support for the tests that prove concurrency (races on PostgreSQL).

:func:`at_once` runs a callable in several threads released together by a
barrier, each with its own database connection (Django opens one per thread,
closed when the thread ends), and hands back what each returned — or raises
the first error a thread met, so a race test never passes on a thread that
died quietly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def at_once(work: Callable[[], T], threads: int = 2, timeout: float = 300) -> list[T]:
    """``work()`` in ``threads`` threads started at the same instant; their results."""
    from django.db import connections

    barrier = threading.Barrier(threads)
    results: list[T] = []
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(work())
        except BaseException as exc:  # noqa: BLE001 - raised in the caller below
            errors.append(exc)
        finally:
            connections.close_all()

    started = [threading.Thread(target=run) for _ in range(threads)]
    for t in started:
        t.start()
    for t in started:
        t.join(timeout)
    if errors:
        raise errors[0]
    if len(results) != threads:
        raise TimeoutError(f"{threads - len(results)} of {threads} threads did not finish in {timeout} s")
    return results
