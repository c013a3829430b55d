"""``{% reader_fragment "name" page [by value] %}…{% endreader_fragment %}``: a part of a page kept for its audience.

The part is rendered once per catalogue change, page version, audience, language, time zone, day and
host and then served from the ``reader_fragments`` cache (``showcase.reader_fragments`` says why that
is safe and what must stay outside). ``by value``: the part also shows ``value`` (e.g. the visitor's
chosen time zone), so it is kept once per value. Previews and pages that are not live are always rendered.
"""

from __future__ import annotations

from django import template
from django.core.cache.backends.dummy import DummyCache
from django.utils.safestring import mark_safe

from ..reader_fragments import fragment_key, store

register = template.Library()

USAGE = '{% reader_fragment "name" page [by value] %}…{% endreader_fragment %}'


class ReaderFragmentNode(template.Node):
    def __init__(
        self,
        name: str,
        page: template.base.FilterExpression,
        nodelist: template.NodeList,
        by: template.base.FilterExpression | None = None,
    ) -> None:
        self.name, self.page, self.nodelist, self.by = name, page, nodelist, by

    def render(self, context: template.Context) -> str:
        cache = store()
        if cache is None or isinstance(cache, DummyCache):  # keeps nothing: no key to work out (the suite, the cold bench)
            return self.nodelist.render(context)
        page = self.page.resolve(context)
        by = self.by.resolve(context) if self.by is not None else None
        key = fragment_key(self.name, context.get("request"), page, by=by) if cache else None
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
    if len(bits) < 3 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f"Usage: {USAGE}")
    rest = bits[3:]
    if rest and (len(rest) != 2 or rest[0] != "by"):
        raise template.TemplateSyntaxError(f"Usage: {USAGE}")
    by = parser.compile_filter(rest[1]) if rest else None
    nodelist = parser.parse(("endreader_fragment",))
    parser.delete_first_token()
    return ReaderFragmentNode(bits[1][1:-1], parser.compile_filter(bits[2]), nodelist, by)
