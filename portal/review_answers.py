"""The portal's answers provider for moderation: every answer of the submission behind a case page.

Moderation may not import the portal (DESIGN.md, "Layers"); it defines the
interface (``moderation.submission_answers``) and ``PortalConfig.ready()``
registers this implementation. The rows are the ones "Check your answers"
shows the submitter (``portal.answer_rows``): the public answers from the page's
latest draft, the confidential ones from the ``Submission``, each with the
visibility the wizard gave it. The draft is read once for all the steps
(``step_answers`` reads it once per step, which a page of every answer
would pay six times).
"""

from __future__ import annotations

from typing import Any

from moderation.submission_answers import Answer

from .answer_rows import NOT_ANSWERS, display_value
from .models import Submission
from .submission import stored_answers
from .wizard import STEPS


def answers_for_review(page: Any) -> list[Answer] | None:
    """The answers of the submission whose page is ``page``, in wizard order; None when there is none."""
    submission = Submission.objects.filter(page_id=page.pk).select_related("page").first()
    if submission is None:
        return None
    stored = stored_answers(submission)
    answers = []
    for step in STEPS:
        if step.form_class is None:
            continue
        form = step.form_class(initial=step.form_class.initial_from(stored, submission), prefix=None)
        answers += [
            Answer(name=name, label=str(field.label), value=display_value(field, form[name].value()),
                   visibility=field.visibility)
            for name, field in form.fields.items()
            if name not in NOT_ANSWERS
        ]
    return answers
