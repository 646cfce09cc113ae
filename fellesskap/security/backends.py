"""The authentication backend: Django's model backend behind the log-in rate limit."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from fellesskap.security import ratelimit


class LoginLocked(Exception):
    """Raised inside authenticate when the user name and address are locked."""


class RateLimitedModelBackend(ModelBackend):
    """Refuses every log-in, right password or not, while the user name and
    address are locked, and counts failures. Being the backend (not the form)
    means the admin log-in and any other caller of ``authenticate`` are covered too."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field(), "")
        address = ratelimit.client_address(request)
        if ratelimit.locked_until(username or "", address) is not None:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            locked = ratelimit.record_failure(username or "", address)
            if locked:
                _audit_lock(request)
        else:
            ratelimit.clear(username or "", address)
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


def _audit_lock(request) -> None:
    """A lock-out is worth a line in the audit trail (without the user name
    tried, which may be someone's mistyped password)."""
    from fellesskap.audit import trail

    trail.record(actor=None, action="login_locked", prison="", request=request)
