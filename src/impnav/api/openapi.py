"""The OpenAPI document says what the API really answers.

FastAPI documents its own validation-error shape (`loc`, `msg`, `type`), but impnav answers 422
with `field`, `loc`, `message`, `type` (see `app._validation_handler`); and errors other than 422
(404 unknown case, 409 slot taken, 401 unknown consultant token, 503 database down) all share
`{"detail": ...}`. This module rewrites the document accordingly, so clients and the fuzz tests
(`tests/api/test_fuzz.py`) can hold every response to it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

FIELD_ERROR = {
    "title": "FieldError",
    "type": "object",
    "required": ["field", "loc", "message", "type"],
    "properties": {
        "field": {"type": "string", "description": "Dotted path of the field, e.g. body.age"},
        "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "message": {"type": "string"},
        "type": {"type": "string"},
    },
}
VALIDATION_ERROR = {
    "title": "ValidationErrors",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}}
    },
}
PROBLEM = {
    "title": "Problem",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}},
            ]
        }
    },
}
INVALID = {
    "description": "Invalid input: each error names its field",
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
    },
}
ERRORS = {
    "401": "No or unknown credentials",
    "404": "Not found, or not yours (the two are not told apart)",
    "409": "Conflict: the slot was taken",
    "429": "Too many attempts; see Retry-After",
    "503": "The database is not available; retry later",
}


def _document(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description,
                      routes=app.routes)  # fmt: skip
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas["ValidationError"] = FIELD_ERROR
    schemas["HTTPValidationError"] = VALIDATION_ERROR
    schemas["Problem"] = PROBLEM
    problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path_item in doc.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, text in ERRORS.items():
                responses.setdefault(status, {"description": text, "content": problem})
            responses.setdefault("422", INVALID)
    app.openapi_schema = doc
    return doc


def customize(app: FastAPI) -> None:
    app.openapi = lambda: _document(app)  # type: ignore[method-assign]
