"""Test-only WSGI application: the real one, with a pause at a chosen point of
a registration, so that a test can kill the server exactly there.

``FAULT_PAUSE`` says where:

- ``in_transaction``: after the audit event of ``register_session`` is
  written — the session, its version and the audit event are in the
  transaction, which has not committed;
- ``before_ledger``: after the commit, before the stored ledger is refreshed.

At the pause the worker writes ``FAULT_MARKER`` and sleeps, waiting for SIGKILL.
Nothing of this is in the application itself.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from fellesskap.security.warm import application  # noqa: F401 - served by gunicorn

PAUSE = os.environ.get("FAULT_PAUSE", "")
MARKER = Path(os.environ.get("FAULT_MARKER", "/nonexistent"))


def _pause() -> None:
    MARKER.write_text(str(os.getpid()))
    time.sleep(120)


if PAUSE == "in_transaction":
    from fellesskap.audit import trail

    _record = trail.record

    def record(**kwargs):
        event = _record(**kwargs)
        if (kwargs.get("data") or {}).get("command") == "register_session":
            _pause()
        return event

    trail.record = record

elif PAUSE == "before_ledger":
    from fellesskap.ledgerstore import refresh

    _refresh = refresh.refresh_persons

    def refresh_persons(*args, **kwargs):
        _pause()
        return _refresh(*args, **kwargs)

    refresh.refresh_persons = refresh_persons
