"""The search thesaurus editors keep: groups of equivalent terms and one-way expansions (a snippet).

An entry either makes its terms equivalent (a query with any of them also finds
the others: "ANPR, number plate recognition") or, when "expands to" is filled,
expands one way (a query with "face matching" also looks for "facial
recognition", not the other way round). Both search backends apply the thesaurus
when a query arrives (``showcase.search.expansion``), so a saved change takes
effect on the next search without reindexing. Seeded by the data migration
``0009_seed_search_thesaurus`` from ``showcase.thesaurus_seed``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from ..forms import TypedTextAdminForm
from ..thesaurus_terms import MAX_TERM_LENGTH, MAX_TERMS, split_terms


class ThesaurusEntry(index.Indexed, models.Model):
    terms = models.TextField(
        _("terms"),
        max_length=2000,
        help_text=_(
            "Words or phrases, separated by commas, e.g. “ANPR, ALPR, number plate recognition”. "
            "Case and accents do not matter."
        ),
    )
    expands_to = models.TextField(
        _("expands to"),
        max_length=2000,
        blank=True,
        help_text=_(
            "Leave empty to make the terms equivalent. Fill in (comma-separated) for a one-way expansion: "
            "a query with one of the terms also looks for these, not the other way round."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("Optional: why this entry exists."))
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    base_form_class = TypedTextAdminForm
    panels = [FieldPanel("terms"), FieldPanel("expands_to"), FieldPanel("note"), FieldPanel("active")]
    search_fields = [index.SearchField("terms"), index.SearchField("expands_to"), index.AutocompleteField("terms")]

    class Meta:
        verbose_name = _("thesaurus entry")
        verbose_name_plural = _("thesaurus entries")
        ordering = ["terms"]

    def __str__(self) -> str:
        text = self.terms if not self.expands_to else f"{self.terms} → {self.expands_to}"
        return text if len(text) <= 80 else text[:79] + "…"

    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def expansion_list(self) -> list[str]:
        return split_terms(self.expands_to)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        for field, terms in (("terms", self.term_list()), ("expands_to", self.expansion_list())):
            if len(terms) > MAX_TERMS:
                errors[field] = _("At most %(n)d terms.") % {"n": MAX_TERMS}
            elif any(len(term) > MAX_TERM_LENGTH for term in terms):
                errors[field] = _("Each term may be at most %(n)d characters long.") % {"n": MAX_TERM_LENGTH}
        if not self.term_list():
            errors["terms"] = _("Enter at least one word or phrase.")
        elif not self.expands_to.strip() and len(self.term_list()) < 2:
            errors["terms"] = _("Equivalent terms need at least two terms, or fill in “expands to”.")
        elif self.expands_to.strip() and not self.expansion_list():
            errors["expands_to"] = _("Enter at least one word or phrase.")
        if errors:
            raise ValidationError(errors)
