import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The default hasher is slow on purpose; these tests check screens, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
