"""Heavier property tests (marker ``slow``) run only when asked for.

``pytest -m slow`` or ``FELLESSKAP_SLOW=1 pytest`` runs them; ``make test``
stays fast.
"""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config, items):
    if os.environ.get("FELLESSKAP_SLOW") == "1" or "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow or FELLESSKAP_SLOW=1")
    for item in items:
        if "slow" in item.keywords and str(item.fspath).startswith(os.path.dirname(__file__)):
            item.add_marker(skip)
