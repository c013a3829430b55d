"""Fixtures for the search tests: a private index per test, cases with known facets, slow/closed servers.

Every test that touches Elasticsearch gets its own ``CATALOGUE_INDEX_PREFIX``
(so tests never see each other's documents) and its indices are deleted
afterwards. ``catalogue_index.build()`` runs the real rebuild and refreshes.
``indexed_once``: the known cases on each backend, built once for a module whose tests only read.
"""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.db import transaction
from django.test import override_settings

from showcase.search.connection import breaker
from showcase.taxonomies import DeploymentStage, OrganisationType, RiskTier
from tests import factories


@pytest.fixture(autouse=True)
def _closed_breaker() -> Iterator[None]:
    breaker.reset()
    yield
    breaker.reset()


@dataclass
class CatalogueIndex:
    client: object
    prefix: str

    def build(self) -> None:
        from showcase.search.rebuild import rebuild

        rebuild(grace_seconds=0, client=self.client)
        self.refresh()

    def refresh(self) -> None:
        from showcase.search.connection import alias_name

        self.client.indices.refresh(index=alias_name())

    def doc(self, page_id: int) -> dict | None:
        from showcase.search.connection import alias_name

        response = self.client.options(ignore_status=404).get(index=alias_name(), id=page_id)
        return response.body.get("_source") if response.body.get("found") else None


@pytest.fixture
def catalogue_index(settings, es_client) -> Iterator[CatalogueIndex]:
    """A private, empty namespace on the real node; ``build()`` indexes the cases in the database."""
    prefix = f"test-aishowcase-{uuid.uuid4().hex[:10]}"
    settings.CATALOGUE_INDEX_PREFIX = prefix
    yield CatalogueIndex(es_client, prefix)
    # Deleting by wildcard is refused (action.destructive_requires_name): name each index.
    for name in es_client.indices.get(index=f"{prefix}-cases*", expand_wildcards="all").body:
        es_client.options(ignore_status=404).indices.delete(index=name)


BACKENDS = [
    pytest.param("database", marks=pytest.mark.embedded, id="database"),
    pytest.param("elasticsearch", marks=pytest.mark.elasticsearch, id="elasticsearch"),
]


@pytest.fixture(params=BACKENDS)
def backend(request, settings) -> Iterator[str]:
    """Parametrises a test over both backends; the Elasticsearch one gets a private index."""
    if request.param == "elasticsearch":
        request.getfixturevalue("catalogue_index")
    else:
        settings.ELASTICSEARCH_URL = ""
    yield request.param


def index_if_needed(backend: str, request: pytest.FixtureRequest) -> None:
    if backend == "elasticsearch":
        request.getfixturevalue("catalogue_index").build()


# --- A catalogue with known facet values ----------------------------------------------------------


