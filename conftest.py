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


_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Every database test starts with the migrations' reference data (the
    regions, the audit chain's tip, the reference figures), even after a
    transactional test emptied the tables (fellesskap/reference_data.py)."""
    if request.node.get_closest_marker("django_db") is None and not _DB_FIXTURES & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")
    from fellesskap import reference_data

    reference_data.ensure()
