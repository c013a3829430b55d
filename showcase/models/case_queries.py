"""Queries over cases: who may see them, in which order, and what a catalogue card needs."""

from __future__ import annotations

from django.db.models import Prefetch
from wagtail.models import PageManager, PageQuerySet

from ..visibility import visible_pages
from .case_parts import UseCaseImage

#: The thumbnail rendition on catalogue cards (prefetched with the listing).
CARD_THUMBNAIL = "fill-480x270"


class UseCasePageQuerySet(PageQuerySet):
    def visible_to(self, user) -> "UseCasePageQuerySet":
        """Without the cases restricted to a group the user is not in (see showcase.visibility)."""
        return visible_pages(self, user)

    def newest_first(self) -> "UseCasePageQuerySet":
        return self.order_by("-first_published_at", "-pk")

    def with_card_data(self) -> "UseCasePageQuerySet":
        """Everything a catalogue card shows, in a fixed number of queries whatever the page size."""
        from wagtail.images import get_image_model

        image_with_thumbnail = get_image_model().objects.prefetch_renditions(CARD_THUMBNAIL)
        return self.select_related("organisation_type", "deployment_stage", "risk_tier_claimed").prefetch_related(
            "use_categories",
            Prefetch(
                "images",
                queryset=UseCaseImage.objects.order_by("sort_order").prefetch_related(
                    Prefetch("image", queryset=image_with_thumbnail)
                ),
            ),
        )


class UseCasePageManager(PageManager.from_queryset(UseCasePageQuerySet)):  # type: ignore[misc]
    pass
