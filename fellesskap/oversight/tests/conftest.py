import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """The tests read messages in English; the bokmål catalogue is tested apart."""
    with translation.override("en"):
        yield
