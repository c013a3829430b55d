"""The interactive API documentation (Swagger UI), served from our own static files only.

django-ninja renders its docs page with scripts from a CDN unless ``ninja`` is in
``INSTALLED_APPS`` (then its bundled copies under ``/static/ninja/`` are used). A CDN
would break the site's strict Content-Security-Policy and tell a third party who reads
the docs, so this page never falls back to one: without the app installed, ``/api/v1/docs``
answers 404 and points to the schema. The page ninja ships has no inline script (its
settings travel in a ``<script type="application/json">`` data block, which is not run;
``ninja/swagger-ui-init.js`` starts the UI).

The page gets its own Content-Security-Policy, narrower than the site's (``DOCS_CSP``):
scripts, styles and the schema from this origin only, images from here or ``data:``
(Swagger UI's icons), nothing else; no forms, no frames. Swagger UI's online validator
badge (an image from validator.swagger.io) is switched off.
"""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger


_NONE, _SELF = "'none'", "'self'"
DOCS_CSP: dict[str, list[str]] = {
    "default-src": [_NONE],
    "script-src": [_SELF],
    "style-src": [_SELF],
    "img-src": [_SELF, "data:"],
    "connect-src": [_SELF],
    "base-uri": [_NONE],
    "form-action": [_NONE],
    "frame-ancestors": [_NONE],
}


class SelfHostedSwagger(Swagger):
    # deepLinking off: its anchors sit inside each operation's button (nested controls, axe's nested-interactive).
    default_settings = {**Swagger.default_settings, "validatorUrl": None, "deepLinking": False}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        schema_url = self.get_openapi_url(api, kwargs)
        if not apps.is_installed("ninja"):
            return JsonResponse(
                {"detail": f"The interactive documentation is not enabled here; the OpenAPI schema is at {schema_url}."},
                status=404,
            )
        settings = {**self.settings, "url": schema_url}
        context = {"swagger_settings": json.dumps(settings).replace("<", "\\u003c"), "api": api, "add_csrf": False}
        response = render(request, self.template, context)
        response._csp_config = DOCS_CSP  # what django-csp's @csp_override sets: this policy, not the site's
        return response
