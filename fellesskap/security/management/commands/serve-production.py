"""``fellesskap serve-production``: the web application under gunicorn
(fellesskap/security/server.py says why gunicorn and how it is set up)."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand

from fellesskap.security.server import ServerOptions, gunicorn_argv, server_environment


class Command(BaseCommand):
    help = "Serve the application with gunicorn (persistent, health-checked database connections)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"),
                            help="address:port to listen on (default 127.0.0.1:8000; env BIND)")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "0")),
                            help="worker processes (default two per core plus one; env WEB_WORKERS)")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")),
                            help="threads per worker (default 4; env WEB_THREADS)")
        parser.add_argument("--timeout", type=int, default=30, help="seconds before a stuck worker is restarted")
        parser.add_argument("--access-log", action="store_true", help="log every request to standard output")

    def handle(self, *args, **options):
        argv = gunicorn_argv(ServerOptions(bind=options["bind"], workers=options["workers"],
                                           threads=options["threads"], timeout=options["timeout"],
                                           access_log=options["access_log"]))
        # Replaced by gunicorn: signals sent to this process reach the server itself.
        os.execve(argv[0], argv, server_environment())
