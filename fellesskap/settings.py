"""Django settings, read from the environment.

Safe defaults for local use (SQLite under ``var/``, a generated secret key kept
in ``var/secret_key``); production sets ``DATABASE_URL``, ``SECRET_KEY``,
``ALLOWED_HOSTS``, leaves ``DEBUG`` off and sets ``ALLOW_SYNTHETIC_IDENTITY_NUMBERS=false``.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("FELLESSKAP_VAR_DIR", PROJECT_DIR / "var"))


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _local_secret_key() -> str:
    """A key generated once per checkout, so a local install needs no set-up
    and no key is ever committed."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
DEBUG = _env_bool("DEBUG", False)
# Synthetic test identity numbers (month + 80, Tenor test data). Unset: accepted under DEBUG or where a
# synthetic demo is loaded; production sets ALLOW_SYNTHETIC_IDENTITY_NUMBERS=false.
ALLOW_SYNTHETIC_IDENTITY_NUMBERS = (
    _env_bool("ALLOW_SYNTHETIC_IDENTITY_NUMBERS") if os.environ.get("ALLOW_SYNTHETIC_IDENTITY_NUMBERS") else None)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Only for its static files and templates: the interactive API docs (Swagger UI) are then
    # served from our own static files, never a CDN, and need no inline script.
    "ninja",
    "fellesskap.registry",
    "fellesskap.audit",
    "fellesskap.records",
    "fellesskap.ledgerstore",
    "fellesskap.letters",
    "fellesskap.oversight",
    "fellesskap.alerts",
    "fellesskap.stats",
    "fellesskap.demo",
    "fellesskap.api",
    "fellesskap.web",
    "fellesskap.dashboards",
    "fellesskap.security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fellesskap.security.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A request reads the user's grants once (fellesskap/registry/request_scope.py).
    "fellesskap.registry.request_scope.RequestScopeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fellesskap.security.middleware.TotpRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fellesskap.urls"
WSGI_APPLICATION = "fellesskap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fellesskap.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'fellesskap.sqlite3'}",
        # Persistent connections (`fellesskap serve-production` sets CONN_MAX_AGE=60) are checked
        # before each request reuses them, so that after a database restart the first request gets a
        # new connection instead of an error.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Every write command runs in one transaction; a busy timeout keeps the
    # worker and the web server from failing each other on the embedded default.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Writers take the lock when their transaction begins, so that two audit
    # writers queue instead of failing when both try to extend the hash chain.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "registry.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Log-in is rate limited per user name and address (fellesskap/security/ratelimit.py).
AUTHENTICATION_BACKENDS = ["fellesskap.security.backends.RateLimitedModelBackend"]
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", str(15 * 60)))
LOGIN_LOCKOUT = int(os.environ.get("LOGIN_LOCKOUT", str(15 * 60)))
# The lock-out counters are shared by every worker process (and server): they
# live in the database (table made by the security app's migration), not in a
# process's memory, or each process would count its own five attempts.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "login": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "fellesskap_login_cache",
              "OPTIONS": {"MAX_ENTRIES": 100_000}},
}
LOGIN_CACHE = "login"

# E-mail: the supervisory board is told that a notice awaits it (fellesskap/oversight/delivery.py).
# The console backend (the default) prints the e-mail; production sets EMAIL_BACKEND to
# django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST and friends. SITE_URL makes the link.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "fellesskap@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Leaders and administrators need a one-time code (fellesskap/security/otp.py).
# Only a local demo or a test turns this off.
TOTP_REQUIRED = _env_bool("TOTP_REQUIRED", True)
OTP_TOTP_ISSUER = "fellesskap"

# Content-Security-Policy (fellesskap/security/middleware.py): every page, the
# interactive API docs included. A view named here by URL name would go without.
CSP_EXEMPT_VIEWS: tuple[str, ...] = ()

# Personal data is pseudonymised this many days after release (`fellesskap retention apply`).
RETENTION_DAYS_AFTER_RELEASE = int(os.environ.get("RETENTION_DAYS_AFTER_RELEASE", str(5 * 365)))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Norwegian bokmål first; English second. Every day boundary is Europe/Oslo.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# HTTPS=1 in production (behind TLS): redirect to https, HSTS, secure cookies.
# BEHIND_TLS_PROXY=1 trusts X-Forwarded-Proto from the proxy that ends TLS.
HTTPS = _env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if _env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sessions: a work shift at most, gone when the browser closes, never readable by script.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS or (not DEBUG and _env_bool("SECURE_COOKIES", False))
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(10 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
