"""One form per wizard step. Each says which answers go to the page (public) and which to the record (confidential).

Public fields are built from ``UseCasePage``'s own model fields (so lengths,
choices and taxonomies match the catalogue exactly); confidential ones from
``Submission``. A form built with ``draft=True`` ("Save and come back later")
checks formats and lengths but not that everything is answered.

The help texts carry the evidence each responsible-use criterion asks for
(../shared/RUBRIC.md, "evidence the submitter gives").

Modules: ``fields`` (questions made from the models, limits), ``step_form`` (the base
class), ``case_steps`` (organisation, use case, technology, images and tags) and
``safeguard_steps`` (lawfulness and risk, oversight and accountability).
"""

from .case_steps import MediaStepForm, OrganisationStepForm, TechnologyStepForm, UseCaseStepForm
from .safeguard_steps import LawfulnessStepForm, OversightStepForm
from .step_form import StepForm

__all__ = [
    "LawfulnessStepForm",
    "MediaStepForm",
    "OrganisationStepForm",
    "OversightStepForm",
    "StepForm",
    "TechnologyStepForm",
    "UseCaseStepForm",
]
