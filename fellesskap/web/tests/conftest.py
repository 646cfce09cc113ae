import pytest
from django.utils import translation


@pytest.fixture
def english(client, settings):
    """Messages are read in English in these tests; the bokmål catalogue is tested apart
    (test_translations.py). Asked for with ``pytest.mark.usefixtures("english")``."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
