"""Parts of a page rendered after the rest of it: those that wait for something slow.

The catalogue's results wait for Elasticsearch's answer; the rest of its page (the header, the
search form and tips, the alert form, the footer) does not. A template renders in order, so
everything after the first use of the results would wait too, and be rendered once the answer is
in hand: on the page's critical path. ``{% render_last %}…{% endrender_last %}``
(``showcase.templatetags.render_last``) leaves a placeholder where a ``LateSections`` is in the
context, and keeps its contents with a copy of the context there; ``fill`` renders them once the
rest of the page is done and puts them in their places. The view adds ``fill`` as the response's
first post-render callback (``TemplateResponse.add_post_render_callback``), so every later
callback and middleware sees the whole page.

A placeholder carries a random token per response: no text of the page can match it by chance or
by design. A late section must never be inside a kept fragment (``reader_fragment``): the kept
HTML would hold a placeholder of another response. The late section keeps its own fragments.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpResponse
from django.template import Context, NodeList


class LateSections:
    """The sections one response holds back (``hold``) and renders into place (``fill``)."""

    def __init__(self) -> None:
        self._token = secrets.token_hex(12)
        self._held: list[tuple[str, NodeList, Context]] = []

    def hold(self, nodelist: NodeList, context: Context) -> str:
        """A placeholder for ``nodelist``, rendered later with a copy of ``context`` as it is now."""
        placeholder = f"<!--late-section {self._token} {len(self._held)}-->"
        self._held.append((placeholder, nodelist, context.new(context.flatten())))
        return placeholder

    def fill(self, response: HttpResponse) -> None:
        """Render the held sections, in order, into their placeholders in ``response``'s content."""
        if not self._held:
            return
        content = response.content.decode(response.charset)
        done = 0
        while done < len(self._held):  # a late section may hold another: rendered after it, in its turn
            placeholder, nodelist, context = self._held[done]
            content = content.replace(placeholder, nodelist.render(context), 1)
            done += 1
        response.content = content


def late_sections_of(context: Any) -> LateSections | None:
    """The ``LateSections`` a view put in the template's context (``late_sections``), if any."""
    late = context.get("late_sections")
    return late if isinstance(late, LateSections) else None
