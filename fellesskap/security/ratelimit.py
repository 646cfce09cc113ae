"""Rate limiting of log-in (begrensning av innloggingsforsøk).

After ``LOGIN_FAILURE_LIMIT`` failed log-ins for one user name from one address
within ``LOGIN_FAILURE_WINDOW`` seconds, that pair is locked for
``LOGIN_LOCKOUT`` seconds: even the right password is refused, so that a
password cannot be guessed at speed. Counting per user name *and* address
means an attacker elsewhere cannot lock a colleague out of their own desk.

The counters live in the cache named by ``LOGIN_CACHE`` (``"login"``), a
database cache, so that every worker process and server counts the same
attempts: a per-process cache would give an attacker five guesses per process.
Its table is made by this app's migration (docs/reliability.md).
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
    """Counts one failure; returns True when this failure locks the pair."""
    now = time.time() if now is None else now
    rule = limits()
    cache = counters()
    key = _key("fail", username, address)
    recent = [t for t in cache.get(key, []) if t > now - rule.window]
    recent.append(now)
    cache.set(key, recent, rule.window)
    if len(recent) >= rule.failures:
        cache.set(_key("lock", username, address), now + rule.lockout, rule.lockout)
        cache.delete(key)
        return True
    return False


def clear(username: str, address: str) -> None:
    """A successful log-in forgets earlier failures."""
    counters().delete_many([_key("fail", username, address), _key("lock", username, address)])
