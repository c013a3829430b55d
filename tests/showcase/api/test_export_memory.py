"""A streamed export of 10,000 cases keeps memory flat: a few chunks, never the whole result set.

The limit is checked against the alternative it guards against: building every row of the
same export in memory (what a non-streamed response does) must exceed it, or the test
would prove nothing. That alternative grows linearly with the rows, so it is measured on
a sample of rows and scaled to the whole export (building all of them again under
tracemalloc took a minute of the suite for the same answer).
"""

from __future__ import annotations

import tracemalloc
from itertools import islice

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from demo.catalogue import generate_cases
from showcase.api.export import rows
from showcase.api.matching import matching_ids
from showcase.models import UseCasePage
from showcase.search import request_from_params

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

CASES = 10_000
#: Peak Python memory while the whole export is read, in bytes. Measured: about 19–25 MiB on SQLite and
#: 32–51 MiB on PostgreSQL (psycopg holds a whole fetched chunk of rows; the high end on a busy machine,
#: where the minute-long read also outlives the per-process caches' lifetimes and rebuilds them); buffering
#: every row peaks near 130 MiB, which the end of the test checks, so the limit still tells streaming from
#: buffering.
LIMIT = 64 * 1024 * 1024
#: Rows read before measuring (more than one export chunk).
WARM_UP_ROWS = 500
#: Rows held in a list() to measure what buffering costs per row.
SAMPLE_ROWS = 2_000


def _peak(consume) -> tuple[int, object]:
    tracemalloc.start()
    try:
        result = consume()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


@pytest.fixture
def many_cases(settings):
    settings.ELASTICSEARCH_URL = ""  # the database backend: the generated cases are not indexed
    generate_cases(CASES, batch_size=1000, index=False)
    visible = UseCasePage.objects.live().visible_to(AnonymousUser()).count()
    assert visible >= 9_000  # one case in ten is attendees-only
    return visible


def test_streamed_csv_export_of_ten_thousand_cases_stays_within_bounded_memory(many_cases, api):
    response = api.get("/api/v1/export/cases.csv")
    assert response.status_code == 200 and response.streaming

    parts = iter(response.streaming_content)
    size = lines = 0
    # The first rows pay one-off costs (translations, site root paths, query compilation…) that
    # do not grow with the export; measure from there on, while the rest of the file streams.
    while lines < WARM_UP_ROWS:
        part = next(parts)
        size, lines = size + len(part), lines + part.count(b"\n")

    def read() -> tuple[int, int]:
        streamed_size, streamed_lines = size, lines
        for part in parts:
            streamed_size += len(part)
            streamed_lines += part.count(b"\n")
        return streamed_size, streamed_lines

    peak, (size, lines) = _peak(read)
    assert lines >= many_cases + 1  # every case (and the header) was written
    print(f"streamed peak {peak / 2**20:.1f} MiB for {size / 2**20:.1f} MiB")
    assert peak < LIMIT, f"peak {peak / 2**20:.1f} MiB while streaming"

    # What a non-streamed export would hold at once: every row of the same result set, measured on
    # a sample (a list() of rows grows linearly with them) and scaled to the whole export.
    search = request_from_params(QueryDict(""))
    sample_ids = list(islice(matching_ids(search, AnonymousUser()).ids, SAMPLE_ROWS))
    sample_peak, sample = _peak(lambda: list(rows(iter(sample_ids), AnonymousUser())))
    assert len(sample) == SAMPLE_ROWS
    everything_peak = sample_peak * many_cases / SAMPLE_ROWS
    print(f"list() peak {sample_peak / 2**20:.1f} MiB for {SAMPLE_ROWS} rows: {everything_peak / 2**20:.1f} MiB for all")
    assert everything_peak > LIMIT, f"the limit is too loose: a list() of every row peaks at {everything_peak / 2**20:.1f} MiB"
