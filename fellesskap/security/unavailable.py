"""The error page for an unhandled exception: 503 when the database cannot be
reached, Django's plain 500 otherwise.

A PostgreSQL restart or fail-over makes every request fail for a few seconds.
Those requests must fail cleanly — a short page (or a JSON body for the API)
saying that the service is briefly unavailable, with ``Retry-After`` — and the
next request after the database is back must work by itself (the connection is
replaced because ``CONN_HEALTH_CHECKS`` is on). The page is rendered without a
request context: context processors and the user would need the database that
just failed.

Django calls this view (``handler500`` in ``fellesskap/urls.py``) while the
exception is being handled, so ``sys.exc_info()`` tells which it was.
"""

from __future__ import annotations

import logging
import sys

from django import db
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# Errors of the connection rather than of a query: OperationalError covers a
# refused or dropped connection, InterfaceError a connection already closed.
UNAVAILABLE = (db.OperationalError, db.InterfaceError)


def database_unavailable(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, UNAVAILABLE):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request, *args, **kwargs):
    """``handler500``: a 503 when the database is away, the usual 500 otherwise."""
    exc = sys.exc_info()[1]
    if not database_unavailable(exc):
        return defaults.server_error(request, *args, **kwargs)
    # The class name only: the message of a database error can hold a query's parameters.
    logger.warning("database unavailable (%s); answered 503", type(exc).__name__)
    message = _("fellesskap cannot reach its database just now. Nothing was saved by this request; "
                "try again in a moment.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(render_to_string("security/unavailable.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
