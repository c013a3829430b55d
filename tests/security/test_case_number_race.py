"""Case numbers under concurrent first publications: unique, gap-free within the year, and stable afterwards.

PostgreSQL, real threads, each with its own connection (the counter row is the only
place where publications queue on each other).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from showcase.models import UseCasePage
from tests import factories

from .test_concurrency import race, ready  # noqa: F401  (ready: the fixture)

THREADS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_publications_get_distinct_consecutive_numbers(ready):
    when = datetime(2030, 5, 1, tzinfo=UTC)
    drafts = [factories.use_case(publish=False, first_published_at=when) for _ in range(THREADS)]
    revisions = [draft.save_revision() for draft in drafts]

    results = race(*(lambda r=revision: r.publish() for revision in revisions))

    assert not [result for result in results if isinstance(result, Exception)], results
    numbers = list(UseCasePage.objects.filter(pk__in=[d.pk for d in drafts]).values_list("case_number", flat=True))
    assert len(set(numbers)) == THREADS and all(numbers)
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, THREADS + 1))
    assert all(n.startswith("AILE-2030-") for n in numbers)

    # Publishing them all again at once changes nothing.
    again = [UseCasePage.objects.get(pk=d.pk).save_revision() for d in drafts]
    race(*(lambda r=revision: r.publish() for revision in again))
    assert sorted(UseCasePage.objects.filter(pk__in=[d.pk for d in drafts]).values_list("case_number", flat=True)) == sorted(numbers)
