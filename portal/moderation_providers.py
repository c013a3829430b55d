"""What the portal supplies to moderation, which sits below it and may not import it (DESIGN.md, "Layers").

Moderation declares each need as a provider; ``PortalConfig.ready()``
registers these implementations:

* ``flag_answers`` — the structured confidential answers of the submission
  behind a page, for the automatic red flags
  (``moderation.red_flag_answers.submission_flag_answers``);
* ``submitted_by`` and ``pages_submitted_by`` — who submitted a case, for the
  conflict-of-interest rule (``moderation.conflicts``): the submitter and the
  members of the submitting organisation may not act on it, nor see it in
  their queue.

(Every answer, for the review screen, comes from ``portal.review_answers``.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q

from moderation.red_flag_answers import FLAG_ANSWER_NAMES

from .models import Submission


def flag_answers(page: Any) -> Mapping[str, Any] | None:
    """The values of ``FLAG_ANSWER_NAMES`` on the submission whose page is ``page``; None when there is none."""
    return Submission.objects.filter(page_id=page.pk).values(*FLAG_ANSWER_NAMES).first()


def _submitted_by_filter(user: Any) -> Q:
    condition = Q(submitter_id=user.pk)
    if getattr(user, "organisation_id", None):
        condition |= Q(organisation_id=user.organisation_id)
    return condition


def submitted_by(page: Any, user: Any) -> bool:
    """True when ``user`` submitted the case behind ``page`` or belongs to the organisation that did."""
    return Submission.objects.filter(_submitted_by_filter(user), page_id=page.pk).exists()


def pages_submitted_by(user: Any) -> list[int]:
    """The ids of the pages ``user`` or their organisation submitted."""
    submissions = Submission.objects.filter(_submitted_by_filter(user)).exclude(page_id=None)
    return list(submissions.values_list("page_id", flat=True))
