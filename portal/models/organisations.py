"""The organisation a submitter belongs to."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Organisation(models.Model):
    """The organisation a submitter belongs to; its confirmed members are colleagues who may read each other's submissions.

    A registration asks to join an existing organisation only when the name,
    the country and a non-free-mail e-mail domain all match, and a confirmed
    member or an editor must confirm it (``portal.membership``): typing a
    police agency's name, or having an address at its domain, is not enough
    to read its submissions.
    """

    name = models.CharField(_("name"), max_length=200)
    organisation_type = models.ForeignKey(
        "showcase.OrganisationType",
        verbose_name=_("organisation type"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    country = CountryField(_("country"))
    email_domain = models.CharField(
        _("e-mail domain"),
        max_length=253,
        blank=True,
        help_text=_("Members' verified e-mail domain; a new registration joins this organisation only with it."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        permissions = [("confirm_membership", _("Can confirm or refuse people who ask to join an organisation"))]

    def __str__(self) -> str:
        return self.name
