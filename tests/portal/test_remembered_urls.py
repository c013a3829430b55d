"""``{% load remembered_urls %}``'s ``{% url %}``: Django's answer in every language, prefix and case, reversed once."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, path, set_script_prefix
from django.utils import translation

from portal.templatetags import remembered_urls
from portal.templatetags.remembered_urls import RememberedURLNode

SOURCES = [
    "{% url 'wagtail_serve' '' %}",
    "{% url 'wagtail_serve' 'cases/' %}",
    "{% url 'accounts:login' as login_url %}[{{ login_url }}]",
    "{% url 'statistics' %}|{% url 'data' %}",
    "{% url 'no-such-view' as missing %}[{{ missing }}]",
    "{% url name %}",
    "{% url 'wagtail_serve' path %}",
    "{% url 'wagtail_serve' path as there %}[{{ there }}]",
    "{% url 'statistics' %}|{% autoescape off %}{% url 'statistics' %}{% endautoescape %}",
]
CONTEXT = {"name": "statistics", "path": "cases/"}


@pytest.fixture(autouse=True)
def nothing_remembered():
    remembered_urls._urls.clear()
    yield
    remembered_urls._urls.clear()


def _ours(source: str) -> str:
    return engines["django"].from_string("{% load remembered_urls %}" + source).render(CONTEXT)


def _djangos(source: str) -> str:
    return Engine.get_default().from_string(source).render(Context(CONTEXT))


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
@pytest.mark.parametrize("source", SOURCES)
def test_the_same_as_djangos_tag_the_first_time_and_the_next(language, source):
    with translation.override(language):
        expected = _djangos(source)
        assert _ours(source) == expected
        assert _ours(source) == expected  # from what was remembered


def test_each_language_gets_its_own_address():
    source = "{% url 'wagtail_serve' 'cases/' %}"
    with translation.override("fr"):
        french = _ours(source)
    with translation.override("en"):
        english = _ours(source)
    with translation.override("fr"):
        assert _ours(source) == french
    assert french.startswith("/fr/") and not english.startswith("/fr/")


def test_a_literal_address_is_reversed_once_a_variable_one_every_time(monkeypatch):
    from django.template import defaulttags

    calls = []
    real = defaulttags.URLNode.render

    def counting(self, context):  # noqa: ANN001, ANN202
        calls.append(self.view_name.token)
        return real(self, context)

    monkeypatch.setattr(defaulttags.URLNode, "render", counting)
    template = engines["django"].from_string("{% load remembered_urls %}{% url 'statistics' %} {% url name %}")
    assert isinstance(template.template.nodelist[1], RememberedURLNode)
    assert template.render(CONTEXT) == template.render(CONTEXT)
    assert calls.count("'statistics'") == 1 and calls.count("name") == 2


def test_an_unknown_view_without_as_still_raises():
    with pytest.raises(NoReverseMatch):
        _ours("{% url 'no-such-view' %}")
    with pytest.raises(NoReverseMatch):
        _ours("{% url 'no-such-view' %}")


def test_a_script_prefix_is_part_of_the_answer():
    source = "{% url 'statistics' %}"
    plain = _ours(source)
    set_script_prefix("/showcase/")
    try:
        assert _ours(source) == "/showcase" + plain
    finally:
        clear_script_prefix()
    assert _ours(source) == plain


#: Another URL configuration, where "statistics" lives elsewhere (this module, as ROOT_URLCONF).
urlpatterns = [path("elsewhere/statistics/", lambda request: None, name="statistics")]


def test_another_url_configuration_is_not_answered_from_the_first():
    source = "{% url 'statistics' as x %}[{{ x }}]"
    plain = _ours(source)
    with override_settings(ROOT_URLCONF=__name__):
        assert _ours(source) == "[/elsewhere/statistics/]"
    assert _ours(source) == plain != "[/elsewhere/statistics/]"


def test_the_site_header_uses_it():
    from pathlib import Path

    base = (Path(__file__).resolve().parents[2] / "templates" / "base.html").read_text()
    assert "remembered_urls" in base.split("\n", 1)[0]
