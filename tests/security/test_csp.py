"""The public site and the portal work under the strict policy: no inline script, handler or style in any page.

Renders every public URL without parameters (the same list the permission
matrix walks, so new pages are checked as they arrive) plus the pages of the
portal and the page tree with real objects, and parses the HTML.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from . import url_classification as table
from .conftest import client_for
from .test_permission_matrix import plain_urls, access_of

pytestmark = pytest.mark.embedded

#: <script> elements that only carry data, never run.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP (script-src 'self'; style-src 'self') would block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        position = f"line {self.getpos()[0]}"
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{position}: <{tag} {name}=…> inline event handler")
            if name == "style":
                self.problems.append(f"{position}: <{tag} style=…> inline style")
            is_url = name in {"href", "src", "action", "formaction"}
            if is_url and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"{position}: <{tag} {name}=javascript:…>")
        if tag == "script" and "src" not in attributes:
            if (attributes.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.problems.append(f"{position}: inline <script> without src")
        if tag == "style":
            self.problems.append(f"{position}: inline <style> element")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def test_the_finder_finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><script type="application/ld+json">{}</script><script src="/s.js"></script>'
        '<button onclick="x()">x</button><p style="color:red">x</p><a href="javascript:void(0)">x</a><style>p{}</style>'
    )
    assert len(inline_code(html)) == 5


def html_pages(client, urls):
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            yield url, response.content.decode()


def public_urls() -> list[str]:
    public = {table.PUBLIC, table.API_PUBLIC, table.ANONYMOUS_FORM, table.ACCOUNT_FLOW, table.LOGGED_IN}
    return [url for url in plain_urls() if access_of(url) in public]


@pytest.mark.django_db
def test_no_inline_code_in_public_and_portal_pages(people, world):
    owner = client_for(people["submitter"])
    anonymous = client_for(None)
    attendee = client_for(people["attendee"])
    submission = world.submission.pk
    portal_urls = [
        reverse("submissions:list"),
        reverse("submissions:detail", args=[submission]),
        reverse("submissions:submitted", args=[submission]),
        reverse("submit:start"),
        reverse("submit:step", args=[world.other_submission.pk, "use-case"]),
        reverse("accounts:password_change"),
    ]
    tree = ["/", "/cases/", world.published_case.url, "/cases/?q=plates&sort=newest", "/no-such-page/"]
    other = client_for(people["other_submitter"])  # owner of the draft used for the wizard step
    problems, seen = {}, 0
    for client, urls in ((anonymous, public_urls() + tree), (owner, portal_urls[:4] + portal_urls[5:]),
                         (other, [portal_urls[4]]), (attendee, [world.attendees_case.url])):
        for url, html in html_pages(client, urls):
            seen += 1
            found = inline_code(html)
            if found:
                problems[url] = found
    assert seen >= 12, "too few pages rendered to judge"
    assert not problems, "Inline code the strict CSP blocks:\n" + "\n".join(f"{u}: {p}" for u, p in problems.items())


def test_the_404_and_503_pages_have_no_inline_code(client, db):
    from django.template.loader import render_to_string

    assert inline_code(render_to_string("503.html")) == []
    response = client.get("/definitely-missing/")
    assert response.status_code == 404 and inline_code(response.content.decode()) == []
