"""Conflict of interest and claims: who may not act on a case, whatever their group.

* **conflict of interest** — nobody acts on a case submitted by themselves or
  by a member of their own organisation, nor on one whose review they
  requested. Who submitted a case is the portal's knowledge: moderation asks
  the two providers below, which ``PortalConfig.ready()`` registers
  (DESIGN.md, "Layers"). Without them (a case created in the admin has no
  submission) only the requester rule applies.
* **claim** — a case locked by one reviewer (Wagtail's page lock) is theirs
  until released.

The task models (``moderation.models.tasks``) apply these rules, with the
group and four-eyes rules, in ``get_actions``, ``on_action`` and the queue.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wagtail.models import WorkflowState

from .providers import Provider
from .workflow_states import active_workflow_state

#: (page, user) -> True when ``user`` submitted the case behind ``page`` or belongs to the organisation that did.
submitted_by: Provider[bool] = Provider(
    "whether a person or their organisation submitted the case behind a page", False
)
#: user -> the ids of the pages ``user`` or their organisation submitted.
pages_submitted_by: Provider[Iterable[int]] = Provider("the pages a person or their organisation submitted", ())


def conflicted_page_ids(user: Any) -> set[str]:
    """Object ids (strings, as WorkflowState stores them) of the cases ``user`` may not act on."""
    ids = {str(pk) for pk in pages_submitted_by(user)}
    ids |= set(WorkflowState.objects.active().filter(requested_by=user).values_list("object_id", flat=True))
    return ids


def has_conflict_of_interest(page: Any, user: Any) -> bool:
    """True when ``user`` submitted the case, belongs to the submitting organisation, or requested its review."""
    if submitted_by(page, user):
        return True
    state = active_workflow_state(page)
    return state is not None and state.requested_by_id == user.pk


def claimed_by_someone_else(page: Any, user: Any) -> bool:
    locked_by = getattr(page, "locked_by_id", None)
    return bool(getattr(page, "locked", False)) and locked_by is not None and locked_by != user.pk
