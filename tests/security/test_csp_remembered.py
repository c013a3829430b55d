"""The Content-Security-Policy header made once per settings (portal.middleware.ContentSecurityPolicyMiddleware).

A response nothing changed gets exactly the header django-csp would build; a changed setting is obeyed on the next
response; a view's own policy, a nonce, the admin and the report-only header still go through django-csp.
"""

from __future__ import annotations

import pytest
from csp.constants import NONCE
from csp.decorators import csp_update
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from portal.middleware import ContentSecurityPolicyMiddleware
from tests.security.test_headers import directives

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def through_middleware(view, path: str = "/somewhere/"):  # noqa: ANN001, ANN201
    request = RequestFactory().get(path)
    middleware = ContentSecurityPolicyMiddleware(view)
    return request, middleware(request)


def plain(_request):  # noqa: ANN001, ANN201
    return HttpResponse("ok")


def test_a_plain_response_gets_exactly_what_django_csp_builds_every_time(client):
    expected = build_policy()
    for url in ("/", "/cases/", "/cases/?q=drone", "/no-such-page/"):
        assert client.get(url)["Content-Security-Policy"] == expected
    _request, response = through_middleware(plain)
    assert response["Content-Security-Policy"] == expected


def test_a_changed_setting_is_obeyed_on_the_next_response(settings):
    through_middleware(plain)  # remembered under the first settings
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"], "img-src": ["https://img.example"]}}
    _request, response = through_middleware(plain)
    assert directives(response["Content-Security-Policy"]) == {
        "default-src": ["'none'"], "img-src": ["https://img.example"],
    }
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/r/"}}
    _request, response = through_middleware(plain)
    assert directives(response["Content-Security-Policy-Report-Only"]) == {
        "default-src": ["'self'"], "report-uri": ["/r/"],
    }


def test_a_views_own_policy_and_an_exemption_are_kept():
    @csp_update({"img-src": "https://maps.example"})
    def with_update(_request):  # noqa: ANN001, ANN202
        return HttpResponse("map")

    _request, response = through_middleware(with_update)
    assert "https://maps.example" in response["Content-Security-Policy"]
    _request, response = through_middleware(plain)
    assert "https://maps.example" not in response["Content-Security-Policy"]  # not remembered for the others

    def exempt(_request):  # noqa: ANN001, ANN202
        answer = HttpResponse("raw")
        answer._csp_exempt = True
        return answer

    _request, response = through_middleware(exempt)
    assert "Content-Security-Policy" not in response


def test_a_nonce_asked_for_goes_through_django_csp_and_asking_after_the_header_is_written_fails(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}}

    def with_nonce(request):  # noqa: ANN001, ANN202
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    request = RequestFactory().get("/somewhere/")
    response = ContentSecurityPolicyMiddleware(with_nonce)(request)
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'", f"'nonce-{request._csp_nonce}'"]
    request, response = through_middleware(plain)
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]  # no nonce asked: none
    with pytest.raises(Exception, match="nonce"):
        str(request.csp_nonce)  # too late: the header is already written