def known_catalogue() -> dict[str, object]:
    """Seven cases whose facets and words are chosen so every count is predictable."""
    stage = lambda slug: factories.taxonomy(DeploymentStage, slug)  # noqa: E731
    org = lambda slug: factories.taxonomy(OrganisationType, slug)  # noqa: E731
    tier = lambda slug: factories.taxonomy(RiskTier, slug)  # noqa: E731
    when = lambda year, day=1: datetime(year, 3, day, 12, 0, tzinfo=UTC)  # noqa: E731
    cases = {
        "plates": factories.use_case(
            title="Roadside cameras for stolen cars",
            summary="Cameras perform licence plate recognition on motorway traffic.",
            categories=("licence-plate-recognition",),
            techniques=("computer-vision",),
            crime_areas=("vehicle-crime",),
            affected=("general-public",),
            countries=["NL"],
            deployment_stage=stage("in-operation"),
            organisation_type=org("national-police"),
            risk_tier_claimed=tier("high-risk-annex-iii"),
            tags=("Cameras", "Motorway"),
            first_published_at=when(2024),
        ),
        "faces": factories.use_case(
            title="Retrospective face matching",
            summary="Investigators compare stills with a custody image database using facial recognition.",
            categories=("facial-recognition-retrospective",),
            techniques=("computer-vision", "biometrics"),
            crime_areas=("organized-crime",),
            affected=("suspects",),
            countries=["DE", "FR"],
            deployment_stage=stage("pilot"),
            organisation_type=org("national-police"),
            risk_tier_claimed=tier("high-risk-annex-iii"),
            tags=("Cameras",),
            first_published_at=when(2024, 2),
        ),
        "triage": factories.use_case(
            title="Emergency call triage assistant",
            summary="Speech transcription helps call takers prioritise emergency calls.",
            categories=("emergency-call-triage",),
            techniques=("speech-and-audio", "natural-language-processing"),
            crime_areas=("general-policing",),
            affected=("general-public", "victims"),
            countries=["KE"],
            deployment_stage=stage("pilot"),
            organisation_type=org("local-or-regional-police"),
            risk_tier_claimed=tier("minimal"),
            tags=("Calls",),
            first_published_at=when(2023),
        ),
        "forensics": factories.use_case(
            title="Phone extraction review",
            summary="Digital forensics software sorts seized phone images for examiners.",
            categories=("digital-forensics",),
            techniques=("computer-vision", "classical-machine-learning"),
            crime_areas=("crimes-against-children",),
            affected=("victims",),
            countries=["BR"],
            deployment_stage=stage("in-operation"),
            organisation_type=org("national-police"),
            risk_tier_claimed=tier("high-risk-annex-iii"),
            first_published_at=when(2022),
        ),
        "chatbot": factories.use_case(
            title="Citizen reporting chatbot",
            summary="A chatbot answers questions and files minor reports with a large language model.",
            categories=("chatbots-and-virtual-assistants",),
            techniques=("generative-ai",),
            crime_areas=("general-policing",),
            affected=("general-public",),
            countries=["NL", "BE"],
            deployment_stage=stage("concept"),
            organisation_type=org("industry"),
            risk_tier_claimed=tier("transparency-obligations"),
            tags=("Motorway",),
            first_published_at=when(2025),
        ),
        "secret": factories.use_case(
            title="Attendees only: covert plate watchlist",
            summary="Unmarked cars perform licence plate recognition against a watchlist.",
            categories=("licence-plate-recognition",),
            techniques=("computer-vision",),
            crime_areas=("organized-crime",),
            affected=("suspects",),
            countries=["NL"],
            deployment_stage=stage("in-operation"),
            organisation_type=org("national-police"),
            risk_tier_claimed=tier("high-risk-annex-iii"),
            tags=("Cameras", "Covert"),
            visibility="attendees",
            first_published_at=when(2025, 2),
        ),
        "draft": factories.use_case(
            title="Unpublished plate draft",
            summary="A draft about licence plate recognition that nobody may find.",
            categories=("licence-plate-recognition",),
            publish=False,
        ),
    }
    return cases


@pytest.fixture
def known_cases(db) -> dict[str, object]:
    return known_catalogue()


class KnownCatalogue(dict):
    """The known cases by name, and the backend they were indexed on (``database`` or ``elasticsearch``)."""

    def __init__(self, cases: dict[str, object], *, backend: str) -> None:
        super().__init__(cases)
        self.backend = backend


@pytest.fixture(scope="module", params=BACKENDS)
def catalogue_built_once(request, module_db) -> Iterator[KnownCatalogue]:
    """The known cases on one backend, created (and indexed) once for the module.

    Only for a module whose tests all use it (through ``indexed_once``) and only read: a test of the
    module that does not ask for it would still see these cases.
    """
    # Each backend's cases in their own savepoint: the second backend of the module must not find the
    # first one's cases still in the database (its index would hold both sets).
    blocker = request.getfixturevalue("django_db_blocker")
    if request.param == "database":
        with blocker.unblock(), transaction.atomic():
            with override_settings(ELASTICSEARCH_URL=""):
                cases = KnownCatalogue(known_catalogue(), backend=request.param)
            yield cases
            transaction.set_rollback(True)
        return
    from elasticsearch import Elasticsearch

    client = Elasticsearch(request.getfixturevalue("elasticsearch_url"), request_timeout=30)
    prefix = f"test-aishowcase-{uuid.uuid4().hex[:10]}"
    try:
        with blocker.unblock(), transaction.atomic(), override_settings(CATALOGUE_INDEX_PREFIX=prefix):
            cases = KnownCatalogue(known_catalogue(), backend=request.param)
            CatalogueIndex(client, prefix).build()
            yield cases
            transaction.set_rollback(True)
    finally:
        for name in client.indices.get(index=f"{prefix}-cases*", expand_wildcards="all").body:
            client.options(ignore_status=404).indices.delete(index=name)
        client.close()


@pytest.fixture
def indexed_once(catalogue_built_once, settings) -> KnownCatalogue:
    """``catalogue_built_once`` for one test; on the database backend, Elasticsearch is switched off for it."""
    if catalogue_built_once.backend == "database":
        # Per test, not for the module: the elasticsearch marker check of the tests that follow reads it.
        settings.ELASTICSEARCH_URL = ""
    return catalogue_built_once


# --- Servers that are not Elasticsearch -----------------------------------------------------------


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening (connections are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A real TCP server that accepts connections and never answers: a hung Elasticsearch."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _addr = server.accept()
            except OSError:
                continue
            accepted.append(conn)  # keep it open, read nothing, answer nothing

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=2)
    for conn in accepted:
        conn.close()
    server.close()
