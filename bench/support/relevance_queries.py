"""The judged relevance set: queries as people type them into the catalogue, and the cases each must find.

Data only; ``bench/relevance.py`` (and its short form in
``tests/showcase/search/test_relevance.py``) runs it over the demo catalogue
(``manage.py seed_demo``, ``showcase/demo_content.py``) on both search backends.

How the cases were judged: by reading the demo cases, not by running the search.
A case is listed when a person typing the query would want it on the first page
of results: the query names what the case is about — in the case's own words or
in others (an abbreviation, a paraphrase, another language), or through the
category, technique, crime area or tags the catalogue gives it. The catalogue is
judged as an anonymous visitor sees it (cases restricted to attendees are never
expected).

A key names cases in one of two ways:

* a scenario key of ``demo.content.SCENARIOS`` (``"plate-recognition"``):
  every public English case of that scenario — the same system run by two or
  three organisations, each one case. Its version written in French or Spanish,
  if any, is *acceptable*: found or not, first or last, it does not change the
  score (see ``relevance_metrics``);
* a case slug (``"open-source-monitoring-of-online-firearms-sales-savanna"``): one
  case — for queries that name a place (only the organisations there qualify) and
  for the two cases written in French and Spanish.

Queries in French, Spanish and Arabic expect the English cases on their subject,
and the case written in that language when it is on the subject. Queries in
``NOTHING`` have no case in the catalogue: any result is a false positive.
"""

from __future__ import annotations

from dataclasses import dataclass

PLAIN = "plain terms"
ACRONYMS = "acronyms"
PARAPHRASES = "paraphrases"
MIXED = "mixed"
WORD_FORMS = "word forms"
MISSPELLINGS = "misspellings"
LANGUAGES = "other languages"
NOTHING = "should find nothing"
#: The order of the report's rows.
CATEGORIES: tuple[str, ...] = (PLAIN, ACRONYMS, PARAPHRASES, MIXED, WORD_FORMS, MISSPELLINGS, LANGUAGES, NOTHING)

# The two cases written in the language of their organisation.
FRENCH_CCTV = "analyse-video-gendarmerie-atlas"
SPANISH_MULES = "analisis-redes-policia-andes"

FACES = ("retro-face-search", "live-face-events")
OSINT = ("osint-firearms", "darkweb-agent", "stolen-art-matching", "trafficking-ads")
GENERATIVE = ("statement-drafting", "reporting-chatbot", "darkweb-agent")
TRAFFICKING = ("trafficking-ads", "call-transcription")  # the crime area "trafficking in human beings"
NLP = (  # the technique "natural language processing"
    "osint-firearms",
    "call-transcription",
    "case-file-entities",
    "call-triage",
    "reporting-chatbot",
    "statement-drafting",
    "disclosure-redaction",
    "darkweb-agent",
    "trafficking-ads",
    "fugitive-notices",
)


@dataclass(frozen=True)
class Judged:
    text: str
    category: str
    relevant: tuple[str, ...]  # scenario keys or case slugs; empty for NOTHING
    language: str = "en"


def _q(category: str, text: str, *relevant: str, language: str = "en") -> Judged:
    return Judged(text=text, category=category, relevant=tuple(relevant), language=language)


