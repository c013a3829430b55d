"""Metadata for sharing and search engines on a case page: OpenGraph, Twitter card, schema.org JSON-LD.

Built from the case's public fields only. The JSON-LD is data, not script (a strict
CSP does not run it), but it sits inside a ``<script>`` element, so ``<``, ``>`` and
``&`` are written as JSON escapes: no text of a case can close the element.

https://ogp.me/ · https://schema.org/Article
https://developers.google.com/search/docs/appearance/structured-data/article
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

register = template.Library()

#: The OpenGraph image: the size link previews use (1.91:1).
SHARE_IMAGE = "fill-1200x630"
#: The characters that could end a <script> element or start markup, as JSON escapes.
SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass
class CaseMetadata:
    title: str
    description: str
    url: str
    locale: str
    published: str  # ISO 8601, "" for an unpublished preview
    modified: str
    keywords: list[str]
    image_url: str = ""
    image_alt: str = ""
    image_width: int = 0
    image_height: int = 0
    json_ld: SafeString = SafeString("")


def json_ld_element(data: dict[str, Any]) -> SafeString:
    """``<script type="application/ld+json">`` with ``data``, escaped so no value can break out."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))


def _first_image(page: Any):
    return page.images.select_related("image").order_by("sort_order", "pk").first()


@register.simple_tag(takes_context=True)
def case_metadata(context: template.Context, page: Any) -> CaseMetadata:
    # The case page asks twice (the meta description, then the head's tags): built once per page object.
    built = getattr(page, "_case_metadata", None)
    if built is None:
        built = page._case_metadata = _build(context.get("request"), page)
    return built


def _build(request: Any, page: Any) -> CaseMetadata:
    url = page.get_full_url(request) or ""
    keywords = [tag.name for tag in page.tags.all()]
    keywords += [str(value) for value in page.use_categories.all()]
    keywords += [str(value) for value in page.ai_techniques.all()]
    published = page.first_published_at.isoformat() if page.first_published_at else ""
    modified = page.last_published_at.isoformat() if page.last_published_at else published
    metadata = CaseMetadata(
        title=page.title,
        description=page.summary,
        url=url,
        locale=to_locale(page.content_language or "en"),
        published=published,
        modified=modified,
        keywords=keywords,
    )
    picture = _first_image(page)
    if picture is not None:
        rendition = picture.image.get_rendition(SHARE_IMAGE)
        metadata.image_url = request.build_absolute_uri(rendition.url) if request else rendition.full_url
        metadata.image_alt = picture.alt_text
        metadata.image_width, metadata.image_height = rendition.width, rendition.height
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": metadata.title,
        "description": metadata.description,
        "inLanguage": page.content_language,
        "keywords": ", ".join(keywords),
        "url": url,
        "mainEntityOfPage": url,
        "isPartOf": {"@type": "WebSite", "name": _("AI for Law Enforcement showcase")},
    }
    if published:
        data["datePublished"] = published
        data["dateModified"] = modified
    if metadata.image_url:
        data["image"] = metadata.image_url
    metadata.json_ld = json_ld_element(data)
    return metadata
