"""``{% load remembered_urls %}``: Django's ``{% url %}``, its answer remembered when every argument is a literal.

The site's header reverses seven addresses on every page (home, the catalogue, submitting, logging in…), each a
walk of the URL resolver, about 40 µs together with the tag's own work: a tenth of the catalogue template's time
before its search is answered (issue 20.1). With literal arguments the answer depends only on the view name and
arguments, the active language (``i18n_patterns`` prefixes it), the URL configuration in use, the script prefix
and the application namespace of the request, all in the key; the URL configurations are fixed for the
process (forgotten when tests swap ``ROOT_URLCONF``). A variable or filtered argument is Django's tag unchanged.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import FilterExpression, Parser, Token
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation

register = template.Library()

#: {key: the URL (``as``) or the tag's output}; literals come from templates only, so the key space is bounded by
#: the templates times the languages and prefixes: the limit is a guard, not a working size.
_urls: dict[tuple[Any, ...], str] = {}
MAX_URLS = 5_000


class RememberedURLNode(URLNode):
    def render(self, context: template.Context) -> str:
        key = self._key(context)
        if key is None:
            return super().render(context)
        found = _urls.get(key)
        if found is None:
            output = super().render(context)
            found = context[self.asvar] if self.asvar else output
            if len(_urls) >= MAX_URLS:
                _urls.clear()
            _urls[key] = found
            return output
        if self.asvar:
            context[self.asvar] = found
            return ""
        return found

    def _key(self, context: template.Context) -> tuple[Any, ...] | None:
        """None unless every argument is a literal (then the answer is the same wherever the tag renders)."""
        expressions = [self.view_name, *self.args, *self.kwargs.values()]
        if not all(_is_literal(expression) for expression in expressions):
            return None
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        return (
            translation.get_language(),
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
            current_app,
            tuple(str(expression.var) for expression in expressions),
            tuple(self.kwargs),
            self.asvar,
            context.autoescape,
        )


def _is_literal(expression: FilterExpression) -> bool:
    """A quoted string with no filter: Django's parser resolves it at once (``var`` is the string itself)."""
    return not expression.filters and isinstance(expression.var, str)


@register.tag("url")
def url(parser: Parser, token: Token) -> URLNode:
    node = django_url(parser, token)
    # Django's parsing, unchanged; only the node's rendering is remembered (the subclass adds no state).
    node.__class__ = RememberedURLNode
    return node


@receiver(setting_changed)
def _forget_on_settings(setting: str, **_kwargs: Any) -> None:
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "PREFIX_DEFAULT_LANGUAGE", "FORCE_SCRIPT_NAME"):
        _urls.clear()
