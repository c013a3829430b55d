"""What a case page's own routes answer: its public version history (``/cases/<slug>/versions/``).

Wagtail serves the route only for a live case and only to a visitor its view
restrictions admit (as for the case page itself). ``ShowcaseConfig.ready``
registers this module as ``UseCasePage.views``, so the models import nothing of it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from .versions import published_versions


def versions(page: Any, request: HttpRequest) -> HttpResponse:
    """Each version that was live, newest first: date, what changed (public fields only), its review outcome."""
    return page.render(
        request,
        template="showcase/case_versions.html",
        context_overrides={"versions": published_versions(page, request.user)},
    )
