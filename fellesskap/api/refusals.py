"""How the JSON API refuses: one shape for every app's endpoints.

A command refused by validation answers 422 with one message per field,
``{"detail": [{"loc": ["body", field], "msg": ...}]}`` — the shape django-ninja
itself uses for malformed bodies, so a client reads every refusal the same way;
a missing right answers 403. Kept in one place so the registry, records and any
later API cannot drift apart.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Status

from fellesskap.registry.versioning import StaleVersion


class Refused(Exception):
    """A refusal (avvisning) carrying the status and body to answer with."""

    def __init__(self, status: int, body: dict):
        self.status, self.body = status, body


def error(field: str, message: str) -> dict:
    """The body of a refusal about one field."""
    return {"detail": [{"loc": ["body", field], "msg": message}]}


def run(command: Callable, current: Callable | None = None):
    """Runs a command, turning its refusals into (status, body) answers.

    A save from a stale version (:class:`StaleVersion`) answers 409 with the
    record's current version (and, given ``current``, the record as the
    endpoint describes it), so the client can re-read and decide again."""
    try:
        return command()
    except StaleVersion as exc:
        body = error("expected_version", exc.messages[0]) | {"current_version": exc.current}
        if current is not None:
            body["current"] = current(exc.record)
        raise Refused(409, body) from None
    except ValidationError as exc:
        items = []
        if hasattr(exc, "error_dict"):
            for field, messages in exc.message_dict.items():
                items += [{"loc": ["body", field], "msg": m} for m in messages]
        else:
            items = [{"loc": ["body"], "msg": m} for m in exc.messages]
        raise Refused(422, {"detail": items}) from None
    except PermissionDenied as exc:
        raise Refused(403, error("", str(exc) or _("You do not have access to do this."))) from None


def expected_version(request, given: int | None) -> int | str | None:
    """The version the client saw: ``expected_version`` in the body, else the
    ``If-Match`` header (``"3"``, ``W/"3"`` or ``3``, as an ETag would be)."""
    if given is not None:
        return given
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    return header.removeprefix("W/").strip('"')


def answer(func):
    """Lets a handler raise :class:`Refused` and still answer with a declared status.

    django-ninja resolves string annotations (``from __future__ import
    annotations``) in the globals of the function it is given, which for this
    wrapper would be this module; so the handler's annotations are resolved
    here, in its own module, before wrapping."""
    func.__annotations__ = typing.get_type_hints(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Refused as refused:
            return Status(refused.status, refused.body)

    return wrapper
