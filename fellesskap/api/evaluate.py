"""``POST /api/v1/evaluate``: the scenario evaluation of ``fellesskap evaluate``
over HTTP (scenario-format.md).

The body is a scenario document; ``packs`` (comma-separated) and ``at`` are
query parameters, as ``--packs`` and ``--at`` are options of the command. The
answer is exactly the command's output (200), or 422 with the command's
one-line message naming the field (``persons[0].stays[0].start: ...``). The
scenario is the caller's own data, not stored personal data, but the endpoint
is behind log-in like every other, and each call is audited as ``evaluate``
without the payload (only its size and the outcome), so the trail never holds
what someone pasted in.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from ninja import Router
from ninja.security import django_auth

from fellesskap.audit import trail
from fellesskap.scenario.cli import evaluate_document, parse_packs
from fellesskap.scenario.parse import ScenarioError

router = Router(auth=django_auth, tags=["evaluate"])

# The command's option names, as the query parameters are called in the API.
_OPTION_FIELDS = {"--packs": "packs", "--at": "at"}


def _refusal(exc: ScenarioError) -> JsonResponse:
    field = _OPTION_FIELDS.get(exc.path, exc.path)
    message = f"{field}: {exc.message}"
    return JsonResponse({"detail": [{"loc": ["body", field], "msg": message}], "message": message}, status=422)


def _document(body: bytes):
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ScenarioError("body", "is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ScenarioError("body", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None


@router.post("/evaluate", summary="Evaluate a scenario (ledger, episodes, findings, deadlines)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"type": "object", "description": "A scenario document (scenario-format.md)"}}}}})
def evaluate(request: HttpRequest, packs: str | None = None, at: str | None = None):
    """The output document of ``fellesskap evaluate`` for the posted scenario."""
    outcome = {"bytes": len(request.body), "packs": packs or "", "at": at or ""}
    try:
        doc = _document(request.body)
        out = evaluate_document(doc, parse_packs(packs), at)
    except ScenarioError as exc:
        trail.record(actor=request.user, action="evaluate", data={**outcome, "status": 422, "field": exc.path},
                     request=request)
        return _refusal(exc)
    trail.record(actor=request.user, action="evaluate",
                 data={**outcome, "status": 200, "persons": len({d["person"] for d in out.get("days", [])})},
                 request=request)
    return JsonResponse(out, json_dumps_params={"ensure_ascii": False})
