"""Conditional GET on the API: ``ETag`` on every complete answer, ``Last-Modified`` where a date is natural.

The ``ETag`` is a hash of the exact bytes sent, so it changes with anything that changes
the answer: a publication, a renamed taxonomy value, the language, and who asks (an
attendee's answer and an anonymous one differ, so one's tag never validates the other).
A matching ``If-None-Match`` gives 304 without the body. The view still runs: the saving
is the transfer, and a 304 is never computed from stale data.

``Last-Modified`` is the latest publication among the cases in the answer (a list or one
case), given to anonymous callers only: a date cannot tell an attendee's answer from an
anonymous one, so signed-in callers revalidate with the tag alone. ``If-None-Match`` wins
over ``If-Modified-Since`` (RFC 9110 13.2.2). Malformed or future dates are ignored.
Streamed exports carry neither (their bytes are not known in advance).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, quote_etag

LAST_MODIFIED_FIELD = "last_published_at"


def _published(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def last_modified_of(data: Any) -> datetime | None:
    """The latest publication among the cases of an answer: one case, or a list's ``results``."""
    if not isinstance(data, dict):
        return None
    cases = data.get("results") if isinstance(data.get("results"), list) else [data]
    dates = [d for d in (_published(case.get(LAST_MODIFIED_FIELD)) for case in cases if isinstance(case, dict)) if d]
    return max(dates, default=None)


def set_last_modified(request: HttpRequest, response: HttpResponse, data: Any) -> None:
    """``Last-Modified`` on an anonymous caller's successful answer that lists cases."""
    user = getattr(request, "user", None)
    if response.status_code != 200 or (user is not None and user.is_authenticated):
        return
    published = last_modified_of(data)
    if published is not None:
        response["Last-Modified"] = http_date(published.timestamp())


def _ignore_future_dates(request: HttpRequest) -> None:
    """A date later than now cannot be a copy's date: drop it rather than answer 304 to anything."""
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    if since is not None and since > timezone.now().timestamp():
        del request.META["HTTP_IF_MODIFIED_SINCE"]


def conditional(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Add the validators to a complete 200 answer and answer 304 (or 412) to a matching precondition."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        _ignore_future_dates(request)
        answer = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
        if answer is not response and hasattr(response, "_csp_config"):
            # A browser refreshes the stored headers from a 304: keep the page's own policy on it too.
            answer._csp_config = response._csp_config
        return answer

    return wrapped
