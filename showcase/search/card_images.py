"""The result cards' thumbnails: each case's first image as its ``<img>`` tag, remembered per catalogue stamp.

Every cold catalogue page used to read the 20 cards' images and renditions (two statements)
after Elasticsearch answered. A case's images are part of its page (``UseCaseImage`` rows,
written when it is published), and the catalogue stamp (``CatalogueStamp``) moves in the
transaction of every page save, publish, unpublish, move or deletion and of every image save
or deletion (``showcase.stamp_signals``): a tag made under the stamp this request read first is
valid until it moves. It is read *before* the rows (``stamp.stamp_now``), so a tag built from
newer rows may be kept under an older stamp, never the reverse.

Only presentation is kept, by page id: which cases a visitor sees still comes from the search
(Elasticsearch's audience filter, or the database's ``visible_pages``), per request; a case's
thumbnail is the same for every visitor allowed to see the case.
"""

from __future__ import annotations

import html
import threading
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from ..models import CARD_THUMBNAIL, UseCaseImage
from .results import Hit
from .stamp import stamp_now
from .taxonomy_names import forget_with_labels

_THUMBNAIL = Filter(spec=CARD_THUMBNAIL)
#: More cases than this in one stamp's memo: it starts again (a crawler paging through everything).
MAX_REMEMBERED = 50_000

_lock = threading.Lock()
_memo: dict[str, Any] = {"stamp": None, "tags": {}}


def forget() -> None:
    """Drop every remembered tag (tests; the stamp makes it unnecessary otherwise)."""
    with _lock:
        _memo["stamp"], _memo["tags"] = None, {}


forget_with_labels(forget)  # the test suite resets the process's memos through invalidate_labels


def _remembered(stamp: Any) -> dict[int, str]:
    with _lock:
        if _memo["stamp"] != stamp or len(_memo["tags"]) > MAX_REMEMBERED:
            _memo["stamp"], _memo["tags"] = stamp, {}
        return _memo["tags"]


def attach_images(hits: list[Hit]) -> None:
    """Give each card its thumbnail's ``<img>`` (``Hit.image_html``); the database only for cases not seen at this stamp."""
    stamp = stamp_now()
    tags = _remembered(stamp)
    missing = [hit.page_id for hit in hits if hit.may_have_image and hit.page_id not in tags]
    found = _read_tags(missing) if missing else {}
    if found:
        with _lock:
            if _memo["stamp"] == stamp:  # not under a newer stamp another request started meanwhile
                tags.update(found)
    for hit in hits:
        hit.image_html = (found.get(hit.page_id) or tags.get(hit.page_id, "")) if hit.may_have_image else ""


def _read_tags(page_ids: list[int]) -> dict[int, str]:
    """``{page id: <img> of its first image, or ""}``, in two statements whatever the number of pages."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_THUMBNAIL)
    images = (
        UseCaseImage.objects.filter(page_id__in=page_ids)
        .order_by("page_id", "sort_order", "pk")
        .select_related("image")
        # The attribute Wagtail's prefetch_renditions() fills, so get_rendition() needs no query.
        .prefetch_related(Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions"))
    )
    first: dict[int, UseCaseImage] = {}
    for item in images:
        first.setdefault(item.page_id, item)
    return {pk: _thumbnail_tag(first[pk].image, first[pk].alt_text) if pk in first else "" for pk in page_ids}


def _thumbnail_tag(image: Any, alt: str) -> str:
    """The card's ``<img>``, as Wagtail's ``img_tag`` writes it, from the prefetched rendition.

    ``get_rendition`` would also rebuild the filter and write the rendition to the cache, on every card.
    """
    rendition = None
    if not image.is_svg():
        try:
            rendition = image.find_existing_rendition(_THUMBNAIL)
        except ObjectDoesNotExist:
            pass
    if rendition is None:
        rendition = image.get_rendition(_THUMBNAIL)  # made now (first view), or an SVG's own spec
    attrs = {"src": rendition.url, "width": rendition.width, "height": rendition.height, "alt": alt,
             "class": "case-card__image", "loading": "lazy"}
    return "<img" + "".join(f' {name}="{html.escape(str(value))}"' for name, value in attrs.items()) + ">"
