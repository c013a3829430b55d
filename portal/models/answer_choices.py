"""The choices of the confidential answers (``Submission``), shared by the wizard's questions.

Stored as short strings ("yes", "no", "scraped"…) so the answers stay
JSON-serialisable for the review workflow; moderation's red-flag rules read the
same codes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

YES = "yes"
NO = "no"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]

PROVENANCE_CHOICES = [
    ("collected", _("Collected by our organisation")),
    ("purchased", _("Purchased or licensed from a third party")),
    ("scraped", _("Scraped from the internet")),
    ("public_dataset", _("A published research or open data set")),
    ("synthetic", _("Synthetic (generated) data")),
    ("unknown", _("Unknown")),
]

LEGAL_BASIS_CHOICES = [
    ("statute", _("A specific law or statutory power")),
    ("court_order", _("A court order or judicial authorisation")),
    ("regulation", _("A regulation, decree or official mandate")),
    ("international", _("An international agreement or mandate")),
    ("consent", _("Consent of the people concerned")),
    ("other", _("Other")),
    ("none", _("No specific legal basis identified yet")),
]

SUPPLIER_REUSE_CHOICES = [
    ("not_applicable", _("Not applicable: no supplier handles our data")),
    ("no", _("No: the contract forbids it")),
    ("yes_with_agreement", _("Yes, under a written agreement")),
    ("yes", _("Yes, without a specific agreement")),
    ("unknown", _("We do not know")),
]

PROHIBITED_PRACTICE_CHOICES = [
    ("individual_crime_prediction", _("Predicts whether a person will offend, based solely on profiling or personality traits")),
    ("untargeted_face_scraping", _("Builds facial recognition databases by untargeted scraping of images")),
    ("emotion_recognition_work_education", _("Recognises emotions in the workplace or in education")),
    ("biometric_categorisation_sensitive", _("Infers sensitive traits (e.g. ethnicity, religion, sexual orientation) from biometric data")),
    ("realtime_remote_biometric_identification", _("Identifies people remotely by biometrics in real time in public spaces")),
]

ASSESSMENT_STATUS_CHOICES = [
    ("not_required", _("Not required")),
    ("not_started", _("Not started")),
    ("planned", _("Planned")),
    ("in_progress", _("In progress")),
    ("completed", _("Completed")),
]

EVALUATION_BASIS_CHOICES = [
    ("field", _("Evaluated in real operating conditions")),
    ("own_test", _("Tested on our own data, not yet in the field")),
    ("vendor_claims", _("Only the supplier's or developer's claims")),
    ("none", _("Not evaluated yet")),
]

#: The impact assessments asked about: (field prefix, label).
IMPACT_ASSESSMENTS = (
    ("dpia", _("Data protection impact assessment (DPIA)")),
    ("fria", _("Fundamental-rights impact assessment (FRIA)")),
    ("toolkit", _("Toolkit for Responsible AI Innovation risk assessment")),
    ("other_assessment", _("Other assessment")),
)
