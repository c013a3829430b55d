"""What hangs off a case: its images (with the alt text screen readers announce) and its free tags."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import Orderable

#: A case may show at most this many images.
MAX_IMAGES = 6


class UseCaseTag(TaggedItemBase):
    """The link between a free tag (django-taggit) and a case."""

    content_object = ParentalKey("showcase.UseCasePage", on_delete=models.CASCADE, related_name="tagged_items")


class UseCaseImage(Orderable):
    """One image of a case (a screenshot or a diagram), with the alt text screen readers announce."""

    page = ParentalKey("showcase.UseCasePage", on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Public. JPEG, PNG or WebP."),
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("Public. Describe what the image shows for someone who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True, help_text=_("Public. Shown below the image."))

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
