"""The four ratings a reviewer gives a criterion, worst first, with their labels.

One list for the ``Rating`` model's choices, the approve form's radio buttons
and the public review's outcome per principle.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DOES_NOT_MEET = "does_not_meet"
PARTLY = "partly"
MEETS = "meets"
NOT_APPLICABLE = "not_applicable"

#: Worst first: how the ratings of one principle's criteria combine into its public outcome.
WORST_FIRST = (DOES_NOT_MEET, PARTLY, MEETS, NOT_APPLICABLE)
LABELS = {
    MEETS: _("Meets"),
    PARTLY: _("Partly meets"),
    DOES_NOT_MEET: _("Does not meet"),
    NOT_APPLICABLE: _("Not applicable"),
}
#: In the order the reviewer reads them (best first), as the form and the model offer them.
RATING_CHOICES = [(value, LABELS[value]) for value in (MEETS, PARTLY, DOES_NOT_MEET, NOT_APPLICABLE)]
