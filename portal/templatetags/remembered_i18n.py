"""``{% load remembered_i18n %}``: Django's i18n library, each ``{% translate "literal" %}`` remembered per language.

The site's templates load it instead of ``i18n`` (tests/portal/test_remembered_i18n.py keeps it so); Wagtail's
admin keeps Django's. Mapping the name ``i18n`` itself to this module would be noticed by Django's check
(templates.W003: two modules for one library name).

Django's tag turns the literal into a lazy translation, converts it and escapes it on every render:
about 13 µs, fifty times on a catalogue page, a tenth of the page's own time before its search is
answered. A literal's output depends only on the active language, its message context, ``noop`` and
autoescaping, and the translation catalogues are fixed for the process: reloaded only by the
development server when a compiled catalogue changes, or by tests that change LANGUAGES, LANGUAGE_CODE or LOCALE_PATHS
(forgotten then, as Django forgets its catalogues). Anything else — a variable, a filter, ``as``, a
message context that is a variable — is Django's tag unchanged, as are all the library's other tags.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Parser, Token, Variable
from django.templatetags import i18n as django_i18n
from django.utils import translation
from django.utils.autoreload import file_changed

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

#: {(language, literal, message context, noop, autoescape): output}; literals come from templates only, so the
#: key space is bounded by the templates times the languages: the limit is a guard, not a working size.
_outputs: dict[tuple[Any, ...], str] = {}
MAX_OUTPUTS = 20_000


class RememberedTranslateNode(django_i18n.TranslateNode):
    def render(self, context: template.Context) -> str:
        key = self._key(context)
        if key is None:
            return super().render(context)
        output = _outputs.get(key)
        if output is None:
            if len(_outputs) >= MAX_OUTPUTS:
                _outputs.clear()
            output = _outputs[key] = super().render(context)
        return output

    def _key(self, context: template.Context) -> tuple[Any, ...] | None:
        """None unless the output is the same wherever this tag renders in the active language."""
        expression = self.filter_expression
        if self.asvar or expression.filters or not _is_literal(expression.var):
            return None
        message_context = None
        if self.message_context is not None:
            if self.message_context.filters or not _is_literal(self.message_context.var):
                return None
            message_context = str(self.message_context.var.literal)
        return (translation.get_language(), str(expression.var.literal), message_context, self.noop, context.autoescape)


def _is_literal(var: Any) -> bool:
    return isinstance(var, Variable) and var.lookups is None and isinstance(var.literal, str)


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Parser, token: Token) -> django_i18n.TranslateNode:
    node = django_i18n.do_translate(parser, token)
    # Django's parsing, unchanged; only the node's rendering is remembered (the subclass adds no state).
    node.__class__ = RememberedTranslateNode
    return node


@receiver(setting_changed)
def _forget_on_settings(setting: str, **_kwargs: Any) -> None:
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        _outputs.clear()


@receiver(file_changed)
def _forget_on_new_catalogue(file_path: Any, **_kwargs: Any) -> None:
    """The development server reloads a recompiled catalogue without restarting (Django's own receiver)."""
    if str(file_path).endswith(".mo"):
        _outputs.clear()