JUDGED: tuple[Judged, ...] = (
    # --- The catalogue's own terms: the control group (any search should find these) ------------------
    _q(PLAIN, "licence plate recognition", "plate-recognition"),
    _q(PLAIN, "facial recognition", *FACES),
    _q(PLAIN, "money mule networks", "money-mule-networks"),
    _q(PLAIN, "emergency call triage", "call-triage"),
    _q(PLAIN, "drone surveys", "drone-logging"),
    _q(PLAIN, "ransomware", "ransomware-payments"),
    _q(PLAIN, "dark web marketplaces", "darkweb-agent"),
    _q(PLAIN, "witness statements", "statement-drafting"),
    _q(PLAIN, "human trafficking", *TRAFFICKING),
    _q(PLAIN, "digital forensics", "phone-triage", "victim-identification"),
    # --- Abbreviations and acronyms of the field -------------------------------------------------
    _q(ACRONYMS, "ANPR", "plate-recognition"),
    _q(ACRONYMS, "LPR", "plate-recognition"),
    _q(ACRONYMS, "ALPR cameras", "plate-recognition"),
    _q(ACRONYMS, "FRT", *FACES),
    _q(ACRONYMS, "LFR", "live-face-events"),  # live facial recognition (UK police usage)
    _q(ACRONYMS, "OSINT", *OSINT),
    _q(ACRONYMS, "CSAM", "victim-identification"),
    _q(ACRONYMS, "CSE", "victim-identification"),  # child sexual exploitation
    _q(ACRONYMS, "NLP", *NLP),
    _q(ACRONYMS, "ASR", "call-transcription", "call-triage"),
    _q(ACRONYMS, "LLM", *GENERATIVE),
    _q(ACRONYMS, "GenAI", *GENERATIVE),
    _q(ACRONYMS, "UAV", "drone-logging"),
    _q(ACRONYMS, "CCTV", "cctv-object-search"),
    _q(ACRONYMS, "THB", *TRAFFICKING),
    _q(ACRONYMS, "AML", "money-mule-networks"),  # anti-money laundering
    _q(ACRONYMS, "STR analysis", "money-mule-networks"),  # suspicious transaction reports
    _q(ACRONYMS, "VAWG", "domestic-abuse-risk"),  # violence against women and girls
    # --- Everyday paraphrases and near-synonyms (the word people use, not the case's) ----------------
    _q(PARAPHRASES, "face matching", *FACES),
    _q(PARAPHRASES, "predictive policing", "burglary-hotspots", "reoffending-profile"),
    _q(PARAPHRASES, "crime hotspot prediction", "burglary-hotspots"),
    _q(PARAPHRASES, "deepfake detection", "manipulated-media"),
    _q(PARAPHRASES, "fake documents", "manipulated-media"),
    _q(PARAPHRASES, "bitcoin tracing", "ransomware-payments"),
    _q(PARAPHRASES, "money laundering", "money-mule-networks"),
    _q(PARAPHRASES, "wiretap transcription", "call-transcription"),
    _q(PARAPHRASES, "speech to text", "call-transcription", "call-triage"),
    _q(PARAPHRASES, "999 call handling", "call-triage"),
    _q(PARAPHRASES, "child abuse images", "victim-identification"),
    _q(PARAPHRASES, "illegal gun sales online", "osint-firearms"),
    _q(PARAPHRASES, "recidivism", "reoffending-profile"),
    _q(PARAPHRASES, "domestic violence", "domestic-abuse-risk"),
    _q(PARAPHRASES, "art theft", "stolen-art-matching"),
    _q(PARAPHRASES, "deforestation", "drone-logging"),
    _q(PARAPHRASES, "dark net drug markets", "darkweb-agent"),
    _q(PARAPHRASES, "anonymising documents", "disclosure-redaction"),
    _q(PARAPHRASES, "wanted persons", "fugitive-notices", "live-face-events"),
    _q(PARAPHRASES, "customs risk profiling", "container-targeting"),
    _q(PARAPHRASES, "virtual assistant", "reporting-chatbot"),
    _q(PARAPHRASES, "video analytics", "cctv-object-search", "drone-logging", "stolen-art-matching"),
    # --- Two- and three-word questions: technique, crime area, place ------------------------------
    _q(MIXED, "facial recognition burglary", "retro-face-search"),
    _q(MIXED, "machine learning fraud", "money-mule-networks", "manipulated-media", "case-file-entities"),
    _q(MIXED, "computer vision drugs", "phone-triage"),
    _q(MIXED, "NLP human trafficking", *TRAFFICKING),
    _q(MIXED, "drones environmental crime", "drone-logging"),
    _q(MIXED, "graph analysis cryptocurrency", "ransomware-payments"),
    _q(MIXED, "speech recognition emergency calls", "call-triage"),
    _q(MIXED, "deep learning child abuse", "victim-identification"),
    _q(MIXED, "risk assessment domestic violence", "domestic-abuse-risk"),
    _q(MIXED, "generative AI police reports", "reporting-chatbot", "statement-drafting"),
    _q(MIXED, "translation intercepted calls drugs", "call-transcription"),
    _q(MIXED, "video analytics stolen vehicles", "cctv-object-search", "plate-recognition"),
    _q(MIXED, "face recognition stadium", "live-face-events"),
    _q(
        MIXED,
        "AI cybercrime investigations",
        "osint-firearms",
        "reporting-chatbot",
        "manipulated-media",
        "ransomware-payments",
    ),
    # ... with a place: only the organisations there qualify.
    _q(
        MIXED,
        "facial recognition Nigeria",
        "live-facial-recognition-at-a-major-sporting-event-lagoon-state",
        "retrospective-face-search-for-burglary-series-lagoon-state",
    ),
    _q(
        MIXED,
        "licence plate recognition New Zealand",
        "licence-plate-recognition-alerts-for-stolen-vehicles-kauri-institute",
    ),
    _q(MIXED, "police chatbot Brazil", "online-crime-reporting-assistant"),
    _q(MIXED, "firearms Kenya", "open-source-monitoring-of-online-firearms-sales-savanna"),
    _q(MIXED, "burglary patrols Chile", "burglary-hot-spot-forecasting-for-patrol-planning-andes"),
    _q(MIXED, "money laundering India", "mapping-money-mule-networks-from-suspicious-transaction-reports"),
    _q(MIXED, "open source intelligence firearms South Africa", "open-source-monitoring-of-online-firearms-sales"),
    _q(MIXED, "counterfeit goods Netherlands", "risk-targeting-of-containers-for-counterfeit-goods-meridian"),
    _q(MIXED, "transcription Canada", "transcription-and-translation-of-lawfully-intercepted-calls-kestrel-valley"),
    _q(MIXED, "deepfake fraud Ireland", "detecting-manipulated-images-in-fraud-reports-lumen-vision"),
    # --- Plurals, verb forms, spellings of the same word ---------------------------------------------
    _q(WORD_FORMS, "drone", "drone-logging"),
    _q(WORD_FORMS, "forecasting burglaries", "burglary-hotspots"),
    _q(WORD_FORMS, "transcribing calls", "call-transcription", "call-triage"),
    _q(WORD_FORMS, "redacting", "disclosure-redaction"),
    _q(WORD_FORMS, "license plate", "plate-recognition"),  # American spelling
    _q(WORD_FORMS, "licence plates", "plate-recognition"),
    _q(WORD_FORMS, "stolen vehicle", "plate-recognition"),
    _q(WORD_FORMS, "identifying victims", "victim-identification", "trafficking-ads"),
    _q(WORD_FORMS, "re-offending", "reoffending-profile"),
    _q(WORD_FORMS, "clustering accounts", "money-mule-networks"),
    _q(WORD_FORMS, "interpreters", "call-triage"),
    _q(WORD_FORMS, "auctions", "stolen-art-matching"),
    _q(WORD_FORMS, "traffickers", "trafficking-ads"),
    _q(WORD_FORMS, "analysing videos", "cctv-object-search"),
    # The crime area "organised crime", in American spelling.
    _q(WORD_FORMS, "organized crime", "retro-face-search", "plate-recognition", "phone-triage", "money-mule-networks"),
    # --- Misspellings -------------------------------------------------------------------------------
    _q(MISSPELLINGS, "facial recgonition", *FACES),
    _q(MISSPELLINGS, "licence plate recogntion", "plate-recognition"),
    _q(MISSPELLINGS, "ransomeware", "ransomware-payments"),
    _q(MISSPELLINGS, "blockchian", "ransomware-payments"),
    _q(MISSPELLINGS, "trafficing", "trafficking-ads"),
    _q(MISSPELLINGS, "mony mule", "money-mule-networks"),
    _q(MISSPELLINGS, "chatbott", "reporting-chatbot"),
    _q(MISSPELLINGS, "seized phone triagge", "phone-triage"),
    _q(MISSPELLINGS, "witness statment summaries", "statement-drafting"),
    _q(MISSPELLINGS, "counterfiet goods", "container-targeting", "darkweb-agent"),
    _q(MISSPELLINGS, "transcripton", "call-transcription", "call-triage"),
    _q(MISSPELLINGS, "domestic abuse risk asessment", "domestic-abuse-risk"),
    _q(MISSPELLINGS, "fugitves", "fugitive-notices", "live-face-events"),
    _q(MISSPELLINGS, "antiquites", "stolen-art-matching"),
    _q(MISSPELLINGS, "drones ilegal logging", "drone-logging"),
    # --- French, Spanish, Arabic ----------------------------------------------------------------------
    _q(LANGUAGES, "reconnaissance faciale", *FACES, language="fr"),
    _q(LANGUAGES, "LAPI", "plate-recognition", language="fr"),  # lecture automatisée de plaques d'immatriculation
    _q(LANGUAGES, "lecture des plaques d'immatriculation", "plate-recognition", language="fr"),
    _q(LANGUAGES, "recherche de véhicules dans les vidéos", "cctv-object-search", FRENCH_CCTV, language="fr"),
    _q(LANGUAGES, "vidéos saisies", FRENCH_CCTV, "cctv-object-search", language="fr"),
    _q(LANGUAGES, "blanchiment d'argent", "money-mule-networks", language="fr"),
    _q(LANGUAGES, "traite des êtres humains", *TRAFFICKING, language="fr"),
    _q(LANGUAGES, "abus sexuels sur mineurs", "victim-identification", language="fr"),
    # Case text in French and Spanish by its own language's analysis on Elasticsearch (elision:
    # "l'intégralité", "d'exploitation"; Spanish plurals: "redes" → "red"), by word on the database.
    _q(LANGUAGES, "intégralité des enregistrements", FRENCH_CCTV, language="fr"),
    _q(LANGUAGES, "exploitation des vidéos", FRENCH_CCTV, language="fr"),
    _q(LANGUAGES, "reconocimiento facial", *FACES, language="es"),
    _q(LANGUAGES, "lavado de dinero", "money-mule-networks", SPANISH_MULES, language="es"),
    _q(LANGUAGES, "mulas financieras", SPANISH_MULES, "money-mule-networks", language="es"),
    _q(LANGUAGES, "trata de personas", *TRAFFICKING, language="es"),
    _q(LANGUAGES, "tala ilegal con drones", "drone-logging", language="es"),
    _q(LANGUAGES, "lectura de matrículas", "plate-recognition", language="es"),
    _q(LANGUAGES, "asistente virtual para denuncias", "reporting-chatbot", language="es"),
    _q(LANGUAGES, "red de fraude", SPANISH_MULES, language="es"),
    _q(LANGUAGES, "التعرف على الوجه", *FACES, language="ar"),  # face recognition
    _q(LANGUAGES, "غسل الأموال", "money-mule-networks", language="ar"),  # money laundering
    _q(LANGUAGES, "الاتجار بالبشر", *TRAFFICKING, language="ar"),  # human trafficking
    _q(LANGUAGES, "طائرات بدون طيار", "drone-logging", language="ar"),  # drones
    _q(LANGUAGES, "التعرف على لوحات السيارات", "plate-recognition", language="ar"),  # car plates
    _q(LANGUAGES, "الاستخبارات مفتوحة المصدر", *OSINT, language="ar"),  # open-source intel.
    # --- Nothing in the catalogue is about these ------------------------------------------------------
    _q(NOTHING, "chocolate cake recipe"),
    _q(NOTHING, "quantum computing"),
    _q(NOTHING, "volcano eruption forecast"),  # shares "forecast" with the burglary cases
    _q(NOTHING, "football transfer news"),
    _q(NOTHING, "knitting patterns"),
    _q(NOTHING, "asdfghjkl"),
    _q(NOTHING, "parking permit renewal"),
    _q(NOTHING, "noise complaint neighbours"),
    _q(NOTHING, "stock market prices"),  # "market" appears in the dark-web case
    _q(NOTHING, "recette de gâteau", language="fr"),
)
