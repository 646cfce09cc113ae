"""Shared full-scale demo data: generated once per test session (a few seconds)."""

import pytest

from fellesskap.demo.generate import generate_registry
from fellesskap.demo.isolation import add_isolation_records

SEED = 1
YEAR = 2025


@pytest.fixture(scope="session")
def year_registry():
    return generate_registry(SEED, year=YEAR)


@pytest.fixture(scope="session")
def year_events(year_registry):
    """Stage-2 records for the whole year without the daily sessions."""
    return add_isolation_records(year_registry, sessions=False)
