"""Abbreviations of the field and what they stand for, applied when a query is analysed.

One line per concept, in Solr's equivalence format: every term on a line finds
the others ("ANPR" finds "licence plate recognition" and the other way round).
Terms are written in lower case and unstemmed: the search analyser runs them
through the same lower-casing and ASCII folding as the query (the synonym
filter is chain-aware), and stems after the synonyms are applied.

Keep multi-word terms free of stop words ("of", "the"…): the stop filter runs
after the synonyms and would leave a gap in the phrase.
"""

from __future__ import annotations

SYNONYMS: tuple[str, ...] = (
    # Biometrics and video
    "frt, facial recognition technology, face recognition technology",
    "facial recognition, face recognition",
    "rbi, remote biometric identification",
    "anpr, lpr, alpr, automatic number plate recognition, automatic licence plate recognition, "
    "automatic license plate recognition, licence plate recognition, license plate recognition, "
    "number plate recognition",
    "cctv, closed circuit television, video surveillance",
    # Intelligence and content
    "osint, open source intelligence",
    "socmint, social media intelligence",
    "csam, child sexual abuse material, child abuse material",
    "cse, child sexual exploitation",
    # Language and models
    "nlp, natural language processing",
    "llm, large language model",
    "genai, generative ai, generative artificial intelligence",
    "ai, artificial intelligence",
    "ml, machine learning",
    "asr, automatic speech recognition, speech recognition",
    "ocr, optical character recognition",
    # Governance
    "dpia, data protection impact assessment",
    "fria, fundamental rights impact assessment",
    "gdpr, general data protection regulation",
    "ai act, artificial intelligence act",
    # Other tools
    "uav, drone, unmanned aerial vehicle",
    "gis, geographic information system",
)
