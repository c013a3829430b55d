"""The demo catalogue: plausible fictional cases, their pictures, and bulk-generated cases for benchmarks.

``seed_demo_catalogue()`` creates the demo cases through Wagtail's normal path
(``add_child`` + ``save_revision().publish()``), so they have revisions, are in
the admin search and behave like submitted cases. It is idempotent: cases are
keyed by slug and an existing one is left alone.

``generate_cases(n)`` adds ``n`` more cases quickly through ``demo.bulk``
(no revisions, no per-page indexing), numbered ``generated-000001`` onwards;
a second call continues the numbering.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from django_countries import countries
from wagtail.images import get_image_model

from showcase.models import CataloguePage, UseCaseImage, UseCasePage
from showcase.search.sync import indexing_paused
from showcase.taxonomies import (
    AffectedPersonGroup,
    AITechnique,
    CrimeArea,
    DecisionRole,
    DeploymentStage,
    OrganisationType,
    RiskTier,
    Taxonomy,
    UseCategory,
)
from showcase.visibility import ATTENDEES, PUBLIC

from .bulk import BulkCase, bulk_create_cases
from .content import (
    BOILERPLATE,
    EU_COUNTRIES,
    LOCAL_LANGUAGE_CASES,
    ORGANISATIONS,
    SCENARIOS,
    Organisation,
    Scenario,
)
from .images import draw_picture, file_name

#: How many demo cases are built from the scenarios (plus the local-language cases).
DEMO_CASE_COUNT = 62
#: The newest demo case's publication date; older ones go back from here (deterministic).
DEMO_ANCHOR = datetime(2025, 10, 1, 9, 0, tzinfo=UTC)
#: Generated cases are dated from here, 15 minutes apart, before the demo cases.
GENERATED_EPOCH = datetime(2023, 1, 1, tzinfo=UTC)
GENERATED_SLUG = re.compile(r"^generated-(\d+)$")

STAGE_ROTATION = ("in-operation", "pilot", "research-and-development", "in-operation", "concept", "retired")
IMAGE_COUNTS = (1, 0, 2, 1, 0, 3)  # by case number modulo 6: about two thirds of the cases have pictures
SUPPLIERS = ("Northwind Vision", "Clearpath Analytics", "Oriel Systems", "Bluefin Software", "Quillon Labs")
UNITS = ("Digital Investigations", "Forensic Services", "Criminal Intelligence", "Operational Support", "Innovation")
PICTURE_SUBJECTS = {"bar": "Alerts reviewed", "line": "Model", "network": "Case data", "flow": "System"}

Log = Callable[[str], None]


@dataclass
class DemoCase:
    """Everything needed to create one demo case; built without touching the database."""

    slug: str
    title: str
    language: str
    organisation: Organisation
    scenario: Scenario
    stage: str
    risk_tier: str
    visibility: str
    show_organisation_name: bool
    published: datetime
    images: int
    text: dict[str, str]
    tags: tuple[str, ...]
    supplier: str = ""


@dataclass
class SeedResult:
    created: int = 0
    kept: int = 0
    images: int = 0
    slugs: list[str] = field(default_factory=list)


def _organisation(name: str) -> Organisation:
    return next(org for org in ORGANISATIONS if org.name == name)


def _scenario(key: str) -> Scenario:
    return next(s for s in SCENARIOS if s.key == key)


def _texts(scenario: Scenario, org: Organisation, number: int, risk_tier: str) -> dict[str, str]:
    b = BOILERPLATE
    org_kind = "agency's" if org.type != "academia-or-research" else "institute's"
    return {
        "summary": scenario.summary,
        "problem": scenario.problem,
        "benefits": scenario.benefits,
        "outputs": scenario.outputs,
        "data_summary": scenario.data,
        "human_oversight": scenario.oversight,
        "legal_basis_summary": b.legal_basis.format(org_kind=org_kind),
        "necessity_proportionality": b.necessity.format(crime=scenario.crime_areas[0].replace("-", " ")),
        "impact_assessments_summary": b.impact.format(
            year=DEMO_ANCHOR.year - number % 3,
            fria="completed" if risk_tier == "high-risk-annex-iii" else "not required for this use",
        ),
        "evaluation_summary": b.evaluation.format(test_size=200 + (number * 37) % 800),
        "redress_route": b.redress,
        "accountable_role": b.accountable_role.format(unit=UNITS[number % len(UNITS)]),
        "logging_audit_summary": b.logging,
    }


def demo_cases() -> list[DemoCase]:
    """The demo catalogue, deterministic: the same list on every run."""
    cases = []
    for number in range(DEMO_CASE_COUNT):
        scenario = SCENARIOS[number % len(SCENARIOS)]
        variant = number // len(SCENARIOS)
        org = ORGANISATIONS[(number * 7) % len(ORGANISATIONS)]
        show_name = number % 5 != 4
        # An anonymised case is told apart by its country, not by a hint of the organisation's name.
        suffix = org.label if show_name else countries.name(org.countries[0])
        title = scenario.title if variant == 0 else f"{scenario.title} ({suffix})"
        in_eu = bool(set(org.countries) & EU_COUNTRIES)
        risk_tier = scenario.risk_tier if in_eu or number % 3 else "outside-eu-scope"
        cases.append(
            DemoCase(
                slug=slugify(title),
                title=title,
                language="en",
                organisation=org,
                scenario=scenario,
                stage=scenario.stage or STAGE_ROTATION[(number + variant) % len(STAGE_ROTATION)],
                risk_tier=risk_tier,
                visibility=ATTENDEES if number % 8 == 3 else PUBLIC,
                show_organisation_name=show_name,
                published=DEMO_ANCHOR - timedelta(days=6 * number, hours=number % 7),
                images=IMAGE_COUNTS[number % len(IMAGE_COUNTS)],
                text=_texts(scenario, org, number, risk_tier),
                tags=scenario.tags,
                supplier=SUPPLIERS[number % len(SUPPLIERS)] if scenario.build in ("supplier", "mixed") else "",
            )
        )
    for offset, spec in enumerate(LOCAL_LANGUAGE_CASES, start=DEMO_CASE_COUNT):
        scenario = _scenario(spec["scenario"])
        text = {
            key: spec[key]
            for key in (
                "summary",
                "problem",
                "benefits",
                "outputs",
                "legal_basis_summary",
                "necessity_proportionality",
                "impact_assessments_summary",
                "evaluation_summary",
                "redress_route",
                "accountable_role",
                "logging_audit_summary",
            )
        }
        text["data_summary"], text["human_oversight"] = spec["data"], spec["oversight"]
        cases.append(
            DemoCase(
                slug=spec["slug"],
                title=spec["title"],
                language=spec["language"],
                organisation=_organisation(spec["organisation"]),
                scenario=scenario,
                stage="in-operation",
                risk_tier="outside-eu-scope",
                visibility=PUBLIC,
                show_organisation_name=True,
                published=DEMO_ANCHOR - timedelta(days=3 * offset + 1),
                images=1,
                text=text,
                tags=scenario.tags,
                supplier=SUPPLIERS[offset % len(SUPPLIERS)] if scenario.build in ("supplier", "mixed") else "",
            )
        )
    return cases


class TaxonomyLookup:
    """Taxonomy values by slug, loaded once; a missing slug is a bug in the demo content."""

    def __init__(self) -> None:
        self._values: dict[type[Taxonomy], dict[str, Taxonomy]] = {}

    def __call__(self, model: type[Taxonomy], slug: str) -> Taxonomy:
        if model not in self._values:
            self._values[model] = {value.slug: value for value in model.objects.all()}
        try:
            return self._values[model][slug]
        except KeyError:
            raise LookupError(f"{model.__name__} {slug!r} does not exist; run the migrations") from None

    def many(self, model: type[Taxonomy], slugs: tuple[str, ...]) -> list[Taxonomy]:
        return [self(model, slug) for slug in slugs]


def _picture_images(case: DemoCase, number: int) -> list[UseCaseImage]:
    Image = get_image_model()
    items = []
    kinds = [case.scenario.chart, "flow", "line" if case.scenario.chart != "line" else "bar"]
    for index in range(case.images):
        kind = kinds[index % len(kinds)]
        picture = draw_picture(kind, seed=number * 10 + index, subject=PICTURE_SUBJECTS[kind], steps=case.scenario.flow)
        image = Image.objects.create(
            title=f"{case.title} — figure {index + 1}",
            file=ImageFile(io.BytesIO(picture.png), name=file_name()),
        )
        items.append(UseCaseImage(image=image, alt_text=picture.alt_text, caption=picture.caption, sort_order=index))
    return items


def build_case_page(case: DemoCase, lookup: TaxonomyLookup, number: int) -> UseCasePage:
    """An unsaved page for a demo case, relations and pictures attached in memory."""
    scenario = case.scenario
    page = UseCasePage(
        title=case.title,
        slug=case.slug,
        content_language=case.language,
        organisation_name=case.organisation.name,
        show_organisation_name=case.show_organisation_name,
        organisation_type=lookup(OrganisationType, case.organisation.type),
        countries=list(case.organisation.countries),
        deployment_stage=lookup(DeploymentStage, case.stage),
        decision_role=lookup(DecisionRole, scenario.decision_role),
        risk_tier_claimed=lookup(RiskTier, case.risk_tier),
        annex_iii_point=scenario.annex_iii_point,
        build_approach=scenario.build,
        supplier_name=case.supplier,
        visibility=case.visibility,
        first_published_at=case.published,
        **case.text,
    )
    page.use_categories = lookup.many(UseCategory, scenario.categories)
    page.ai_techniques = lookup.many(AITechnique, scenario.techniques)
    page.crime_areas = lookup.many(CrimeArea, scenario.crime_areas)
    page.affected_persons = lookup.many(AffectedPersonGroup, scenario.affected)
    page.tags.add(*case.tags)
    page.images = _picture_images(case, number)
    return page


def demo_catalogue() -> CataloguePage:
    catalogue = CataloguePage.objects.order_by("path").first()
    if catalogue is None:
        raise LookupError("No catalogue page: run `manage.py migrate` first")
    return catalogue


def seed_demo_catalogue(log: Log | None = None) -> SeedResult:
    """Create the demo cases that do not exist yet (by slug) and publish them."""
    catalogue = demo_catalogue()
    existing = set(UseCasePage.objects.child_of(catalogue).values_list("slug", flat=True))
    lookup = TaxonomyLookup()
    result = SeedResult()
    created_ids = []
    # One bulk index update at the end instead of one task per publication.
    with indexing_paused():
        for number, case in enumerate(demo_cases()):
            if case.slug in existing:
                result.kept += 1
                continue
            with transaction.atomic():
                page = build_case_page(case, lookup, number)
                catalogue.add_child(instance=page)
                page.save_revision().publish()
            created_ids.append(page.pk)
            result.created += 1
            result.images += case.images
            result.slugs.append(case.slug)
            if log and result.created % 20 == 0:
                log(f"  … {result.created} demo cases created")
    index_in_bulk(UseCasePage.objects.filter(pk__in=created_ids), log)
    return result


def index_in_bulk(cases, log: Log | None = None) -> None:
    """Add bulk-created cases to the catalogue index, when Elasticsearch is configured and has one."""
    from showcase.search.connection import is_configured
    from showcase.search.indexing import bulk_index

    if not is_configured() or not cases.exists():
        return
    try:
        count = bulk_index(cases)
    except Exception as error:  # noqa: BLE001 - demo data must load even when the search node is down
        if log:
            log(f"  (catalogue index not updated: {error}; run `manage.py rebuild_catalogue_index`)")
        return
    if log and count:
        log(f"  … {count} cases added to the catalogue index")


# --- Generated cases (benchmarks) -------------------------------------------------------


def _next_generated_number(catalogue: CataloguePage) -> int:
    numbers = [
        int(match.group(1))
        for slug in UseCasePage.objects.child_of(catalogue).filter(slug__startswith="generated-").values_list(
            "slug", flat=True
        )
        if (match := GENERATED_SLUG.match(slug))
    ]
    return max(numbers, default=0) + 1


def _taxonomy_ids(model: type[Taxonomy]) -> list[int]:
    return list(model.objects.filter(active=True).order_by("sort_order", "pk").values_list("pk", flat=True))


def generated_case(number: int, ids: dict[str, list[int]]) -> BulkCase:
    """A deterministic case for benchmarks, its values rotated through every taxonomy."""
    scenario = SCENARIOS[number % len(SCENARIOS)]
    org = ORGANISATIONS[(number * 7) % len(ORGANISATIONS)]

    def pick(name: str, count: int = 1) -> list[int]:
        values = ids[name]
        return sorted({values[(number * (k + 3) + k) % len(values)] for k in range(count)})

    title = f"{scenario.title} (generated case {number})"
    fields: dict[str, Any] = {
        **_texts(scenario, org, number, "minimal"),
        "content_language": "en",
        "organisation_name": org.name,
        "show_organisation_name": number % 5 != 4,
        "organisation_type_id": pick("organisation_type")[0],
        "countries": list(org.countries),
        "deployment_stage_id": pick("deployment_stage")[0],
        "decision_role_id": pick("decision_role")[0],
        "risk_tier_claimed_id": pick("risk_tier")[0],
        "annex_iii_point": scenario.annex_iii_point,
        "build_approach": scenario.build,
        "supplier_name": SUPPLIERS[number % len(SUPPLIERS)] if scenario.build in ("supplier", "mixed") else "",
        "visibility": ATTENDEES if number % 10 == 7 else PUBLIC,
    }
    return BulkCase(
        title=title,
        slug=f"generated-{number:06d}",
        first_published_at=GENERATED_EPOCH + timedelta(minutes=15 * number),
        fields=fields,
        relations={
            "use_categories": pick("use_categories", 1 + number % 2),
            "ai_techniques": pick("ai_techniques", 1 + number % 3),
            "crime_areas": pick("crime_areas", 1 + number % 2),
            "affected_persons": pick("affected_persons", 1 + number % 2),
        },
        tags=scenario.tags[: 1 + number % 2],
    )


@dataclass(frozen=True)
class GenerateResult:
    created: int
    first_number: int
    seconds: float
    page_ids: list[int] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.created / self.seconds if self.seconds else float("inf")


def generate_cases(count: int, batch_size: int = 500, index: bool = True) -> GenerateResult:
    """Add ``count`` generated live cases in bulk (see demo.bulk); numbering continues from the last run.

    With ``index`` (the default) they are then added to an existing catalogue index in bulk.
    """
    started = time.perf_counter()
    catalogue = demo_catalogue()
    first = _next_generated_number(catalogue)
    ids = {
        "organisation_type": _taxonomy_ids(OrganisationType),
        "deployment_stage": _taxonomy_ids(DeploymentStage),
        "decision_role": _taxonomy_ids(DecisionRole),
        "risk_tier": _taxonomy_ids(RiskTier),
        "use_categories": _taxonomy_ids(UseCategory),
        "ai_techniques": _taxonomy_ids(AITechnique),
        "crime_areas": _taxonomy_ids(CrimeArea),
        "affected_persons": _taxonomy_ids(AffectedPersonGroup),
    }
    cases = [generated_case(number, ids) for number in range(first, first + count)]
    page_ids = bulk_create_cases(catalogue, cases, batch_size=batch_size)
    if index:
        index_in_bulk(UseCasePage.objects.filter(pk__in=page_ids))
    return GenerateResult(created=count, first_number=first, seconds=time.perf_counter() - started, page_ids=page_ids)


# --- Demo permissions ---------------------------------------------------------------------


def grant_demo_catalogue_permissions() -> None:
    """Editors curate taxonomies in the demo.

    Page permissions on the catalogue come from ``moderation.setup_moderation``
    (run after every migrate): nobody gets ``publish_page``, so in the demo too a
    case reaches the public only through the review and the sign-off.
    """
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from showcase.taxonomies import TAXONOMY_MODELS

    editors = Group.objects.get_or_create(name="Editors")[0]
    content_types = ContentType.objects.get_for_models(*TAXONOMY_MODELS).values()
    editors.permissions.add(
        *Permission.objects.filter(content_type__in=content_types, codename__regex=r"^(add|change)_")
    )
