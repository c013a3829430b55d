"""The portal's answers provider for moderation: every answer of the submission behind a case page.

Moderation may not import the portal (DESIGN.md, "Layers"); it defines the
interface (``moderation.submission_answers``) and ``PortalConfig.ready()``
registers this implementation. The rows are the ones "Check your answers"
shows the submitter (``portal.answers.step_answers``): the public answers from
the page's latest draft, the confidential ones from the ``Submission``, each
with the visibility the wizard gave it.
"""

from __future__ import annotations

from typing import Any

from moderation.submission_answers import Answer

from .answers import step_answers
from .records import Submission


def answers_for_review(page: Any) -> list[Answer] | None:
    """The answers of the submission whose page is ``page``, in wizard order; None when there is none."""
    submission = Submission.objects.filter(page_id=page.pk).select_related("page").first()
    if submission is None:
        return None
    return [
        Answer(name=row.name, label=row.label, value=row.value, visibility=row.visibility)
        for step in step_answers(submission)
        for row in step.rows
    ]
