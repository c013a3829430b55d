"""Demo submissions for local use: the demo submitter's organisation and three cases in different statuses.

Idempotent: each demo submission has a fixed start token, so a second run
finds it and changes nothing. Answers go through the wizard's own forms and
services, exactly as a person's would.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from portal import submission as services
from portal.models import Organisation, Submission, User
from portal.wizard import STEPS
from showcase import taxonomies

DEMO_NAMESPACE = uuid.UUID("5b0f0c55-55a1-4c1e-9a0e-0d3f5c2d7e11")


def _pk(model: type, slug: str) -> str:
    return str(model.objects.get(slug=slug).pk)


def _answers(title: str, summary: str, *, category: str, technique: str, crime_area: str) -> dict[str, dict[str, Any]]:
    return {
        "organisation": {
            "organisation_name": "Demo National Police",
            "show_organisation_name": "on",
            "organisation_type": _pk(taxonomies.OrganisationType, "national-police"),
            "countries": ["FR"],
            "contact_name": "Demo Submitter",
            "contact_email": "submitter@example.org",
            "contact_phone": "+33 1 00 00 00 00",
            "consent_to_publish": "on",
        },
        "use-case": {
            "title": title,
            "summary": summary,
            "content_language": "en",
            "deployment_stage": _pk(taxonomies.DeploymentStage, "pilot"),
            "use_categories": [_pk(taxonomies.UseCategory, category)],
            "crime_areas": [_pk(taxonomies.CrimeArea, crime_area)],
            "affected_persons": [_pk(taxonomies.AffectedPersonGroup, "suspects")],
            "problem": "Investigators spend weeks on a task a system can triage in hours.",
            "benefits": "Faster triage; investigators spend their time on the leads that matter.",
            "outputs": "A ranked list for an investigator to check.",
            "decision_role": _pk(taxonomies.DecisionRole, "recommends-or-prioritises"),
        },
        "technology": {
            "ai_techniques": [_pk(taxonomies.AITechnique, technique)],
            "build_approach": "in_house",
            "supplier_name": "",
            "data_summary": "Case data already held by the agency; no new collection.",
            "personal_data": "yes",
            "biometric_data": "no",
            "data_provenance": ["collected"],
            "data_inventory": "Seized material and case files, access-controlled.",
            "retention_limit": "yes",
            "retention_period": "As long as the case file",
            "supplier_may_reuse_data": "not_applicable",
            "supplier_data_terms": "",
            "security_accreditation": "Hosted on the agency's accredited network.",
        },
        "lawfulness": {
            "legal_basis_type": "statute",
            "legal_basis_detail": "Code of criminal procedure, investigative powers.",
            "legal_basis_summary": "The code of criminal procedure.",
            "legal_signoff": "yes",
            "coercive_use": "no",
            "prohibited_practices": ["none"],
            "necessity_proportionality": "Used only on material lawfully seized in an investigation.",
            "bulk_general_public": "no",
            "alternatives_considered": "yes",
            "alternatives_detail": "Manual review, which takes weeks.",
            "risk_tier_claimed": _pk(taxonomies.RiskTier, "high-risk-annex-iii"),
            "annex_iii_point": "6",
            "profiles_individuals": "no",
            "risk_class_reasoning": "Used by law enforcement on evidence (Annex III point 6).",
            "impact_assessments_summary": "DPIA completed.",
            "dpia_status": "completed",
            "dpia_date": "2025-02-01",
            "fria_status": "planned",
            "fria_date": "2026-06-01",
            "toolkit_status": "completed",
            "toolkit_date": "2025-03-01",
        },
        "oversight": {
            "human_review": "yes",
            "human_oversight": "An investigator checks every result before it is used.",
            "evaluation_basis": "field",
            "drift_monitoring": "yes",
            "per_group_testing": "no",
            "protected_traits_as_features": "no",
            "evaluation_summary": "Validated on closed cases.",
            "evaluation_detail": "",
            "redress_route_exists": "yes",
            "redress_route": "Through the court, like any evidence.",
            "output_used_as_evidence": "no",
            "use_disclosed": "yes",
            "explanation_method": "",
            "accountable_role": "Head of digital investigations",
            "accountable_person_name": "Demo Person",
            "logging_enabled": "yes",
            "logging_audit_summary": "Every query is logged and audited yearly.",
            "audit_detail": "",
        },
        "media": {"tags": "demo", "visibility": "public"},
    }


DEMO_SUBMISSIONS = (
    ("draft", "Demo draft: triage of seized phones", "digital-forensics", "deep-learning", "organized-crime"),
    ("submitted", "Demo submitted: transcription of intercepted calls", "speech-transcription-and-translation", "speech-and-audio", "drugs"),
    ("changes", "Demo changes requested: network analysis of fraud rings", "crime-pattern-and-network-analysis", "graph-and-network-analytics", "financial-crime-and-corruption"),
)


def ensure_demo_organisation(user: User) -> Organisation:
    if user.organisation_id:
        return user.organisation
    organisation = Organisation.objects.filter(name="Demo National Police", email_domain="example.org").first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name="Demo National Police",
            organisation_type=taxonomies.OrganisationType.objects.get(slug="national-police"),
            country="FR",
            email_domain="example.org",
        )
    user.organisation = organisation
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.membership_confirmed_at = user.membership_confirmed_at or timezone.now()  # its first member
    user.save(update_fields=["organisation", "email_verified_at", "membership_confirmed_at"])
    return organisation


def _fill(submission: Submission, answers: dict[str, dict[str, Any]]) -> Submission:
    for step in STEPS:
        if step.form_class is None:
            continue
        data = QueryDict(mutable=True)
        for name, value in answers[step.slug].items():
            data.setlist(name, value if isinstance(value, list) else [value])
        form = services.form_for(step, submission, data)
        if not form.is_valid():
            raise ValueError(f"Demo answers for {step.slug} are not valid: {form.errors.as_json()}")
        submission = services.save_step(submission, submission.submitter, form)
    return submission


def ensure_demo_submissions(submitter: User, reviewer: User | None = None) -> tuple[int, int]:
    """(created, kept) demo submissions of the demo submitter."""
    ensure_demo_organisation(submitter)
    created = kept = 0
    for key, title, category, technique, crime_area in DEMO_SUBMISSIONS:
        token = uuid.uuid5(DEMO_NAMESPACE, key)
        submission, is_new = services.start_submission(submitter, token)
        if not is_new:
            kept += 1
            continue
        created += 1
        summary = f"{title.split(': ', 1)[-1].capitalize()} — a fictional case for the demo."
        submission = _fill(submission, _answers(title, summary, category=category, technique=technique, crime_area=crime_area))
        if key in ("submitted", "changes"):
            services.submit(submission, submitter)
        if key == "changes":
            page = submission.page
            task_state = page.current_workflow_task_state
            if task_state is not None:
                # The reviewer's decision, as the review screen takes it (the task's own on_action).
                task_state.task.specific.on_action(
                    task_state, reviewer, "request_changes",
                    message="Please describe how the network analysis results are checked before anyone is questioned.",
                )
    return created, kept
