"""An authorization test generated from the URL configuration.

Every URL pattern (screens, admin) and every operation of the OpenAPI
description must either be on the explicit public list below or refuse an
anonymous caller (a redirect to a log-in page, 401 or 403). A new endpoint
without an access rule fails here. Then, every route that takes a person's or
a stay's id answers 404 to staff of another prison.
"""

from __future__ import annotations

import functools
import re
import uuid
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db

# Everything an anonymous caller may reach, by URL name; each with its reason.
PUBLIC = {
    "web:login": "the log-in page",
    "web:logout": "logging out needs no session",
    "set_language": "choosing a language",
    "admin:login": "the admin log-in page",
    "admin:logout": "logging out needs no session",
    "api:health": "liveness for the load balancer; no data",
    "api:openapi-json": "the API description (open source; no data)",
    "api:openapi-view": "the API docs page (no data)",
    # The published statistics (docs/statistics.md): national editions only, prison counts suppressed.
    "stats:public": "the public statistics page (published aggregates only)",
    "stats:chart": "a chart of the public statistics page (published aggregates only)",
    "stats:edition-xlsx": "a published national edition (aggregates, suppressed)",
    "stats:edition-pdf": "a published national edition as PDF (aggregates, suppressed)",
    "stats:table-download": "a table of a published national edition (aggregates, suppressed)",
}
PUBLIC_API_OPERATIONS = {("get", "/api/v1/health")}

SAMPLE = {"uuid": str(uuid.UUID(int=7)), "uuidstr": str(uuid.UUID(int=7)), "int": "1", "slug": "x", "str": "x",
          "path": "x"}
ROUTE_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")


def _fill_regex(regex: str) -> str:
    """A concrete path for a regex pattern: each named group gets the first of a
    few sample values that matches it (admin's app labels, object ids, ``.*``)."""
    out, i = [], 0
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    while (m := REGEX_GROUP.search(text, i)) is not None:
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        body = text[m.end():j - 1]
        candidates = [alt for alt in body.split("|") if re.fullmatch(r"[\w-]+", alt)] + ["1", "x", SAMPLE["uuid"]]
        out.append(next(c for c in candidates if re.fullmatch(body, c)))
        i = j
    out.append(text[i:])
    return "".join(out).replace("\\", "")


def _fill(pattern) -> str:
    if hasattr(pattern.pattern, "_route"):
        return ROUTE_PARAM.sub(lambda m: SAMPLE[m["converter"] or "str"], str(pattern.pattern))
    return _fill_regex(pattern.pattern.regex.pattern)


