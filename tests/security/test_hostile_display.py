"""Every stored hostile payload (tests/security/hostile_corpus.py) in every text field of the wizard, checked where it is SHOWN.

The payloads are spread over the wizard's free-text fields (each into a field long
enough for it), a few submissions at a time, posted through the wizard's own
views. Then every page that shows them is fetched and PARSED: a markup payload's
unique token may appear only as text (element content, or a plain-text attribute
such as ``value`` or ``alt``), never in a tag or attribute name, an event handler,
a URL attribute, or script text. Pages: the wizard steps and "check your answers",
"My submissions" (list and detail), the moderation queue and the Wagtail page
editor, the published case page, the catalogue, tag pages and search results.

tests/portal/test_hostile_input.py covers over-long values and one payload per
field; this module covers the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from portal.wizard import STEPS
from tests import factories

from . import hostile_corpus as corpus

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

#: Attributes whose value is shown as text: a token there is harmless (the browser never runs it).
TEXT_ATTRIBUTES = {"value", "title", "alt", "aria-label", "placeholder", "content", "label", "aria-description"}
#: Attributes whose value the browser loads or runs.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster", "background", "ping"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
#: <script type=...> values that the browser does not execute (JSON data islands).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


class MarkupAudit(HTMLParser):
    """Where each token sits in a parsed page; and any event handler or script URL at all."""

    def __init__(self, tokens: Iterable[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens = [t for t in tokens if t]
        self.problems: list[str] = []
        self.event_handlers: list[str] = []
        self._script_stack: list[bool] = []  # executable?

    def _tokens_in(self, text: str) -> list[str]:
        return [t for t in self.tokens if t in text]

    @staticmethod
    def _runs_or_styles(name: str, value: str) -> bool:
        """Would a token in this attribute be code, style or a foreign URL (not text, not one of our links)?"""
        if name in TEXT_ATTRIBUTES or name.startswith(("data-", "aria-")):
            return False
        if name in URL_ATTRIBUTES:
            # Our own links may carry a slug made from the text (/cases/road-cameras-hx0001/): harmless.
            return not value.startswith(("/", "?", "#", "http://testserver/", "http://localhost/")) or value.startswith("//")
        return True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for token in self._tokens_in(tag):
            self.problems.append(f"{token}: became a <{tag}> element")
        for name, value in attrs:
            value = value or ""
            for token in self._tokens_in(name):
                self.problems.append(f"{token}: became the attribute {name!r} of <{tag}>")
            if name.startswith("on"):
                self.event_handlers.append(f"<{tag} {name}={value[:60]!r}>")
            squashed = "".join(value.split()).lower()
            if name in URL_ATTRIBUTES and squashed.startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"a {squashed[:20]!r} URL in <{tag} {name}>")
            tokens = self._tokens_in(value)
            if tokens and self._runs_or_styles(name, value):
                self.problems.extend(f"{token}: inside <{tag} {name}={value[:80]!r}>" for token in tokens)
        if tag == "script":
            kind = (dict(attrs).get("type") or "").lower()
            self._script_stack.append(kind not in DATA_SCRIPT_TYPES)
        elif tag == "style":
            self._script_stack.append(True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style") and self._script_stack:
            self._script_stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._script_stack:
            self._script_stack.pop()

    def handle_data(self, data: str) -> None:
        if self._script_stack and self._script_stack[-1]:
            self.problems.extend(f"{token}: inside executable <script>/<style> text" for token in self._tokens_in(data))

    def handle_comment(self, data: str) -> None:
        # A payload that turned into a comment hides the rest of the page (and may close it early).
        self.problems.extend(f"{token}: became an HTML comment" for token in self._tokens_in(data))


def audit(html: str, tokens: Iterable[str], *, handlers_allowed: bool = False) -> list[str]:
    """Problems found in ``html``: tokens that became markup; event handlers unless ``handlers_allowed``."""
    parser = MarkupAudit(tokens)
    parser.feed(html)
    parser.close()
    problems = list(parser.problems)
    if not handlers_allowed:
        problems += [f"inline event handler {h}" for h in parser.event_handlers]
    return problems


# --- Spreading the payloads over the fields --------------------------------------------------------------

#: Free-text fields filled through the wizard (e-mail is checked by test_hostile_refusals; media by its own test).
SKIPPED = {"contact_email", "image", "alt_text", "caption", "tags"}


def text_fields() -> list[tuple[str, str, int]]:
    found = []
    for step in STEPS:
        if step.form_class is None:
            continue
        for name, field in step.form_class.base_fields.items():
            if type(field) is forms.CharField and name not in SKIPPED:
                found.append((step.slug, name, field.max_length))
    return found


def spread(payloads: list[corpus.Payload], fields: list[tuple[str, str, int]]) -> list[dict[tuple[str, str], corpus.Payload]]:
    """Batches (one submission each) of field → payload, every payload in a field that can hold it."""
    batches: list[dict[tuple[str, str], corpus.Payload]] = []
    for payload in sorted(payloads, key=lambda p: -len(p.text)):
        for batch in batches:
            free = [(s, n) for s, n, limit in fields if (s, n) not in batch and limit >= len(payload.text)]
            if free:
                batch[free[0]] = payload
                break
        else:
            free = [(s, n) for s, n, limit in fields if limit >= len(payload.text)]
            assert free, f"no field can hold {payload.name}"
            batches.append({free[0]: payload})
    return batches


FIELDS = text_fields()
BATCHES = spread(corpus.STORED, FIELDS)
#: Tag payloads: short markup that parse_tags keeps whole (no comma or quote).
TAG_PAYLOADS = [p for p in corpus.MARKUP if len(p.text) <= 50 and "," not in p.text and '"' not in p.text]


def test_the_corpus_is_large_and_reaches_every_text_field():
    assert len(corpus.ALL) + len(corpus.uploads()) >= 200
    assert len(FIELDS) >= 30
    used = {field for batch in BATCHES for field in batch}
    assert used == {(s, n) for s, n, _ in FIELDS}, "every text field gets payloads"
    assert sum(len(batch) for batch in BATCHES) == len(corpus.STORED)


def post_step(client, item, slug: str, **overrides):
    response = client.post(reverse("submit:step", args=[item.pk, slug]), factories.step_data(slug, **overrides))
    assert response.status_code == 302, (slug, response.status_code, response.content.decode()[:2000])
    return response


@pytest.fixture
def moderation(db):
    from moderation.setup import setup_moderation

    setup_moderation()


def fill(client, batch_index: int):
    """A complete submission whose text fields hold batch ``batch_index``, posted through the wizard."""
    batch = BATCHES[batch_index]
    item = factories.complete_submission()
    client.force_login(item.submitter)
    for step in STEPS:
        if step.form_class is None:
            continue
        overrides = {name: payload.text for (slug, name), payload in batch.items() if slug == step.slug}
        if step.slug == "media":
            tags = TAG_PAYLOADS[batch_index * 6 : batch_index * 6 + 6]
            markup = [p for p in corpus.MARKUP if len(p.text) <= 250]
            alt, caption = markup[batch_index * 2 % len(markup)], markup[(batch_index * 2 + 1) % len(markup)]
            overrides.update(
                tags=", ".join(p.text for p in tags),
                image=SimpleUploadedFile("p.png", factories.png_bytes(), "image/png"),
                alt_text=alt.text,
                caption=caption.text,
            )
            batch = {**batch, ("media", "alt_text"): alt, ("media", "caption"): caption,
                     **{("media", f"tag{i}"): p for i, p in enumerate(tags)}}
        if overrides:
            post_step(client, item, step.slug, **overrides)
    item.refresh_from_db()
    return item, batch


def assert_clean(response, tokens, where: str, *, handlers_allowed: bool = False) -> str:
    assert response.status_code == 200, f"{where}: {response.status_code}"
    html = response.content.decode()
    problems = audit(html, tokens, handlers_allowed=handlers_allowed)
    assert not problems, f"{where}: {problems[:10]}"
    return html


@pytest.mark.parametrize("batch_index", range(len(BATCHES)))
def test_every_payload_is_text_wherever_it_is_shown(client, moderation, batch_index, django_capture_on_commit_callbacks):
    item, batch = fill(client, batch_index)
    tokens = [p.token for p in batch.values() if p.token]
    public = {(slug, name) for step in STEPS if step.form_class for name in step.form_class.page_fields
              for slug in [step.slug]} | {("media", "alt_text"), ("media", "caption")}

    # The submitter: each step, check your answers, My submissions.
    for step in STEPS:
        html = assert_clean(client.get(reverse("submit:step", args=[item.pk, step.slug])), tokens, f"step {step.slug}")
    check = html
    for (slug, name), payload in batch.items():
        if payload.token and not name.startswith("tag") and name not in ("alt_text", "caption"):
            assert payload.token in check, f"{slug}.{name}: the answer is shown on check your answers"
    for template in ("{{ 7|add:1330 }}", "{% now 'Y' %}"):
        if any(template in p.text for p in batch.values()):
            assert escape(template) in check and "1337" not in check, "template syntax is shown, never evaluated"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submit:step", args=[item.pk, "check"]))
    assert response.status_code == 302, "the hostile answers are complete and valid: the case is submitted"
    for url in (reverse("submissions:list"), reverse("submissions:detail", args=[item.pk]),
                reverse("submissions:submitted", args=[item.pk])):
        assert_clean(client.get(url), tokens, url)

    # The staff: the moderation queue and Wagtail's page editor.
    admin = factories.user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    queue = assert_clean(client.get(reverse("moderation:queue")), tokens, "moderation queue", handlers_allowed=True)
    assert f"/admin/pages/{item.page.pk}/" in queue, "the case is in the queue"
    assert_clean(client.get(reverse("wagtailadmin_pages:edit", args=[item.page.pk])), tokens, "page editor",
                 handlers_allowed=True)
    assert_clean(client.get(reverse("wagtailadmin_pages:history", args=[item.page.pk])), tokens,
                 "page history", handlers_allowed=True)
    review = assert_clean(client.get(reverse("moderation:evidence", args=[item.page.pk])), tokens,
                          "review screen", handlers_allowed=True)
    for (slug, name), payload in batch.items():
        if payload.token and not name.startswith("tag") and name not in ("alt_text", "caption"):
            assert payload.token in review, f"{slug}.{name}: every answer is on the review screen, as text"

    # The public: the published case, the catalogue, its tag pages.
    with django_capture_on_commit_callbacks(execute=True):
        item.page.get_latest_revision().publish(user=admin)
    page = item.page.specific.__class__.objects.get(pk=item.page.pk)
    assert page.live
    client.logout()
    html = assert_clean(client.get(page.url), tokens, "public case page")
    shown = {p.token for (slug, name), p in batch.items() if (slug, name) in public or name.startswith("tag")}
    for (slug, name), payload in batch.items():
        if payload.token in shown:
            assert payload.token in html, f"{slug}.{name}: the public answer is shown, as text"
        elif payload.token:  # (alt texts, captions and tags reuse payloads of other fields)
            at = html.find(payload.token)
            assert at < 0, f"{slug}.{name}: a confidential answer never reaches the page: {html[at - 300:at + 100]}"
    assert_clean(client.get("/cases/"), tokens, "catalogue")
    assert_clean(client.get("/cases/", {"q": "alert"}), tokens, "search results")
    for tag in page.tags.all():
        assert_clean(client.get(f"/cases/tags/{tag.slug}/"), tokens, f"tag page {tag.slug}")
    suggest = client.get("/cases/suggest/", {"q": page.title[:20]})
    assert suggest.status_code in (200, 400) and suggest["Content-Type"].startswith("application/json")


def test_the_audit_catches_what_it_must():
    """The checker itself: escaped text passes, live markup fails (so the tests above can fail)."""
    from django.utils.html import escape

    payload = corpus.MARKUP[5]  # img onerror
    assert audit(f"<p>{escape(payload.text)}</p><input value=\"{escape(payload.text)}\">", [payload.token]) == []
    assert audit(f"<p>{payload.text}</p>", [payload.token])
    assert audit('<p><a href="javascript:alert(1)">x</a></p>', [])
    assert audit("<textarea></textarea><script>alert('hx9999')</script>", ["hx9999"])
    assert audit("<div \" onfocus=\"alert('hx9998')\">", ["hx9998"])
    assert audit('<script type="application/json">{"t": "hx9997"}</script>', ["hx9997"]) == []


@pytest.mark.elasticsearch
def test_search_highlights_from_elasticsearch_stay_text(client, settings, elasticsearch_url):
    """Highlighted fragments are the one place the catalogue builds markup from a case's text (<mark>)."""
    import uuid

    from elasticsearch import Elasticsearch

    from showcase.search.connection import alias_name, breaker, indexing_client
    from showcase.search.rebuild import rebuild

    settings.CATALOGUE_INDEX_PREFIX = f"{settings.CATALOGUE_INDEX_PREFIX}-hostile-{uuid.uuid4().hex[:8]}"
    breaker.reset()
    payloads = [p for p in corpus.MARKUP if len(p.text) <= 100][:40] + [corpus.UNICODE[23]]
    try:
        for index, payload in enumerate(payloads):
            factories.use_case(title=f"Highlight {payload.text}"[:100], summary=f"Highlight case {payload.text} alert",
                               problem=f"{payload.text} highlight problem {index}")
        rebuild(grace_seconds=0, client=indexing_client())
        indexing_client().indices.refresh(index=alias_name())
        tokens = [p.token for p in payloads]
        for query in ("highlight", "alert", "img onerror", "script", "mark"):
            html = assert_clean(client.get("/cases/", {"q": query}), tokens, f"search {query!r}")
            assert "The full search service is unavailable" not in html, "Elasticsearch answered"
            assert "<mark>" in html or query in ("mark",), f"{query!r}: matches are highlighted"
    finally:
        es = Elasticsearch(elasticsearch_url)
        for name in es.indices.get(index=f"{settings.CATALOGUE_INDEX_PREFIX}-cases*", expand_wildcards="all").body:
            es.options(ignore_status=404).indices.delete(index=name)
