"""``{% render_last %}``: parts of a page rendered after the rest, put back in their places (showcase.late_sections)."""

from __future__ import annotations

import pytest
from django.template import Context, Template, engines
from django.template.response import SimpleTemplateResponse

from showcase.late_sections import LateSections

TEMPLATE = (
    "{% load render_last %}<header>{{ log.top }}</header>"
    "{% render_last %}<section>{{ log.answer }}"
    "{% with twice=value|add:value %}{{ twice }}{% endwith %}</section>{% endrender_last %}"
    "<footer>{{ log.bottom }}</footer>"
)


class Log:
    """Records the order in which the template asked for its parts."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def __getattr__(self, name: str) -> str:
        self.order.append(name)
        return name


def render(source: str, late: LateSections | None, **context: object) -> str:
    if late is not None:
        context["late_sections"] = late
    response = SimpleTemplateResponse(engines["django"].from_string(source), context)
    if late is not None:
        response.add_post_render_callback(late.fill)
    response.render()
    return response.content.decode()


def test_without_late_sections_the_part_renders_in_place():
    log = Log()
    html = render(TEMPLATE, None, log=log, value=2)
    assert html == "<header>top</header><section>answer4</section><footer>bottom</footer>"
    assert log.order == ["top", "answer", "bottom"]


def test_with_late_sections_the_part_renders_after_the_rest_into_its_place():
    log = Log()
    html = render(TEMPLATE, LateSections(), log=log, value=2)
    assert html == "<header>top</header><section>answer4</section><footer>bottom</footer>"
    assert log.order == ["top", "bottom", "answer"]  # the footer did not wait for the answer


def test_the_late_part_sees_the_context_as_it_was_where_it_stood():
    source = (
        "{% load render_last %}{% for item in items %}{% with n=forloop.counter %}"
        "{% render_last %}[{{ n }}:{{ item }}]{% endrender_last %}{% endwith %}{% endfor %}{{ n|default:'-' }}"
    )
    assert render(source, LateSections(), items=["a", "b", "c"]) == "[1:a][2:b][3:c]-"


def test_escaping_still_applies_in_a_late_part():
    source = "{% load render_last %}{% render_last %}{{ text }}{% endrender_last %}"
    assert render(source, LateSections(), text="<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"


def test_text_that_looks_like_a_placeholder_is_left_alone():
    """A placeholder carries a random token per response: a case's text cannot be made to match it."""
    forged = "<!--late-section 000000000000000000000000 0-->"
    source = "{% load render_last %}{{ forged|safe }}|{% render_last %}late{% endrender_last %}"
    assert render(source, LateSections(), forged=forged) == f"{forged}|late"


def test_a_late_part_inside_a_late_part_is_rendered_too():
    source = "{% load render_last %}a{% render_last %}b{% render_last %}c{% endrender_last %}d{% endrender_last %}e"
    assert render(source, LateSections()) == "abcde"


def test_an_error_in_a_late_part_is_an_error_of_the_page():
    class Boom:
        @property
        def value(self) -> str:
            raise RuntimeError("the answer failed")

    with pytest.raises(RuntimeError, match="the answer failed"):
        render("{% load render_last %}{% render_last %}{{ boom.value }}{% endrender_last %}", LateSections(), boom=Boom())  # noqa: E501


def test_a_late_section_keeps_its_placeholder_only_until_filled():
    late = LateSections()
    context = Context({"late_sections": late})
    html = Template("{% load render_last %}{% render_last %}x{% endrender_last %}").render(context)
    assert html.startswith("<!--late-section ") and "x" not in html
