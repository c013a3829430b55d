"""Test data builders: users, images and use-case pages with complete, valid defaults.

Plain functions (no factory library): each returns saved objects and takes
keyword overrides for the fields a test cares about.
"""

from __future__ import annotations

import io
import itertools
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from showcase.models import CataloguePage, UseCaseImage, UseCasePage
from showcase.taxonomies import (
    AffectedPersonGroup,
    AITechnique,
    CrimeArea,
    DecisionRole,
    DeploymentStage,
    OrganisationType,
    RiskTier,
    UseCategory,
)
from showcase.visibility import ATTENDEES_GROUP

_sequence = itertools.count(1)

#: What a submission holds that must never reach a page (portal.Submission's confidential fields).
CONFIDENTIAL_MARKERS = {
    "contact_name": "CONFIDENTIAL-MARKER-contact-person",
    "contact_email": "confidential-marker@example.invalid",
    "contact_phone": "+00 CONFIDENTIAL-MARKER-phone",
    "accountable_person": "CONFIDENTIAL-MARKER-accountable-person",
    "security_terms": "CONFIDENTIAL-MARKER-security-accreditation",
    "supplier_data_terms": "CONFIDENTIAL-MARKER-supplier-data-terms",
}

#: Every public text field of a case, with a distinct value each, for "every public field is shown" tests.
PUBLIC_TEXT_FIELDS = (
    "summary",
    "organisation_name",
    "problem",
    "benefits",
    "outputs",
    "data_summary",
    "legal_basis_summary",
    "necessity_proportionality",
    "impact_assessments_summary",
    "evaluation_summary",
    "human_oversight",
    "redress_route",
    "accountable_role",
    "logging_audit_summary",
    "supplier_name",
)


def catalogue() -> CataloguePage:
    return CataloguePage.objects.get()


def taxonomy(model, slug: str | None = None):
    queryset = model.objects.all()
    return queryset.get(slug=slug) if slug else queryset.filter(active=True).first()


def user(email: str | None = None, *, groups: tuple[str, ...] = (), password: str = "a-test-password", **fields):
    email = email or f"user{next(_sequence)}@example.org"
    account = get_user_model().objects.create_user(email, password, **fields)
    for name in groups:
        account.groups.add(Group.objects.get_or_create(name=name)[0])
    return account


def attendee(**fields):
    return user(groups=(ATTENDEES_GROUP,), **fields)


def image(title: str = "A test picture", size: tuple[int, int] = (1600, 900), color: str = "#0b3d6b"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"test-{next(_sequence)}.png")
    )


def use_case_values(**overrides: Any) -> dict[str, Any]:
    """Complete field values for an unsaved UseCasePage (foreign keys as objects)."""
    n = next(_sequence)
    values: dict[str, Any] = {
        "title": f"Test case {n}",
        "slug": f"test-case-{n}",
        "summary": f"PUBLIC-summary-{n}: what the system does.",
        "organisation_name": f"PUBLIC-organisation-{n}",
        "show_organisation_name": True,
        "organisation_type": taxonomy(OrganisationType, "national-police"),
        "countries": ["NL", "KE"],
        "deployment_stage": taxonomy(DeploymentStage, "pilot"),
        "problem": f"PUBLIC-problem-{n}",
        "benefits": f"PUBLIC-benefits-{n}",
        "outputs": f"PUBLIC-outputs-{n}",
        "decision_role": taxonomy(DecisionRole, "informs"),
        "legal_basis_summary": f"PUBLIC-legal-basis-{n}",
        "necessity_proportionality": f"PUBLIC-necessity-{n}",
        "risk_tier_claimed": taxonomy(RiskTier, "high-risk-annex-iii"),
        "annex_iii_point": "6",
        "impact_assessments_summary": f"PUBLIC-impact-{n}",
        "data_summary": f"PUBLIC-data-{n}",
        "build_approach": "supplier",
        "supplier_name": f"PUBLIC-supplier-{n}",
        "evaluation_summary": f"PUBLIC-evaluation-{n}",
        "human_oversight": f"PUBLIC-oversight-{n}",
        "redress_route": f"PUBLIC-redress-{n}",
        "accountable_role": f"PUBLIC-role-{n}",
        "logging_audit_summary": f"PUBLIC-logging-{n}",
        "content_language": "en",
        "visibility": "public",
    }
    values.update(overrides)
    return values


def unsaved_use_case(
    *,
    categories=("video-analytics",),
    techniques=("computer-vision",),
    crime_areas=("general-policing",),
    affected=("suspects",),
    **overrides: Any,
) -> UseCasePage:
    page = UseCasePage(**use_case_values(**overrides))
    page.use_categories = [taxonomy(UseCategory, slug) for slug in categories]
    page.ai_techniques = [taxonomy(AITechnique, slug) for slug in techniques]
    page.crime_areas = [taxonomy(CrimeArea, slug) for slug in crime_areas]
    page.affected_persons = [taxonomy(AffectedPersonGroup, slug) for slug in affected]
    return page


def use_case(
    *,
    parent: CataloguePage | None = None,
    images: int = 0,
    tags: tuple[str, ...] = (),
    publish: bool = True,
    via_revision: bool = False,
    **overrides: Any,
) -> UseCasePage:
    """A saved case under the catalogue; live unless ``publish=False``.

    ``via_revision=True`` publishes through Wagtail's revision path (as the
    admin and the workflow do); otherwise the page is saved live directly.
    """
    overrides.setdefault("first_published_at", timezone.now() - timedelta(minutes=next(_sequence)))
    page = unsaved_use_case(**overrides)
    if tags:
        page.tags.add(*tags)
    if images:
        page.images = [
            UseCaseImage(image=image(f"Figure {i + 1}"), alt_text=f"PUBLIC-alt-{i + 1}", caption=f"PUBLIC-caption-{i + 1}")
            for i in range(images)
        ]
    page.live = publish and not via_revision
    (parent or catalogue()).add_child(instance=page)
    if publish and via_revision:
        page.save_revision().publish()
        page.refresh_from_db()
    return page
