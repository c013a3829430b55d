"""The steps of the submission wizard, in order (DESIGN.md, "The road, step by step").

DESIGN lists one "safeguards" step; it is split in two pages here (lawfulness
and risk · oversight and accountability) because the responsible-use
questions are too many for one page (GOV.UK: one group of questions per page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import wizard_forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: Any
    intro: Any
    form_class: type[wizard_forms.StepForm] | None


STEPS: tuple[Step, ...] = (
    Step(
        "organisation",
        _("Organisation and contact"),
        _("Who uses the system, where, and whom the editors can contact."),
        wizard_forms.OrganisationStepForm,
    ),
    Step("use-case", _("The use case"), _("What the system does and the problem it addresses."), wizard_forms.UseCaseStepForm),
    Step(
        "technology",
        _("Technology and data"),
        _("How the system was built and the data it uses."),
        wizard_forms.TechnologyStepForm,
    ),
    Step(
        "lawfulness",
        _("Safeguards: lawfulness and risk"),
        _("The legal basis, necessity and proportionality, the AI Act risk class and the impact assessments."),
        wizard_forms.LawfulnessStepForm,
    ),
    Step(
        "oversight",
        _("Safeguards: oversight and accountability"),
        _("Human oversight, accuracy and bias testing, transparency, redress and accountability."),
        wizard_forms.OversightStepForm,
    ),
    Step("media", _("Images and tags"), _("Screenshots or diagrams, keywords, and who may read the case."), wizard_forms.MediaStepForm),
    Step("check", _("Check your answers"), _("Check everything before you submit."), None),
)
STEP_SLUGS = tuple(step.slug for step in STEPS)


def step_for(slug: str) -> Step | None:
    return next((step for step in STEPS if step.slug == slug), None)


def next_step(step: Step) -> Step:
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]
