"""EU AI Act, Annex VIII Section C: what a deployer of a high-risk system registers (Art. 49(3)).

Our submitters are mostly law-enforcement deployers. For a high-risk system under Annex III
points 1, 6 or 7 (biometrics, law enforcement, migration) Art. 49(4) puts the registration
in a secure, non-public section of the EU database and limits it to Section C points 1 to 3:
the summaries of the fundamental-rights and data-protection impact assessments (points 4
and 5) are left out of such a case's record, and the record's ``withheld`` says so, for
everyone, the owning organisation included. Three profile fields (system name, Annex III
point, registration section) are ours, not Annex VIII points: they say which case and
which section of the database the record is for. There is no published JSON Schema for
the EU database's registration data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .fields import Field, Format, code, text

#: Annex III points whose registration Art. 49(4) restricts.
RESTRICTED_POINTS = frozenset({"1", "6", "7"})
ART_49_4 = (
    "Art. 49(4) AI Act: for a high-risk system under Annex III point 1, 6 or 7 the registration "
    "holds only Section C points 1 to 3"
)
OWN_ONLY = "a confidential answer: only the owning organisation's own export carries it"
WITHHELD_PATHS = ("c4_fria_summary", "c5_dpia_summary")


def is_restricted(annex_iii_point: Any) -> bool:
    return code(annex_iii_point) in RESTRICTED_POINTS


def registration_section(annex_iii_point: Any) -> str:
    return "non-public (Art. 49(4))" if is_restricted(annex_iii_point) else "public"


def withheld(case: Mapping[str, Any]) -> dict[str, str]:
    """The fields Art. 49(4) keeps out of this case's registration."""
    return {path: ART_49_4 for path in WITHHELD_PATHS} if is_restricted(case.get("annex_iii_point")) else {}


FIELDS: tuple[Field, ...] = (
    Field("system_name", "Profile: the AI system's name (not an Annex VIII point)", public=("title",), convert=text),
    Field("annex_iii_point", "Profile: Annex III point (not an Annex VIII point)", public=("annex_iii_point",), convert=code),
    Field("registration_section", "Profile: section of the EU database (not an Annex VIII point)",
          public=("annex_iii_point",), convert=registration_section),
    Field("c1_deployer_name", "Name of the deployer", "C.1", public=("organisation",), own="organisation_name", convert=text),
    Field("c1_deployer_address", "Address of the deployer", "C.1", empty="postal addresses are not asked"),
    Field("c1_deployer_contact", "Contact details of the deployer", "C.1", own="contact_email", empty=OWN_ONLY),
    Field("c2_submitted_by", "Name, address and contact details of the person submitting on behalf of the deployer",
          "C.2", confidential="the submitting person's account details are personal data, never exported"),
    Field("c3_provider_entry_url", "URL of the provider's entry in the EU database", "C.3",
          empty="the provider's EU database entry is not asked"),
    Field("c4_fria_summary", "Summary of the fundamental rights impact assessment (Art. 27)", "C.4",
          public=("impact_assessments_summary",), convert=text),
    Field("c5_dpia_summary", "Summary of the data protection impact assessment (GDPR Art. 35 / LED Art. 27)", "C.5",
          public=("impact_assessments_summary",), convert=text),
)

ANNEX_VIII = Format(
    key="eu-annex-viii",
    title="EU AI Act Annex VIII Section C (deployer registration), Art. 49(4) profile",
    version="Regulation (EU) 2024/1689",
    reference="https://eur-lex.europa.eu/eli/reg/2024/1689/oj (Art. 49, Annex VIII)",
    fields=FIELDS,
    withheld=withheld,
)
