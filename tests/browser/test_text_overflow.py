"""The hostile corpus in every text field, then every page that shows it, at 320 px and 1280 px wide, in Chromium.

The cases are typed through the wizard's own views (tests/browser/hostile_cases.py): the whole
stored corpus packed into the text fields, a right-to-left override and a long run of letters in
the title, one 3,000-character word in "Problem addressed", long runs in the alt text, caption and
a tag. Then each public, submitter and admin page that shows them is opened at both widths and
must not scroll sideways (``document.scrollingElement.scrollWidth <= innerWidth``), must not cut
off a long run of typed letters, and must hold no bidi override/isolate or zero-width control in
its text, its attributes or its form fields.

The data is built once; one tab per width walks through every page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal import submission as services
from showcase.models import UseCasePage
from tests import factories

from .hostile_cases import LONG_TAG, LONG_WORD, type_hostile_case
from .sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 1280)
#: Long runs of one letter in the typed text (title runs, the 3,000-character word, tags, captions).
RUN = r"([A-Z])\1{19,}"
INSPECT = r"""run => {
  const controls = /[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff]/;
  const problems = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > innerWidth) problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${innerWidth}`);
  const text = document.documentElement.textContent;
  const found = text.search(controls);
  if (found >= 0) problems.push(`a control in the text: ${JSON.stringify(text.slice(Math.max(0, found - 40), found + 10))}`);
  const longRun = new RegExp(run);
  const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) { const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) if (controls.test(attr.value)) problems.push(`a control in <${el.localName} ${attr.name}>`);
    if ((el.localName === 'input' || el.localName === 'textarea') && controls.test(el.value)) problems.push(`a control in the value of #${el.id}`);
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
    if (!longRun.test(own)) continue;
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > innerWidth + 1 || box.left < -1) && !scrolls(el)) {
      problems.push(`typed text cut off: <${el.localName} class="${el.className}"> spans ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return problems;
}"""


class Walk:
    """One tab per width; ``visit(url, shows=...)`` checks the page at every width."""

    def __init__(self, new_tab, base_url: str, screenshot) -> None:
        self.base_url = base_url
        self.screenshot = screenshot
        self.tabs = {}
        for width in WIDTHS:
            tab = new_tab()
            tab.set_viewport_size({"width": width, "height": 900})
            self.tabs[width] = tab
        self.problems: list[str] = []
        self.visited = 0

    def log_in(self, user) -> None:
        for tab in self.tabs.values():
            if user is None:
                tab.context.clear_cookies()
            else:
                sign_in(tab, user, self.base_url)

    def visit(self, url: str, *, shows: str = "") -> None:
        for width, tab in self.tabs.items():
            response = tab.goto(url)
            assert response.status == 200, f"{url}: {response.status}"
            self.visited += 1
            found = tab.evaluate(INSPECT, RUN)
            if shows and shows not in tab.evaluate("document.documentElement.textContent"):
                found.append(f"{shows[:40]!r} is not shown")
            if found:
                self.screenshot(tab, f"{width}-{url.strip('/').replace('/', '_')[:60] or 'home'}")
                self.problems.extend(f"{width} px {url}: {problem}" for problem in found[:5])


def test_hostile_text_never_widens_a_page_nor_shows_a_bidi_control(new_tab, live_server, build_index, screenshot):
    owner = factories.submitter("hostile@police.example.org")
    first = type_hostile_case(owner)
    related = type_hostile_case(owner, title="R" * 100)
    in_review = type_hostile_case(owner, title="Q" * 100)
    walk = Walk(new_tab, live_server.url, screenshot)

    # The submitter, before submitting: every step of the wizard, and check your answers.
    walk.log_in(owner)
    for step in ("organisation", "use-case", "technology", "lawfulness", "oversight", "media"):
        walk.visit(reverse("submit:step", args=[first.submission.pk, step]))
    walk.visit(reverse("submit:step", args=[first.submission.pk, "check"]), shows=LONG_WORD)

    admin = factories.user(is_superuser=True, is_staff=True)
    for case in (first, related, in_review):
        services.submit(case.submission, owner)
    for case in (first, related):
        case.submission.page.get_latest_revision().publish(user=admin)
    build_index()
    page = UseCasePage.objects.get(pk=first.submission.page_id)
    assert page.live

    walk.visit(reverse("submissions:list"), shows="Invoice gnp.exe")
    walk.visit(reverse("submissions:detail", args=[first.submission.pk]), shows="Invoice gnp.exe")

    # The public: the case (with its related cases), the catalogue, two searches, a tag page.
    walk.log_in(None)
    walk.visit(page.url, shows=LONG_WORD)
    walk.visit(UseCasePage.objects.get(pk=related.submission.page_id).url, shows="R" * 100)
    walk.visit("/cases/", shows="Invoice gnp.exe")
    walk.visit("/cases/?q=Invoice", shows="Invoice gnp.exe")
    walk.visit("/cases/?q=alert", shows="Invoice gnp.exe")  # highlights (Elasticsearch) of hostile markup
    walk.visit(f"/cases/tags/{LONG_TAG.lower()}/", shows=LONG_TAG)

    # The staff: the moderation queue, the page editor, its history, the explorer and the admin search.
    walk.log_in(admin)
    walk.visit(reverse("moderation:queue"), shows="Q" * 100)
    walk.visit(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    walk.visit(reverse("wagtailadmin_pages:edit", args=[in_review.submission.page_id]))
    walk.visit(reverse("wagtailadmin_pages:history", args=[page.pk]))
    walk.visit(reverse("wagtailadmin_explore", args=[page.get_parent().pk]), shows="Invoice gnp.exe")
    walk.visit(reverse("wagtailadmin_pages:search") + "?q=Invoice", shows="Invoice gnp.exe")

    assert walk.visited == 2 * 21
    assert not walk.problems, "\n".join(walk.problems)
    assert page.title.startswith("Invoice gnp.exe TTT"), "stored without the override"


def test_the_check_can_fail(new_tab, site_tree):
    """The inspection itself: a word that cannot break and an override are caught at 320 px."""
    tab = new_tab()
    tab.set_viewport_size({"width": 320, "height": 600})
    tab.goto("/accounts/login/")
    tab.evaluate("""() => {
      const wide = document.createElement('p');
      wide.textContent = 'W'.repeat(400);
      wide.style.overflowWrap = 'normal';  // CSSOM, which the page's CSP allows (inline style attributes it does not)
      const spoofed = document.createElement('p');
      spoofed.textContent = 'gnp\u202e.exe';
      const clipped = document.createElement('div');
      clipped.style.overflow = 'hidden';
      clipped.append(Object.assign(document.createElement('span'), {textContent: 'X'.repeat(400)}));
      clipped.firstChild.style.whiteSpace = 'nowrap';
      document.querySelector('main').append(wide, spoofed, clipped);
    }""")
    found = tab.evaluate(INSPECT, RUN)
    assert any("scrolls sideways" in problem for problem in found), found
    assert any("a control in the text" in problem for problem in found), found
    assert any("typed text cut off: <span" in problem for problem in found), found
