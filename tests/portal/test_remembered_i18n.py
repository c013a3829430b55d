"""``{% load i18n %}``'s remembered ``{% translate %}``: the same output as Django's tag, in every language and case."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.utils import translation
from django.utils.autoreload import file_changed

from portal.templatetags import remembered_i18n
from portal.templatetags.remembered_i18n import RememberedTranslateNode

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    '{% translate "Search the use cases" %}',
    '{% translate "May" context "month name" %}',
    '{% translate "Search the use cases" noop %}',
    '{% translate "<b>Use cases</b>" %}|{% autoescape off %}{% translate "<b>Use cases</b>" %}{% endautoescape %}',
    '{% translate "Search the use cases" as label %}[{{ label }}]',
    '{% translate "Search the use cases"|upper %}',
    "{% translate greeting %}",
    '{% translate "May" context month_kind %}',
]
CONTEXT = {"greeting": "Use cases", "month_kind": "month name"}


@pytest.fixture(autouse=True)
def nothing_remembered():
    remembered_i18n._outputs.clear()


def _ours(source: str) -> str:
    return engines["django"].from_string("{% load remembered_i18n %}" + source).render(CONTEXT)


def _djangos(source: str) -> str:
    # An engine of its own with Django's i18n library.
    return Engine(libraries={"i18n": "django.templatetags.i18n"}).from_string("{% load i18n %}" + source).render(Context(CONTEXT))


def test_the_sites_templates_load_the_remembered_tag_and_its_other_i18n_tags_work():
    template = engines["django"].from_string('{% load remembered_i18n %}{% translate "Home" %}{% get_current_language as code %}{{ code }}')
    assert any(isinstance(node, RememberedTranslateNode) for node in template.template.nodelist)
    with translation.override("fr"):
        assert template.render({}).endswith("fr")
    plain = [
        str(path)
        for folder in ("templates", "showcase", "portal", "moderation")
        for path in (ROOT / folder).rglob("*.html")
        if re.search(r"\{%\s*load\s[^%]*(?<![\w.])i18n(?![\w.])", path.read_text())
    ]
    assert plain == [], "load remembered_i18n instead of i18n"


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
@pytest.mark.parametrize("source", SOURCES)
def test_the_output_is_djangos_the_first_time_and_from_memory_alike(source, language):
    with translation.override(language):
        expected = _djangos(source)
        assert _ours(source) == expected
        assert _ours(source) == expected  # remembered


def test_a_language_never_gets_anothers_remembered_text():
    outputs = {}
    for language in ("en", "fr", "en", "es", "fr"):
        with translation.override(language):
            outputs.setdefault(language, set()).add(_ours('{% translate "Search the use cases" %}'))
    assert all(len(seen) == 1 for seen in outputs.values())
    assert len({next(iter(seen)) for seen in outputs.values()}) == 3


def test_variables_and_filters_are_not_remembered():
    assert _ours("{% translate greeting %}") == "Use cases"
    assert engines["django"].from_string("{% load i18n %}{% translate greeting %}").render({"greeting": "Home"}) == "Home"
    with translation.override("en"):
        _ours('{% translate "Search the use cases" %}')
    assert ("en", "Search the use cases", None, False, True) in remembered_i18n._outputs
    assert not any(key[1] in ("Use cases", "Home") for key in remembered_i18n._outputs)


def test_new_catalogues_or_language_settings_forget_what_was_remembered():
    with translation.override("fr"):
        _ours('{% translate "Search the use cases" %}')
    assert remembered_i18n._outputs
    with override_settings(LOCALE_PATHS=[]):
        assert not remembered_i18n._outputs
    with translation.override("fr"):
        _ours('{% translate "Search the use cases" %}')
    file_changed.send(sender=None, file_path=Path("locale/fr/LC_MESSAGES/django.py"))
    assert remembered_i18n._outputs
    file_changed.send(sender=None, file_path=Path("locale/fr/LC_MESSAGES/django.mo"))
    assert not remembered_i18n._outputs
