"""The site's own page for a refused form post (CSRF), in the reader's language and layout.

Django's default CSRF page speaks to developers; a submitter whose session expired while typing an
answer needs to hear that nothing they saved is lost and what to do next.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Render `403_csrf.html`; the technical reason stays out of the page (it helps nobody there)."""
    return render(request, "403_csrf.html", status=403)
