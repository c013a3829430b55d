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
    """An account; one given an ``organisation`` is its confirmed member unless ``membership_confirmed_at=None``."""
    email = email or f"user{next(_sequence)}@example.org"
    if fields.get("organisation") is not None:
        fields.setdefault("membership_confirmed_at", timezone.now())
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


# --- Submission portal (portal) ------------------------------------------------------------------

#: Valid answers for every wizard step, as the browser posts them (taxonomies by slug, resolved in step_data).
WIZARD_ANSWERS: dict[str, dict[str, Any]] = {
    "organisation": {
        "organisation_name": "PUBLIC-organisation-name",
        "show_organisation_name": "on",
        "organisation_type": ("OrganisationType", "national-police"),
        "countries": ["FR", "NL"],
        "contact_name": CONFIDENTIAL_MARKERS["contact_name"],
        "contact_email": CONFIDENTIAL_MARKERS["contact_email"],
        "contact_phone": CONFIDENTIAL_MARKERS["contact_phone"],
        "consent_to_publish": "on",
    },
    "use-case": {
        "title": "PUBLIC-title Licence plates at the border",
        "summary": "PUBLIC-summary Reads licence plates at border crossings and flags stolen vehicles.",
        "content_language": "en",
        "deployment_stage": ("DeploymentStage", "pilot"),
        "use_categories": [("UseCategory", "licence-plate-recognition")],
        "crime_areas": [("CrimeArea", "vehicle-crime")],
        "affected_persons": [("AffectedPersonGroup", "suspects")],
        "problem": "PUBLIC-problem Stolen vehicles cross the border unnoticed.",
        "benefits": "PUBLIC-benefits More recoveries.",
        "outputs": "PUBLIC-outputs An alert to the officer on duty.",
        "decision_role": ("DecisionRole", "recommends-or-prioritises"),
    },
    "technology": {
        "ai_techniques": [("AITechnique", "computer-vision")],
        "build_approach": "supplier",
        "supplier_name": "PUBLIC-supplier",
        "data_summary": "PUBLIC-data Images of number plates; no faces kept.",
        "personal_data": "yes",
        "biometric_data": "no",
        "data_provenance": ["collected"],
        "data_inventory": "CONFIDENTIAL-MARKER-data-inventory",
        "retention_limit": "yes",
        "retention_period": "30 days",
        "supplier_may_reuse_data": "no",
        "supplier_data_terms": CONFIDENTIAL_MARKERS["supplier_data_terms"],
        "security_accreditation": CONFIDENTIAL_MARKERS["security_terms"],
    },
    "lawfulness": {
        "legal_basis_type": "statute",
        "legal_basis_detail": "CONFIDENTIAL-MARKER-legal-basis-detail",
        "legal_basis_summary": "PUBLIC-legal Road traffic act.",
        "legal_signoff": "yes",
        "coercive_use": "yes",
        "prohibited_practices": ["none"],
        "necessity_proportionality": "PUBLIC-necessity Only at border crossings.",
        "bulk_general_public": "no",
        "alternatives_considered": "yes",
        "alternatives_detail": "CONFIDENTIAL-MARKER-alternatives",
        "risk_tier_claimed": ("RiskTier", "high-risk-annex-iii"),
        "annex_iii_point": "6",
        "profiles_individuals": "no",
        "risk_class_reasoning": "CONFIDENTIAL-MARKER-risk-reasoning",
        "impact_assessments_summary": "PUBLIC-impact DPIA completed in 2024.",
        "dpia_status": "completed",
        "dpia_date": "2024-05-01",
        "fria_status": "planned",
        "fria_date": "2026-01-15",
        "toolkit_status": "not_started",
        "toolkit_date": "",
        "other_assessment_name": "",
        "other_assessment_date": "",
    },
    "oversight": {
        "human_review": "yes",
        "human_oversight": "PUBLIC-oversight An officer checks every alert.",
        "evaluation_basis": "field",
        "drift_monitoring": "yes",
        "per_group_testing": "no",
        "protected_traits_as_features": "no",
        "evaluation_summary": "PUBLIC-evaluation 98% plate accuracy in the field.",
        "evaluation_detail": "CONFIDENTIAL-MARKER-evaluation-detail",
        "redress_route_exists": "yes",
        "redress_route": "PUBLIC-redress Complaint to the police ombudsman.",
        "output_used_as_evidence": "no",
        "use_disclosed": "yes",
        "explanation_method": "CONFIDENTIAL-MARKER-explanation",
        "accountable_role": "PUBLIC-role Head of border policing",
        "accountable_person_name": CONFIDENTIAL_MARKERS["accountable_person"],
        "logging_enabled": "yes",
        "logging_audit_summary": "PUBLIC-logging Every query is logged.",
        "audit_detail": "CONFIDENTIAL-MARKER-audit-detail",
    },
    "media": {"tags": "borders, vehicles", "visibility": "public", "alt_text": "", "caption": ""},
}


def _resolve(value: Any) -> Any:
    from showcase import taxonomies

    if isinstance(value, tuple):
        model_name, slug = value
        return str(getattr(taxonomies, model_name).objects.get(slug=slug).pk)
    if isinstance(value, list):
        return [_resolve(item) for item in value]
    return value


def step_data(slug: str, **overrides: Any) -> dict[str, Any]:
    """POST data for one wizard step: valid answers, with overrides (None removes a field)."""
    data = {name: _resolve(value) for name, value in WIZARD_ANSWERS[slug].items()}
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def organisation(name: str = "Test police agency", *, domain: str = "police.example.org", country: str = "FR", type_slug: str = "national-police"):
    from portal.models import Organisation

    return Organisation.objects.create(
        name=name, organisation_type=taxonomy(OrganisationType, type_slug), country=country, email_domain=domain
    )


def submitter(email: str | None = None, *, org=None, verified: bool = True, confirmed: bool = True, **fields):
    """A verified account in an organisation (a new one unless ``org`` is given), a confirmed member of it
    unless ``confirmed=False`` (then it waits for a colleague or an editor, see portal.membership)."""
    if not confirmed:
        fields["membership_confirmed_at"] = None
    account = user(email, organisation=org or organisation(), **fields)
    if verified:
        account.email_verified_at = timezone.now()
        account.save(update_fields=["email_verified_at"])
    return account


def draft_submission(owner=None):
    from portal.submission import start_submission

    return start_submission(owner or submitter())[0]


def complete_submission(owner=None, *, image_count: int = 0):
    """A submission with every step answered (not yet submitted), saved through the step forms."""
    from django.http import QueryDict

    from portal import submission as services
    from portal.wizard import STEPS

    item = draft_submission(owner)
    for step in STEPS:
        if step.form_class is None:
            continue
        query = QueryDict(mutable=True)
        for name, value in step_data(step.slug).items():
            query.setlist(name, value if isinstance(value, list) else [value])
        form = services.form_for(step, item, query)
        assert form.is_valid(), (step.slug, form.errors)
        item = services.save_step(item, item.submitter, form)
    if image_count:
        from showcase import drafts

        for index in range(image_count):
            drafts.add_image(item.page, item.submitter, image=image(f"Upload {index}"), alt_text=f"PUBLIC-alt {index}")
    item.refresh_from_db()
    return item


def png_bytes(size: tuple[int, int] = (64, 48), color: str = "#0b3d6b", fmt: str = "PNG", **save_options: Any) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()
