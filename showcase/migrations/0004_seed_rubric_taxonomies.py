"""Seed the catalogue's taxonomies with the values of ../shared/RUBRIC.md ("What a case records").

The values are frozen here (a migration is history: later edits happen in the
admin, where editors may reword, reorder or retire them). Idempotent by slug:
an existing value is left as the editors made it.
"""

from django.db import migrations
from django.utils.text import slugify

USE_CATEGORIES = [
    "Facial recognition (retrospective)",
    "Facial recognition (real-time)",
    "Video analytics",
    "Licence-plate recognition",
    "Digital forensics",
    "Child sexual abuse material detection and victim identification",
    "Open-source intelligence",
    "Speech, transcription and translation",
    "Text and case-file analysis",
    "Crime pattern and network analysis",
    "Place-based forecasting",
    "Individual risk assessment",
    "Resource and patrol planning",
    "Emergency call triage",
    "Chatbots and virtual assistants",
    "Deepfake and manipulated-media detection",
    "Financial and cryptocurrency analysis",
    "Drones and robotics",
    "Generative assistants",
    "Back-office automation",
]
AI_TECHNIQUES = [
    "Computer vision",
    "Natural language processing",
    "Speech and audio",
    "Classical machine learning",
    "Deep learning",
    "Generative AI",
    "Agentic AI",
    "Reinforcement learning",
    "Biometrics",
    "Rule-based or expert system",
    "Graph and network analytics",
]
CRIME_AREAS = [
    "Counter-terrorism",
    "Cybercrime",
    "Drugs",
    "Financial crime and corruption",
    "Trafficking in human beings and migrant smuggling",
    "Crimes against children",
    "Organized crime",
    "Firearms",
    "Environmental crime",
    "Illicit goods and counterfeiting",
    "Vehicle crime",
    "Fugitives",
    "Cultural property",
    "General policing",
]
DEPLOYMENT_STAGES = ["Concept", "Research and development", "Pilot", "In operation", "Retired"]
# (name, public anonymised label)
ORGANISATION_TYPES = [
    ("National police", "a national police agency"),
    ("Local or regional police", "a local or regional police service"),
    ("International organisation", "an international organisation"),
    ("Other public body", "a public body"),
    ("Industry", "a company"),
    ("Academia or research", "a university or research institute"),
    ("Civil society", "a civil-society organisation"),
]
# (M49 code, name)
REGIONS = [("002", "Africa"), ("019", "Americas"), ("142", "Asia"), ("150", "Europe"), ("009", "Oceania")]
# (name, description)
RISK_TIERS = [
    ("Prohibited practice", "A practice the EU AI Act prohibits (Art. 5)."),
    ("High-risk (Annex III)", "A high-risk use listed in Annex III of the EU AI Act, e.g. point 6, law enforcement."),
    ("Transparency obligations", "A system with transparency duties under the EU AI Act (Art. 50), e.g. a chatbot."),
    ("Minimal", "A system with minimal risk under the EU AI Act."),
    ("Outside EU scope", "A system used outside the scope of the EU AI Act."),
]
DECISION_ROLES = [
    ("Informs", "The output is information for a person to consider."),
    ("Recommends or prioritises", "The output ranks or suggests; a person decides."),
    ("Decides with human sign-off", "The system proposes a decision that a person confirms."),
    ("Acts automatically", "The system acts without a person reviewing each output."),
]
AFFECTED_PERSONS = ["Suspects", "Victims", "Witnesses", "General public", "Officers", "No natural persons"]


def _seed(Model, rows):
    for order, row in enumerate(rows):
        if isinstance(row, str):
            row = (row,)
        name, extra = row[0], row[1:]
        defaults = {"name": name, "sort_order": order, "active": True}
        defaults.update(extra[0] if extra else {})
        Model.objects.get_or_create(slug=slugify(name), defaults=defaults)


def seed(apps, schema_editor):
    model = lambda name: apps.get_model("showcase", name)  # noqa: E731
    _seed(model("UseCategory"), USE_CATEGORIES)
    _seed(model("AITechnique"), AI_TECHNIQUES)
    _seed(model("CrimeArea"), CRIME_AREAS)
    _seed(model("DeploymentStage"), DEPLOYMENT_STAGES)
    _seed(model("OrganisationType"), [(name, {"anonymised_label": label}) for name, label in ORGANISATION_TYPES])
    _seed(model("Region"), [(name, {"m49_code": code}) for code, name in REGIONS])
    _seed(model("RiskTier"), [(name, {"description": text}) for name, text in RISK_TIERS])
    _seed(model("DecisionRole"), [(name, {"description": text}) for name, text in DECISION_ROLES])
    _seed(model("AffectedPersonGroup"), AFFECTED_PERSONS)


class Migration(migrations.Migration):
    dependencies = [("showcase", "0003_taxonomies_and_use_case_page")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
