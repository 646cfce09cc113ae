"""The production web server: gunicorn in front of ``fellesskap.wsgi``.

Why gunicorn: it is pure Python (nothing to compile, installs from PyPI with
pip like the rest), it is the WSGI server Django's deployment guide describes
first, and its pre-fork model fits the application: a worker process that dies
— or is killed — takes only its own requests with it, their transactions are
rolled back by the database, and the master starts a new worker. ``gthread``
workers keep connections alive and let a worker serve a few requests at once
while another waits on the database.

Static files are not served by gunicorn: ``fellesskap collectstatic`` puts them
in ``STATIC_ROOT`` for the TLS proxy in front (which also ends HTTPS).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

# Persistent database connections, replaced when a health check before reuse
# fails (settings: conn_health_checks), so a PostgreSQL restart heals itself.
CONN_MAX_AGE = "60"


@dataclass(frozen=True)
class ServerOptions:
    bind: str = "127.0.0.1:8000"
    workers: int = 0  # 0: two per core, plus one
    threads: int = 4
    timeout: int = 30
    access_log: bool = False


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_argv(options: ServerOptions, app: str = "fellesskap.security.warm:application") -> list[str]:
    """The command line that starts the server (the interpreter of this
    installation, so that the project's virtual environment is used)."""
    argv = [sys.executable, "-m", "gunicorn", app,
            "--bind", options.bind,
            "--workers", str(options.workers or default_workers()),
            "--worker-class", "gthread",
            "--threads", str(options.threads),
            "--timeout", str(options.timeout),
            "--graceful-timeout", str(options.timeout),
            # Seconds an idle keep-alive connection is kept (gunicorn's default, 2, is shorter than an
            # officer's pause between clicks).
            "--keep-alive", "5",
            # One control socket per user by default: two servers on one machine would share it.
            "--no-control-socket",
            # The application (and every view) imported once in the master, before the workers fork.
            "--preload"]
    if options.access_log:
        # URLs hold opaque ids only, so the access log holds no personal data.
        argv += ["--access-logfile", "-"]
    return argv


def server_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for the server: persistent connections unless set."""
    env = dict(os.environ if base is None else base)
    env.setdefault("CONN_MAX_AGE", CONN_MAX_AGE)
    env.setdefault("DJANGO_SETTINGS_MODULE", "fellesskap.settings")
    return env
