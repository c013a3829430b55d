"""The workflow's finish action, as the settings name it (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Wagtail imports this module while it defines its own models
(``WorkflowState.on_finish``), before any model of ours exists, so it imports
nothing of ours at module level; ``moderation.publication`` does the work.

https://docs.wagtail.org/en/stable/reference/settings.html#wagtail-finish-workflow-action
"""

from __future__ import annotations

from typing import Any


def publish_and_notify(workflow_state: Any, user: Any = None) -> None:
    """Publish the signed-off case and tell whoever listens (see ``moderation.publication``)."""
    # Imported here: Wagtail loads this module while its models load, before ours can.
    from .publication import publish_signed_off

    publish_signed_off(workflow_state, user)