def _walk(resolver=None, prefix="", namespace=""):
    """(path, url name) of every pattern, depth first."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _walk(entry, prefix + _fill(entry), ns)
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else ""
            yield "/" + prefix + _fill(entry), name


ROUTES = sorted(set(_walk()))
SCREEN_ROUTES = [(path, name) for path, name in ROUTES if not path.startswith("/api/")]


def test_the_walk_finds_every_app():
    paths = [p for p, _ in ROUTES]
    for prefix in ("/registry/persons/", "/audit/", "/admin/", "/api/v1/persons", "/security/totp/"):
        assert any(p.startswith(prefix) for p in paths), prefix
    assert len(ROUTES) > 40
    for path, name in ROUTES:
        assert resolve(path) is not None, f"{name}: made-up path {path} does not resolve"


def test_the_public_list_names_existing_routes():
    names = {name for _, name in ROUTES}
    assert set(PUBLIC) <= names, set(PUBLIC) - names


def _refused(response) -> bool:
    if response.status_code in (401, 403):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and ("/login/" in location)


@pytest.mark.parametrize(("path", "name"), SCREEN_ROUTES, ids=[f"{n or '?'} {p}" for p, n in SCREEN_ROUTES])
def test_every_screen_refuses_anonymous_callers(path, name):
    if name in PUBLIC:
        pytest.skip(f"public: {PUBLIC[name]}")
    client = Client()
    answers = {method: getattr(client, method)(path) for method in ("get", "post")}
    # 405 means that method is not served at all; the other one must be refused.
    refused = {m: _refused(r) for m, r in answers.items() if r.status_code != 405}
    assert refused and all(refused.values()), {m: (r.status_code, r.get("Location")) for m, r in answers.items()}


@functools.cache
def _api_schema():
    from fellesskap.api.main import api

    return api.get_openapi_schema(path_prefix="/api/v1")


def _schema_operations():
    schema = _api_schema()
    for path, item in schema["paths"].items():
        for method in item:
            yield method, path


API_OPERATIONS = sorted(_schema_operations())


def test_every_api_route_is_described():
    """The schema walk below only proves what the schema lists; here every
    API URL pattern must be in it (or be the description itself)."""
    described = {re.sub(r"\{[^}]*\}", "X", path) for _, path in API_OPERATIONS}
    for path, name in ROUTES:
        if path.startswith("/api/") and name not in PUBLIC and name != "api:api-root":
            assert path.replace(SAMPLE["uuid"], "X") in described, (path, name)


@pytest.mark.parametrize(("method", "path"), API_OPERATIONS, ids=[f"{m} {p}" for m, p in API_OPERATIONS])
def test_every_api_operation_refuses_anonymous_callers(method, path):
    concrete = re.sub(r"\{[^}]*\}", SAMPLE["uuid"], path)
    response = getattr(Client(), method)(concrete, data={}, content_type="application/json")
    if (method, path) in PUBLIC_API_OPERATIONS:
        assert response.status_code == 200
    else:
        assert response.status_code == 401, (method, path, response.status_code)


# --- ids from another prison ------------------------------------------------------------------------

ID_ROUTES = [(path, name) for path, name in ROUTES if SAMPLE["uuid"] in path]


@pytest.fixture
def other_prisons_ids():
    a, b = h.make_prison("A"), h.make_prison("B")
    person = h.make_person(b)
    stay = h.make_stay(person, b, h.at("2026-01-05 10:00"))
    from fellesskap.alerts.tests.helpers import alert_and_deviation_in

    return a, {"person_id": str(person.public_id), "stay_id": str(stay.public_id), **_records_in(b, person),
               **alert_and_deviation_in(b, person)}


def _records_in(prison, person) -> dict:
    """One isolation record of each kind that has its own routes, in ``prison``."""
    from fellesskap.records import actions as records

    leader, late = h.registrar(prison), {"backdate_reason": "test data"}
    unit = h.make_unit(prison, "B")
    exclusion = records.do_create_exclusion(actor=leader, person=person, scope="full", ground="own_wish",
                                            start=h.at("2026-01-06 08:00"), **late)
    means = records.do_start_coercive_means(actor=leader, person=person, kind="security_cell",
                                            reason="danger_to_self", start=h.at("2026-01-06 09:00"), **late)
    session = records.do_open_session(actor=leader, person=person, category="unlock",
                                      start=h.at("2026-01-06 10:00"), **late)
    group = records.do_start_group_session(actor=leader, unit=unit, persons=[person],
                                           start=h.at("2026-01-06 11:00"), **late)
    lock_in = records.do_start_unit_lock_in(actor=leader, unit=unit, start=h.at("2026-01-06 12:00"),
                                            reason="staffing", **late)
    from fellesskap.oversight import actions as oversight
    from fellesskap.registry import roles as R

    inspection = oversight.do_start_inspection(actor=h.user_with_role(R.INSPECTOR, prison), prison=prison,
                                               period_start=date(2026, 1, 1), period_end=date(2026, 1, 31))
    appeal = records.do_lodge_appeal(actor=leader, coercive_means=means, lodged_at=h.at("2026-01-06 09:30"))
    return {"exclusion_id": str(exclusion.public_id), "means_id": str(means.public_id),
            "inspection_id": str(inspection.public_id),
            "subject_id": str(exclusion.public_id), "session_id": str(session.public_id),
            "group_id": str(group.public_id), "lock_in_id": str(lock_in.public_id),
            "appeal_id": str(appeal.public_id), "record_id": str(session.public_id)}


def _with_ids(path: str, name: str, ids: dict) -> str:
    match = resolve(path)
    for key, value in match.kwargs.items():
        if str(value) == SAMPLE["uuid"]:
            assert key in ids, f"{name}: no test id for the parameter {key}; add one to other_prisons_ids"
            path = path.replace(SAMPLE["uuid"], ids[key], 1)
    return path


def test_there_are_id_routes_on_screens_and_api():
    assert any(p.startswith("/api/") for p, _ in ID_ROUTES)
    assert any(p.startswith("/registry/") for p, _ in ID_ROUTES)


def _sample(schema: dict, components: dict):
    """A value that passes the schema's validation, so that the request reaches
    the id check instead of stopping at a 422 for a malformed body."""
    if "$ref" in schema:
        return _sample(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"]
            return _sample(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "object":
        return {name: _sample(sub, components) for name, sub in schema.get("properties", {}).items()
                if name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "boolean":
        return False
    return {"date-time": "2026-01-06T10:00:00+01:00", "date": "2026-01-06", "uuid": str(uuid.uuid4())}.get(
        fmt, "x" * max(1, schema.get("minLength", 1)))


def _body_for(path: str) -> dict:
    schema = _api_schema()
    components = schema.get("components", {}).get("schemas", {})
    for template, item in schema["paths"].items():
        if re.fullmatch(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)), path) and "post" in item:
            body = item["post"].get("requestBody")
            if body:
                return _sample(body["content"]["application/json"]["schema"], components)
    return {}


def _answer(client, method, path):
    if method == "get":
        response = client.get(path)
    else:
        response = client.post(path, data=_body_for(path), content_type="application/json")
    body = response.content.decode(errors="replace") if response.status_code != 302 else response["Location"]
    return response.status_code, body


@pytest.mark.parametrize("role", ["officer", "prison_leader", "health_staff", "unit_leader"])
@pytest.mark.parametrize(("path", "name"), ID_ROUTES, ids=[n for _, n in ID_ROUTES])
def test_ids_from_another_prison_give_404(client, other_prisons_ids, role, path, name):
    """Another prison's id gets exactly the answer an id that exists nowhere
    gets (404, or the same 422 for a body checked before the id), so nothing
    tells that the person is held elsewhere; and nothing is changed."""
    from fellesskap.registry.models import Person, Stay

    a, ids = other_prisons_ids
    h.login_as(client, role, a)
    concrete = _with_ids(path, name, ids)
    nowhere = _with_ids(path, name, {key: str(uuid.uuid4()) for key in ids})
    statuses = set()
    for method in ("get", "post"):
        theirs, none = _answer(client, method, concrete), _answer(client, method, nowhere)
        assert theirs[0] == none[0], (method, concrete, theirs, none)
        if theirs[0] != 404:
            assert theirs[1].replace(concrete, "") == none[1].replace(nowhere, ""), (method, theirs, none)
        statuses.add(theirs[0])
    assert 404 in statuses, statuses
    person = Person.all_objects.get(public_id=ids["person_id"])
    stay = Stay.all_objects.get(public_id=ids["stay_id"])
    assert (person.version, stay.version, person.withdrawn, stay.withdrawn, stay.end) == (1, 1, False, False, None)


# --- the two-factor gate ----------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "name"), ROUTES, ids=[f"{n or '?'} {p}" for p, n in ROUTES])
def test_a_leader_without_a_code_reaches_only_the_two_factor_pages(client, settings, path, name):
    from fellesskap.security.middleware import OPEN_BEFORE_TOTP

    settings.TOTP_REQUIRED = True
    h.login_as(client, "prison_leader", h.make_prison("A"))
    if name in OPEN_BEFORE_TOTP or name in PUBLIC:
        pytest.skip("open before the code is given")
    response = client.get(path)
    if path.startswith("/api/"):
        assert response.status_code == 403, (path, response.status_code)
    else:
        assert response.status_code == 302 and response["Location"].startswith("/security/totp/"), (
            path, response.status_code, response.get("Location"))
