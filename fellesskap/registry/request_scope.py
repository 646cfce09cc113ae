"""What one request may remember: the user's grants, read once per request.

Why: every permission check asks which grants the user holds now, and a single
click on the ward board asked 18 times (a query and its ORM work each time,
a tenth of the request). A user's grants cannot change under a request except
by the request itself, so the first answer is kept for the rest of it — and
forgotten the moment any grant, prison or user is saved or deleted (the
signals below), so a request that changes a grant never sees a stale one.

Outside a request (commands, the worker, tests calling functions directly)
nothing is remembered: every call reads the database, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_store: ContextVar[dict | None] = ContextVar("fellesskap_request_scope", default=None)


def remembered(key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, once per request for ``key``; every time outside a request."""
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def forget(*_args, **_kwargs) -> None:
    """Drop what this request remembered (a signal receiver: any arguments)."""
    store = _store.get()
    if store is not None:
        store.clear()


class RequestScopeMiddleware:
    """Opens the scope for the request and closes it after the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)


def connect_signals() -> None:
    """Forget on every change that can change a user's grants or their prisons."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from fellesskap.registry.models import Prison, RoleGrant

    for model in (RoleGrant, Prison, get_user_model()):
        post_save.connect(forget, sender=model, dispatch_uid=f"request_scope_save_{model._meta.label}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"request_scope_delete_{model._meta.label}")
    m2m_changed.connect(forget, sender=RoleGrant.prisons.through, dispatch_uid="request_scope_grant_prisons")
