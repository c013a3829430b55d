"""What moderation tells the apps above it (DESIGN.md, "Layers": tell, don't ask).

The portal receives these to update the status its submitter sees and to
e-mail them; moderation does not know who listens.

* ``decision_made`` — a reviewer or editor decided on a case (approve, request
  changes, decline, sign off). Arguments: ``page`` (the case),
  ``assessment`` (the stored ``Assessment``: its ``decision``, ``stage`` and
  ``message``).
* ``case_published`` — the signed-off case was published by the workflow: at the
  sign-off (at once, or scheduled), and again when a scheduled revision goes live.
  Arguments: ``page``.
* ``case_corrected`` — an editor published a correction note on a case after a
  problem report (the portal tells the submitter's organisation). Arguments:
  ``page``, ``correction`` (the public note).
* ``problem_report_closed`` — an editor closed a problem report with a reason
  the reporter, who left an e-mail address, is to be told. Arguments:
  ``report`` (the ``ProblemReport``: ``contact``, ``close_reason``, ``language``).
"""

from __future__ import annotations

from django.dispatch import Signal

decision_made = Signal()
case_published = Signal()
case_corrected = Signal()
problem_report_closed = Signal()
