"""Rate limiting of log-in (begrensning av innloggingsforsøk).

After ``LOGIN_FAILURE_LIMIT`` failed log-ins for one user name from one address
within ``LOGIN_FAILURE_WINDOW`` seconds, that pair is locked for
``LOGIN_LOCKOUT`` seconds: even the right password is refused, so that a
password cannot be guessed at speed. Counting per user name *and* address
means an attacker elsewhere cannot lock a colleague out of their own desk.

Failures are rows in the database (``LoginFailure``) and locks live in the
cache named by ``LOGIN_CACHE`` (``"login"``), a database cache, so that every
worker process and server counts the same attempts: a per-process store would
give an attacker five guesses per process. A row per failure rather than a
counter in the cache, because two failures at the same instant would each read
the counter and write it back one higher, and one would be lost.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches


@dataclass(frozen=True)
class Limits:
    """How many failures within how long lock a user name and address for how long."""

    failures: int
    window: int
    lockout: int


def counters():
    """The shared cache that holds the counters and locks."""
    return caches[getattr(settings, "LOGIN_CACHE", "default")]


def limits() -> Limits:
    return Limits(
        failures=int(getattr(settings, "LOGIN_FAILURE_LIMIT", 5)),
        window=int(getattr(settings, "LOGIN_FAILURE_WINDOW", 15 * 60)),
        lockout=int(getattr(settings, "LOGIN_LOCKOUT", 15 * 60)),
    )


def client_address(request) -> str:
    """The peer address. ``X-Forwarded-For`` is ignored on purpose: anyone can
    send it; a deployment behind a proxy sets REMOTE_ADDR there."""
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")


def _key(kind: str, username: str, address: str) -> str:
    # Hashed so that no user name ends up in a cache key, file or log.
    digest = hashlib.sha256(f"{username.strip().casefold()}\x00{address}".encode()).hexdigest()[:40]
    return f"fk-login-{kind}-{digest}"


def locked_until(username: str, address: str, now: float | None = None) -> float | None:
    """The instant (epoch seconds) the pair is locked until, or None if it is not locked."""
    now = time.time() if now is None else now
    until = counters().get(_key("lock", username, address))
    return until if until is not None and until > now else None


def record_failure(username: str, address: str, now: float | None = None) -> bool:
    """Counts one failure; returns True when this failure locks the pair.

    Each failure is a row of its own (:class:`~fellesskap.security.models.LoginFailure`),
    inserted and committed before the count: of two failures at the same instant in two
    processes, the later count sees both, so neither is lost and the limit bites on time."""
    from fellesskap.security.models import LoginFailure

    now = time.time() if now is None else now
    rule = limits()
    pair = _key("fail", username, address)
    LoginFailure.objects.filter(at__lte=now - rule.window).delete()  # forget what is out of every window
    LoginFailure.objects.create(pair=pair, at=now)
    if LoginFailure.objects.filter(pair=pair, at__gt=now - rule.window).count() >= rule.failures:
        counters().set(_key("lock", username, address), now + rule.lockout, rule.lockout)
        LoginFailure.objects.filter(pair=pair).delete()
        return True
    return False


def failures(username: str, address: str, now: float | None = None) -> int:
    """How many failures of the pair count now (within the window)."""
    from fellesskap.security.models import LoginFailure

    now = time.time() if now is None else now
    return LoginFailure.objects.filter(pair=_key("fail", username, address), at__gt=now - limits().window).count()


def clear(username: str, address: str) -> None:
    """A successful log-in forgets earlier failures."""
    from fellesskap.security.models import LoginFailure

    LoginFailure.objects.filter(pair=_key("fail", username, address)).delete()
    counters().delete(_key("lock", username, address))
