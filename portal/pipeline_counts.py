"""The portal's count of the road every submission travels (``showcase.pipeline_counts``' provider).

Statuses come from ``Submission.status`` (written by ``portal.status`` only);
published cases are the live pages; a case reviewed but withheld from
publication is one whose latest decision is moderation's "withheld" (its
submitter sees it as declined, so it is taken out of the declined count).
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery

from moderation.models import Assessment
from showcase.models import UseCasePage
from showcase.pipeline_counts import PipelineCounts

from .models import Status, StatusChange, Submission


def _withheld_by_reason() -> dict[str, int]:
    latest = Assessment.objects.filter(page=OuterRef("page")).order_by("-created_at", "-pk").values("pk")[:1]
    withheld = Assessment.objects.filter(
        decision=Assessment.WITHHELD, pk=Subquery(latest), page__live=False
    )
    return dict(withheld.values_list("withhold_reason").annotate(n=Count("pk")).values_list("withhold_reason", "n"))


def count_pipeline() -> PipelineCounts:
    by_status = dict(Submission.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    withheld = _withheld_by_reason()
    total_withheld = sum(withheld.values())
    submitted = StatusChange.objects.filter(status=Status.SUBMITTED).values("submission").distinct().count()
    return PipelineCounts(
        submitted=submitted,
        in_review=sum(by_status.get(s, 0) for s in (Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED)),
        declined=max(0, by_status.get(Status.DECLINED, 0) - total_withheld),
        withdrawn=by_status.get(Status.WITHDRAWN, 0),
        published=UseCasePage.objects.live().count(),
        withheld=total_withheld,
        withheld_by_reason=withheld,
    )
