"""The error answers every API operation may give, written into the OpenAPI schema.

DRF answers 400 (a body or a filter that breaks a rule: messages by field, or "detail"),
401 (no or a wrong token), 403 (signed in, but not allowed), 404 (outside the caller's
subtree, or no such object) and 405 (a method the route does not have) on any route; the
schema says so, so that clients (and schemathesis' status-code checks) know every answer
they can get; the token endpoint adds 429 (locked out after repeated failures). Operations
that document an error themselves keep their own.
"""

ERROR = {
    "type": "object",
    "description": "“detail”: why the request was refused; or, for a body that breaks a "
    "rule, the messages by field (“non_field_errors” for the body as a whole)",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {}},
            {"type": "object"},
        ]
    },
}
ANSWERS = {
    "400": "Bad request: a body or a filter that breaks a rule",
    "401": "Not signed in: no token, or a wrong one",
    "403": "Signed in, but not allowed to do this",
    "404": "Not found: no such object in the caller's subtree",
    "405": "This route does not take this method",
}
METHODS = ("get", "put", "post", "patch", "delete")
# Routes that answer 429 too: the token endpoint locks out after repeated failures (axes).
TOO_MANY = {"/api/v1/auth/token/": "Too many failed logins: wait, then try again"}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the common error answers to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"$ref": "#/components/schemas/Error"}
    for route, path in result.get("paths", {}).items():
        answers = {**ANSWERS, "429": TOO_MANY[route]} if route in TOO_MANY else ANSWERS
        for method, operation in path.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in answers.items():
                responses.setdefault(
                    code,
                    {"description": description,
                     "content": {"application/json": {"schema": reference}}},
                )  # fmt: skip
    return result
