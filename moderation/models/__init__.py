"""The responsible-use review's models, one module each (Django loads them from here).

* ``Criterion`` (``criteria``) — an orderable snippet, seeded from
  ``moderation.rubric`` by migration 0002; editors reword, reorder and retire
  criteria in the admin.
* ``Assessment`` (``assessments``) — one per decision in a review round
  (approve, request changes, decline, sign-off), with its ``Rating`` rows and
  ``RedFlagOverride`` rows. A rating keeps a snapshot of the criterion's
  wording, so rewording a criterion later never changes an assessment made.
* ``AnswerSnapshot`` (``snapshots``) — the submission's answers (public and
  confidential) as they stood when a review round started, so the next round
  shows what changed (``moderation.rounds``). Confidential: read only in the
  evidence view.
* ``ReviewTask`` and ``SignOffTask`` (``tasks``) — the Wagtail workflow tasks,
  with their behaviour: the rules (conflict of interest, four-eyes, claims),
  the action forms and the one-decision-per-task lock.

* ``ProblemReport`` (``problem_reports``) — a reader's report of a problem with a
  published case, and its outcome (a correction, a right of reply, or closed).

Nothing here is public except what ``moderation.public_review`` picks: the
outcome per principle, the risk tier, the public summary and the date.

https://docs.wagtail.org/en/stable/extending/custom_tasks.html
"""

from .assessments import Assessment, Rating, RedFlagOverride
from .criteria import Criterion, CriterionQuerySet
from .problem_reports import ProblemReport
from .snapshots import AnswerSnapshot
from .tasks import ModerationTask, ReviewTask, SignOffTask

__all__ = [
    "AnswerSnapshot",
    "Assessment",
    "Criterion",
    "CriterionQuerySet",
    "ModerationTask",
    "ProblemReport",
    "Rating",
    "RedFlagOverride",
    "ReviewTask",
    "SignOffTask",
]
