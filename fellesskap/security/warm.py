"""The WSGI application for ``serve-production``, warmed before the workers fork.

Django imports the URL configuration, and with it every view module, on the
first request a process serves: about 1.5 s here. With gunicorn's
``--preload`` the master imports this module once, and each worker starts with
it already in (shared) memory, so no officer's first click pays for it. No
database connection is opened here: each worker opens its own.
"""

from django.urls import get_resolver

from fellesskap.wsgi import application

get_resolver().url_patterns  # noqa: B018 - importing every URLconf and view is the point

__all__ = ["application"]
