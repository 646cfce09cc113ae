"""schemathesis against the API's own OpenAPI description, in-process.

Every operation in ``/api/v1/openapi.json`` is called with generated
requests — valid ones and, for bodies, ones that break the schema — through
the WSGI application (no network), by a unit leader who is logged in (two-factor is off in the tests) (a session
cookie and a CSRF token, as a browser would send). Every answer must not be a
server error, must use a status code and content type the description
declares, and must match the declared response schema. The number of
examples per operation is bounded so the test stays under a minute; the count
of requests made is printed (docs/reliability.md).
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the dev extras")

from django.conf import settings  # noqa: E402 - after the skip
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from hypothesis import HealthCheck, Phase, given  # noqa: E402
from hypothesis import settings as hsettings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from fellesskap.records.tests.helpers import exclusion_in_force, make_world  # noqa: E402

pytestmark = pytest.mark.django_db

EXAMPLES = 15  # per operation; 34 operations, about 500 requests
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _logged_in(user) -> tuple[dict, dict]:
    """A session for ``user`` and a CSRF token: the cookies and the header."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    token = _get_new_csrf_string()
    return ({settings.SESSION_COOKIE_NAME: session.session_key, settings.CSRF_COOKIE_NAME: token},
            {"X-CSRFToken": token})


@pytest.fixture
def keep_the_test_connection():
    """As Django's test client does: the WSGI handler must not close the
    database connection after each request (it holds the test's transaction)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_api_never_answers_500_and_matches_its_description(capsys, keep_the_test_connection):
    w = make_world()
    exclusion_in_force(w, start=w.ago(hours=5))  # something real to read and hit
    login = _logged_in(w.leader)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    calls: dict[str, int] = {}
    failures: list[str] = []

    for result in schema.get_all_operations():
        _exercise(result.ok(), login, calls, failures)

    with capsys.disabled():
        print(f"\nschemathesis: {sum(calls.values())} requests over {len(calls)} operations")
    assert len(calls) >= 15, (calls, failures[:3])
    assert not failures, "\n".join(failures)


def _exercise(operation, login, calls, failures) -> None:
    """Up to EXAMPLES generated requests against one operation; its first failure is kept."""
    label = operation.label
    cookies, headers = login

    @hsettings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
               phases=[Phase.explicit, Phase.generate],
               suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def check(case):
        calls[label] = calls.get(label, 0) + 1
        if failures and failures[-1].startswith(label):
            return  # one failure per operation is enough; no shrinking
        response = case.call(headers=headers, cookies=cookies)
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - collected, reported together
            failures.append(f"{label}: {type(failure).__name__}: {str(failure)[:1500]}")

    check()
