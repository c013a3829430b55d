"""What the OpenAPI schema (and so the docs page) tells a reader beyond ninja's shapes.

The introduction (who sees what, errors, the rate limit with its configured numbers,
conditional requests), an example answer for every endpoint (``examples``), and on every
operation the 304 and 429 answers with their headers, which the wrappers of
``showcase.api.urls`` give to every endpoint.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .examples import ERROR_EXAMPLES, EXAMPLES, EXPORT_EXAMPLES
from .ratelimit import setting

JSON = "application/json"


def description() -> str:
    """The introduction of the docs page, in the active language, with the configured limits."""
    limits = {
        "anonymous": setting("API_RATE_LIMIT_ANONYMOUS"),
        "signed_in": setting("API_RATE_LIMIT_SIGNED_IN"),
        "window": setting("API_RATE_LIMIT_WINDOW"),
    }
    paragraphs = [
        _("Read-only access to the public catalogue of AI use cases in law enforcement."),
        _(
            "Filters, sorting and pages are the catalogue page's (`/cases/`): the same query string gives the "
            "same cases. Attendees-only cases are returned only to signed-in attendees (session cookie). "
            "Exports of a whole result set: `/api/v1/export/cases.csv` and `/api/v1/export/cases.json`."
        ),
        _(
            'Errors are JSON, `{"detail": "…"}`: 400 for a bad parameter, 404 for a case you cannot see, '
            "429 when you have sent too many requests."
        ),
        "**%s** " % _("Rate limit.")
        + _(
            "At most %(anonymous)d requests per %(window)d seconds from one IP address without signing in, "
            "%(signed_in)d per %(window)d seconds for a signed-in account. Every URL under `/api/v1/` counts, "
            "this page and the schema included. Beyond the limit the answer is 429 with a `Retry-After` header "
            "(seconds to wait) and a JSON `detail`."
        )
        % limits,
        "**%s** " % _("Conditional requests.")
        + _(
            "Every JSON answer has an `ETag`; send it back in `If-None-Match` and an unchanged answer is "
            "`304 Not Modified` with no body. Lists and cases also have `Last-Modified` (the latest publication "
            "among the cases in the answer) for anonymous callers, for `If-Modified-Since`; prefer the `ETag`, "
            "which also changes when a case is withdrawn or a taxonomy renamed. Answers are "
            "`Cache-Control: private` (they depend on who asks) and vary by `Cookie` and `Accept-Language`. "
            "Streamed exports have neither header."
        ),
    ]
    return "\n\n".join(paragraphs)


def _error(status: int) -> dict[str, Any]:
    return {"content": {JSON: {"example": {"detail": ERROR_EXAMPLES[status]}}}}


def _headers(names: dict[str, str]) -> dict[str, Any]:
    return {name: {"schema": {"type": "string"}, "description": text} for name, text in names.items()}


def _document_operation(path: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    ok = responses.setdefault(200, responses.pop("200", {"description": "OK"}))
    if path in EXPORT_EXAMPLES:
        media, example = EXPORT_EXAMPLES[path]
        ok.setdefault("content", {}).setdefault(media, {})["example"] = example
    else:
        if path in EXAMPLES:  # tests/showcase/api/test_docs_page.py requires one for every endpoint
            ok.setdefault("content", {}).setdefault(JSON, {})["example"] = EXAMPLES[path]
        ok["headers"] = {
            **ok.get("headers", {}),
            **_headers({
                "ETag": _("Validator of this exact answer (send it in If-None-Match)."),
                "Last-Modified": _("Latest publication among the cases in the answer (anonymous callers)."),
                "Cache-Control": "private, max-age=60",
            }),
        }  # fmt: skip
        responses[304] = {"description": _("Not modified: the copy whose ETag or date you sent is current.")}
    for status in (400, 404):
        if status in responses:
            responses[status].update(_error(status))
    responses[429] = {
        "description": _("Too many requests from this client; wait the Retry-After seconds."),
        "headers": _headers({"Retry-After": _("Seconds until the client's window ends.")}),
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}, "example": {"detail": ERROR_EXAMPLES[429]}}},
    }


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the introduction, the examples and the 304/429 answers to ninja's schema (in place)."""
    schema["info"]["description"] = description()
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            _document_operation(path, operation)
    return schema
