"""``{% reader_fragment "name" page [images] %}…{% endreader_fragment %}``: a part of a page kept for its audience.

The part is rendered once per catalogue change, page version, audience, language, time zone, day and
host and then served from the ``reader_fragments`` cache (``showcase.reader_fragments`` says why that
is safe and what must stay outside). ``images``: the part shows the case's pictures, so their current
state is part of the key. Previews and pages that are not live are always rendered.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from ..reader_fragments import fragment_key, store

register = template.Library()


class ReaderFragmentNode(template.Node):
    def __init__(
        self, name: str, page: template.base.FilterExpression, nodelist: template.NodeList, images: bool
    ) -> None:
        self.name, self.page, self.nodelist, self.images = name, page, nodelist, images

    def render(self, context: template.Context) -> str:
        cache = store()
        page = self.page.resolve(context)
        key = fragment_key(self.name, context.get("request"), page, images=self.images) if cache else None
        if key is None:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, str(html))
        return mark_safe(html)


@register.tag("reader_fragment")
def reader_fragment(parser: template.base.Parser, token: template.base.Token) -> ReaderFragmentNode:
    bits = token.split_contents()
    images = bits[3:] == ["images"]
    if len(bits) != 3 + images or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        usage = '{% reader_fragment "name" page [images] %}…{% endreader_fragment %}'
        raise template.TemplateSyntaxError(f"Usage: {usage}")
    nodelist = parser.parse(("endreader_fragment",))
    parser.delete_first_token()
    return ReaderFragmentNode(bits[1][1:-1], parser.compile_filter(bits[2]), nodelist, images)
