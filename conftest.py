"""Project-wide pytest settings."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 with production iterations costs ~0.3 s a log-in; tests only need a hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_totp_unless_asked(settings):
    """Tests log leaders in with force_login and check their screens; the
    two-factor step is tested on its own (fellesskap/security/tests), which
    turns ``TOTP_REQUIRED`` back on."""
    settings.TOTP_REQUIRED = False
