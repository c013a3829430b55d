"""How the Wagtail admin lays out a case's edit form: one tab per part of the case.

https://docs.wagtail.org/en/stable/reference/pages/panels.html
"""

from __future__ import annotations

from django.forms import CheckboxSelectMultiple, Textarea
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Page

from .case_parts import MAX_IMAGES

CONTENT = Page.content_panels + [
    FieldPanel("summary", widget=Textarea(attrs={"rows": 3, "maxlength": 350})),
    FieldPanel("content_language"),
    MultiFieldPanel(
        [
            FieldPanel("organisation_name"),
            FieldPanel("show_organisation_name"),
            FieldPanel("organisation_type"),
            FieldPanel("countries"),
        ],
        heading=_("Organisation and countries"),
    ),
    MultiFieldPanel(
        [FieldPanel("deployment_stage"), FieldPanel("problem"), FieldPanel("benefits")],
        heading=_("The problem and benefits"),
    ),
]
TECHNOLOGY = [
    MultiFieldPanel(
        [
            FieldPanel("use_categories", widget=CheckboxSelectMultiple),
            FieldPanel("ai_techniques", widget=CheckboxSelectMultiple),
            FieldPanel("crime_areas", widget=CheckboxSelectMultiple),
            FieldPanel("affected_persons", widget=CheckboxSelectMultiple),
        ],
        heading=_("Classification"),
    ),
    MultiFieldPanel(
        [
            FieldPanel("outputs"),
            FieldPanel("decision_role"),
            FieldRowPanel([FieldPanel("build_approach"), FieldPanel("supplier_name")]),
        ],
        heading=_("How it works"),
    ),
    FieldPanel("data_summary"),
]
SAFEGUARDS = [
    FieldPanel("legal_basis_summary"),
    FieldPanel("necessity_proportionality"),
    FieldRowPanel([FieldPanel("risk_tier_claimed"), FieldPanel("annex_iii_point")]),
    FieldPanel("impact_assessments_summary"),
    FieldPanel("evaluation_summary"),
    FieldPanel("human_oversight"),
    FieldPanel("redress_route"),
    FieldPanel("accountable_role"),
    FieldPanel("logging_audit_summary"),
]
MEDIA = [
    InlinePanel("images", label=_("Images"), max_num=MAX_IMAGES, heading=_("Images (up to six)")),
    FieldPanel("tags"),
]
SETTINGS = [FieldPanel("visibility")] + Page.settings_panels

EDIT_HANDLER = TabbedInterface(
    [
        ObjectList(CONTENT, heading=_("Case")),
        ObjectList(TECHNOLOGY, heading=_("Technology and data")),
        ObjectList(SAFEGUARDS, heading=_("Safeguards")),
        ObjectList(MEDIA, heading=_("Images and tags")),
        ObjectList(Page.promote_panels, heading=_("Promote")),
        ObjectList(SETTINGS, heading=_("Settings")),
    ]
)
