"""The refusals every operation can give, written into the OpenAPI description.

Handlers declare their own successes and refusals, but some answers come from
the framework for every operation alike: 401 without a session, 403 from the
two-factor or CSRF checks, 404 for an id the caller may not see (django-ninja
answers ``{"detail": "Not Found"}``), 422 for a body that does not parse
(``{"detail": [{"loc": [...], "msg": ..., "type": ...}]}``, ``loc`` holding
list indexes as numbers). A client — and schemathesis — must find them in the
description, so they are added here, once, with one schema that fits all of
them, instead of on each of the handlers.
"""

from __future__ import annotations

REFUSAL = {
    "title": "Refusal",
    "type": "object",
    "description": "Why the request was refused: a sentence, or one message per field.",
    "properties": {
        "detail": {"anyOf": [
            {"type": "string"},
            {"type": "array", "items": {
                "type": "object", "required": ["loc", "msg"],
                "properties": {"loc": {"type": "array", "items": {"anyOf": [{"type": "string"},
                                                                           {"type": "integer"}]}},
                               "msg": {"type": "string"}},
            }},
        ]},
        "message": {"type": "string"},
    },
    "required": ["detail"],
}

COMMON = {
    "401": "Not logged in.",
    "403": "Logged in, but without the right (role, prison, two-factor code or CSRF token).",
    "404": "No such record, or one in a prison the caller may not see.",
    "422": "The request does not parse or the command refused it; one message per field.",
}


def add_common_refusals(schema: dict) -> dict:
    """Adds (or widens to :data:`REFUSAL`) the common refusals of every operation."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Refusal"] = REFUSAL
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}}}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            public = operation.get("security") == [] or "security" not in operation
            for code, description in COMMON.items():
                if public and code in ("401", "403"):
                    continue
                operation["responses"].pop(int(code), None)  # django-ninja keys its own by number
                operation["responses"][code] = {"description": description, **ref}
    return schema
