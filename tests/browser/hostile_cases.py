"""Cases whose every text field holds the hostile corpus, typed through the wizard's own views.

Used by ``test_text_overflow.py`` (and handy in ``manage.py shell`` to look at such a
case by hand). The whole stored corpus (tests/security/hostile_corpus.py) is packed
into the free-text fields of one submission, a few payloads per field, so one case
carries every payload; the title holds a right-to-left override and a long run of
letters, "Problem addressed" one 3,000-character word, and the image, caption and
tags long runs and an override too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from portal.models import Submission
from portal.wizard import STEPS
from tests import factories
from tests.security import hostile_corpus as corpus
from tests.security.test_hostile_display import text_fields

RLO = "\u202e"
#: The "Trojan source" file name: with the override kept, it displays as "Invoice exe.png".
SPOOFED = f"Invoice gnp{RLO}.exe"
LONG_TITLE = f"{SPOOFED} " + "T" * (100 - len(SPOOFED) - 1)
LONG_WORD = "P" * 3000
LONG_TAG = "L" * 50
#: Reserved fields and the value each gets; every other text field gets a share of the corpus.
RESERVED = {("use-case", "title"): LONG_TITLE, ("use-case", "problem"): LONG_WORD}


def pack(payloads: list[corpus.Payload], fields: list[tuple[str, str, int]]) -> dict[tuple[str, str], str]:
    """Every payload into some field that still has room, the emptiest first; each field's payloads one per line."""
    room = {(slug, name): limit for slug, name, limit in fields if (slug, name) not in RESERVED}
    packed: dict[tuple[str, str], list[str]] = {key: [] for key in room}
    used = dict.fromkeys(room, 0)
    for payload in sorted(payloads, key=lambda p: -len(p.text)):
        fits = [key for key in room if used[key] + len(payload.text) + 1 <= room[key]]
        assert fits, f"no field has room for {payload.name}"
        key = min(fits, key=lambda k: used[k] / room[k])
        packed[key].append(payload.text)
        used[key] += len(payload.text) + 1
    return {key: "\n".join(texts) for key, texts in packed.items() if texts} | RESERVED


@dataclass
class HostileCase:
    submission: Submission
    texts: dict[tuple[str, str], str]

    @property
    def page(self):
        return self.submission.page.specific


def _post(client: Client, url: str, data: dict[str, Any]) -> None:
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.status_code, response.content.decode()[:1500])


def type_hostile_case(owner=None, *, title: str | None = None, host: str = "testserver") -> HostileCase:
    """A complete (unsubmitted) submission, every text field typed through the wizard's views."""
    texts = pack(corpus.STORED, text_fields())
    if title is not None:
        texts[("use-case", "title")] = title
    item = factories.complete_submission(owner)
    client = Client(HTTP_HOST=host)
    client.force_login(item.submitter)
    for step in STEPS:
        if step.form_class is None:
            continue
        url = reverse("submit:step", args=[item.pk, step.slug])
        overrides = {name: text for (slug, name), text in texts.items() if slug == step.slug}
        if step.slug == "media":
            overrides.update(
                tags=f"{LONG_TAG}, gnp{RLO}.exe, {corpus.MARKUP[5].text}",
                image=SimpleUploadedFile("p.png", factories.png_bytes(size=(320, 200)), "image/png"),
                alt_text=f"A{RLO}lt " + "A" * 200,
                caption=f"Caption gnp{RLO}.exe " + "C" * 200,
            )
        _post(client, url, factories.step_data(step.slug, **overrides))
    item.refresh_from_db()
    return HostileCase(item, texts)
