"""``{% render_last %}…{% endrender_last %}``: rendered after the rest of the page (``showcase.late_sections``).

Where the view gave the context a ``late_sections``, the contents are held back and rendered once the
rest of the page is done; otherwise they render in place, so the same template works for any caller.
"""

from __future__ import annotations

from django import template

from ..late_sections import late_sections_of

register = template.Library()


class RenderLastNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        late = late_sections_of(context)
        if late is None:
            return self.nodelist.render(context)
        return late.hold(self.nodelist, context)


@register.tag("render_last")
def render_last(parser: template.base.Parser, token: template.base.Token) -> RenderLastNode:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% render_last %} takes no arguments.")
    nodelist = parser.parse(("endrender_last",))
    parser.delete_first_token()
    return RenderLastNode(nodelist)
