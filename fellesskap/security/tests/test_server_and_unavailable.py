"""The production server's command line, the 503 answer when the database is
away, and the load test's percentiles (the parts that need no server)."""

from __future__ import annotations

import json
import math

import pytest
from django import db
from django.test import RequestFactory, override_settings
from django.utils import translation

from fellesskap.security.load.figures import Sample, percentile, summarise
from fellesskap.security.server import ServerOptions, default_workers, gunicorn_argv, server_environment
from fellesskap.security.unavailable import database_unavailable, server_error


def test_gunicorn_command_line():
    argv = gunicorn_argv(ServerOptions(bind="127.0.0.1:9000", workers=3, threads=2))
    assert argv[1:4] == ["-m", "gunicorn", "fellesskap.security.warm:application"]
    joined = " ".join(argv)
    for part in ("--bind 127.0.0.1:9000", "--workers 3", "--worker-class gthread", "--threads 2", "--preload",
                 "--no-control-socket", "--keep-alive 5"):
        assert part in joined
    assert "--access-logfile" not in argv
    default = gunicorn_argv(ServerOptions())
    assert default[default.index("--workers") + 1] == str(default_workers()) != "0"


def test_server_environment_sets_persistent_connections_unless_given():
    assert server_environment({})["CONN_MAX_AGE"] == "60"
    assert server_environment({"CONN_MAX_AGE": "0"})["CONN_MAX_AGE"] == "0"


def test_connections_are_health_checked(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _answer(path: str, exc: Exception):
    request = RequestFactory().get(path)
    try:
        raise exc
    except Exception:
        return server_error(request)


@override_settings(LANGUAGE_CODE="nb")
def test_a_lost_database_answers_503_in_bokmal_and_json_for_the_api():
    with translation.override("nb"):
        page = _answer("/person/x/", db.OperationalError("connection refused"))
        api = _answer("/api/v1/persons", db.InterfaceError("connection already closed"))
    assert page.status_code == 503 and page["Retry-After"] == "5"
    text = page.content.decode()
    assert "Midlertidig utilgjengelig" in text and "databasen" in text and "connection refused" not in text
    assert api.status_code == 503 and api["Content-Type"] == "application/json"
    assert "databasen" in json.loads(api.content)["detail"]


def test_other_errors_stay_a_500():
    assert _answer("/person/x/", ValueError("bug")).status_code == 500
    assert _answer("/person/x/", db.IntegrityError("duplicate")).status_code == 500


def test_a_wrapped_connection_error_is_found():
    try:
        try:
            raise db.OperationalError("server closed the connection")
        except db.OperationalError as inner:
            raise RuntimeError("while rendering") from inner
    except RuntimeError as outer:
        assert database_unavailable(outer)
    assert not database_unavailable(None)


def test_percentile_is_a_measured_value_by_nearest_rank():
    values = sorted(float(v) for v in range(1, 101))
    assert percentile(values, 50) == 50 and percentile(values, 95) == 95 and percentile(values, 99) == 99
    assert percentile([7.0], 99) == 7.0
    assert math.isnan(percentile([], 50))


def test_summary_counts_errors_and_conflicts_per_kind():
    samples = [Sample("a", 0.1, "ok"), Sample("a", 0.3, "error", "HTTP 500"), Sample("a", 0.2, "conflict"),
               Sample("b", 0.05, "ok")]
    (a, b) = summarise(samples)
    assert (a.kind, a.count, a.errors, a.conflicts, a.max_ms) == ("a", 3, 1, 1, pytest.approx(300))
    assert (b.count, b.p50_ms) == (1, pytest.approx(50))
