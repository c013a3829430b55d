"""Fictional but plausible content for the demo catalogue (manage.py seed_demo).

Every organisation here is invented; the countries are real so that the
country and region facets behave as they will with real data. A demo case is
a ``Scenario`` (what the system does) run by an ``Organisation`` (who uses it
and where); ``demo.catalogue`` combines them so that every value of every
taxonomy appears at least once.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Organisation:
    name: str
    type: str  # OrganisationType slug
    countries: tuple[str, ...]
    label: str  # short form used to tell variants of a scenario apart in titles


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str  # at most 75 characters, so that " (label)" still fits in 100
    summary: str
    problem: str
    benefits: str
    outputs: str
    data: str
    oversight: str
    categories: tuple[str, ...]
    techniques: tuple[str, ...]
    crime_areas: tuple[str, ...]
    affected: tuple[str, ...]
    decision_role: str
    risk_tier: str
    annex_iii_point: str
    build: str  # in_house / supplier / open_source / mixed
    chart: str  # bar / line / flow / network: the kind of picture drawn for it
    tags: tuple[str, ...] = ()
    stage: str = ""  # fixed deployment stage; empty: varies by variant
    flow: tuple[str, ...] = ("Input", "AI model", "Analyst review", "Decision")


ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation("Meridian Metropolitan Police", "local-or-regional-police", ("NL",), "Meridian"),
    Organisation("Savanna National Police Service", "national-police", ("KE",), "Savanna"),
    Organisation("Coastal Federal Police", "national-police", ("BR",), "Coastal Federal"),
    Organisation("Sunrise Prefectural Police", "local-or-regional-police", ("JP",), "Sunrise"),
    Organisation("Eurasian Police Cooperation Centre", "international-organisation", ("FR", "DE", "PL"), "EPCC"),
    Organisation("Southern Cross Police Force", "national-police", ("AU",), "Southern Cross"),
    Organisation("Tessellate Forensics GmbH", "industry", ("DE", "AT"), "Tessellate"),
    Organisation("Atlas Royal Gendarmerie", "national-police", ("MA",), "Atlas"),
    Organisation("Kestrel Valley Police Service", "local-or-regional-police", ("CA",), "Kestrel Valley"),
    Organisation("Baltic Digital Investigation Bureau", "national-police", ("EE", "LV"), "Baltic DIB"),
    Organisation("Lion City Police Innovation Lab", "national-police", ("SG",), "Lion City"),
    Organisation("Kauri Data Science Institute", "academia-or-research", ("NZ",), "Kauri Institute"),
    Organisation("Andes Investigative Police", "national-police", ("CL",), "Andes"),
    Organisation("Northern Lights Customs Authority", "other-public-body", ("SE", "FI"), "Northern Lights"),
    Organisation("Lagoon State Police Command", "local-or-regional-police", ("NG",), "Lagoon State"),
    Organisation("Ganges Centre for Policing Research", "academia-or-research", ("IN",), "Ganges Centre"),
    Organisation("Lumen Vision Analytics Ltd", "industry", ("IE", "GB"), "Lumen Vision"),
    Organisation("Pacific Islands Policing Network", "international-organisation", ("FJ", "WS", "TO"), "Pacific Islands"),
    Organisation("Open Rights Observatory", "civil-society", ("ZA",), "Open Rights"),
    Organisation("Harbour City Police Department", "local-or-regional-police", ("US",), "Harbour City"),
    Organisation("Gulf Police Innovation Centre", "national-police", ("AE",), "Gulf Innovation"),
    Organisation("Sahel Customs and Border Agency", "other-public-body", ("SN", "ML"), "Sahel Customs"),
    Organisation("Iberian Regional Police", "local-or-regional-police", ("ES", "PT"), "Iberian"),
    Organisation("Citizen Data Watch", "civil-society", ("MX", "CO"), "Citizen Data Watch"),
)

EU_COUNTRIES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="retro-face-search",
        title="Retrospective face search for burglary series",
        summary=(
            "Investigators compare stills from doorbell and shop cameras with the custody image database to "
            "produce a short candidate list, which trained examiners review before any lead is pursued."
        ),
        problem=(
            "Burglary series often leave usable images of a suspect but no name. Manual comparison against "
            "custody images took weeks and rarely finished."
        ),
        benefits=(
            "Candidate lists arrive within hours. In the first year, reviewed leads contributed to identifying "
            "suspects in 41 burglary series."
        ),
        outputs="A ranked list of up to 20 custody images with similarity scores, for examiner review only.",
        data=(
            "Probe images lawfully obtained in an investigation; the custody image database. Biometric data of "
            "suspects is processed; no images are kept by the supplier."
        ),
        oversight=(
            "Two trained facial examiners review every candidate list independently. A match is an "
            "intelligence lead, never evidence on its own."
        ),
        categories=("facial-recognition-retrospective",),
        techniques=("computer-vision", "biometrics", "deep-learning"),
        crime_areas=("general-policing", "organized-crime"),
        affected=("suspects", "general-public"),
        decision_role="recommends-or-prioritises",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="1",
        build="supplier",
        chart="flow",
        tags=("FRT", "custody images"),
        flow=("Probe image", "Face search", "Two examiners", "Lead"),
    ),
    Scenario(
        key="live-face-events",
        title="Live facial recognition at a major sporting event",
        summary=(
            "A time-limited deployment that compares faces at stadium entrances with a watch list of people "
            "wanted on warrants for serious offences; every alert is checked by an officer on site."
        ),
        problem="Wanted people for serious violent offences were known to attend large events undetected.",
        benefits="Four arrests of people wanted for serious violence over two match days; no false arrests.",
        outputs="Real-time alerts to an officer's handheld device, with the watch-list image for comparison.",
        data=(
            "Live video at two entrances; a watch list of 312 people approved by a senior officer. Non-matching "
            "biometric templates are deleted immediately."
        ),
        oversight=(
            "An officer compares each alert with the person before any stop. The deployment needs prior judicial "
            "authorisation and ends automatically after the event."
        ),
        categories=("facial-recognition-real-time",),
        techniques=("computer-vision", "biometrics"),
        crime_areas=("fugitives", "counter-terrorism"),
        affected=("general-public", "suspects"),
        decision_role="recommends-or-prioritises",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="1",
        build="supplier",
        chart="bar",
        tags=("FRT", "public events", "watch list"),
        stage="pilot",
        flow=("Camera", "Live matching", "Officer check", "Stop or no action"),
    ),
    Scenario(
        key="cctv-object-search",
        title="Object and vehicle search across seized CCTV footage",
        summary=(
            "Analysts search hundreds of hours of seized CCTV for a described vehicle or object instead of "
            "watching it in full; the tool does not identify people."
        ),
        problem="Major investigations collect more video than analysts can watch in time to be useful.",
        benefits="Review time for a typical case fell from nine days to one and a half.",
        outputs="Time-stamped clips that may contain the described vehicle or object.",
        data="Seized video footage held as case material; no biometric identification is performed.",
        oversight="Analysts watch every returned clip; nothing is logged as a finding until a person confirms it.",
        categories=("video-analytics",),
        techniques=("computer-vision", "deep-learning"),
        crime_areas=("vehicle-crime", "general-policing"),
        affected=("general-public", "suspects"),
        decision_role="informs",
        risk_tier="minimal",
        annex_iii_point="none",
        build="open_source",
        chart="bar",
        tags=("CCTV", "video review"),
    ),
    Scenario(
        key="plate-recognition",
        title="Licence-plate recognition alerts for stolen vehicles",
        summary=(
            "Fixed cameras on arterial roads read number plates and alert a control room when a plate matches "
            "the stolen-vehicle list; all other reads are deleted after 72 hours."
        ),
        problem="Stolen vehicles are used in other crimes within hours, long before they are found.",
        benefits="Recovery of stolen vehicles within 24 hours rose from 18% to 46%.",
        outputs="An alert with the plate, location, time and an image of the vehicle.",
        data="Plate reads and vehicle images; the national stolen-vehicle list. Reads without a match expire after 72 hours.",
        oversight="A control-room operator verifies the plate image against the alert before any unit is sent.",
        categories=("licence-plate-recognition",),
        techniques=("computer-vision", "rule-based-or-expert-system"),
        crime_areas=("vehicle-crime", "organized-crime"),
        affected=("general-public", "suspects"),
        decision_role="recommends-or-prioritises",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="6",
        build="supplier",
        chart="line",
        tags=("ANPR", "LPR"),
        flow=("Road camera", "Plate reading", "List check", "Operator"),
    ),
    Scenario(
        key="phone-triage",
        title="Triage of seized phones for relevant media",
        summary=(
            "Forensic examiners use image classification to surface media likely to be relevant (weapons, drugs, "
            "documents) from seized phones, so that the most relevant material is reviewed first."
        ),
        problem="Forensic backlogs of several months delayed charging decisions and kept people on bail.",
        benefits="Median time to first report fell from 11 weeks to 3.",
        outputs="Media items sorted into categories with a confidence score.",
        data="Extractions from devices seized under warrant; personal data of suspects and third parties.",
        oversight="Examiners review every item before it enters a report; the ranking never excludes material.",
        categories=("digital-forensics",),
        techniques=("computer-vision", "classical-machine-learning"),
        crime_areas=("drugs", "organized-crime"),
        affected=("suspects", "victims"),
        decision_role="informs",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="6",
        build="mixed",
        chart="bar",
        tags=("digital forensics", "backlog"),
    ),
    Scenario(
        key="victim-identification",
        title="Victim identification in child sexual abuse material",
        summary=(
            "Specialist investigators use hash matching and scene classification to find new material among "
            "known files and to link images taken in the same place, so that children at risk are found sooner."
        ),
        problem="Each seizure can contain millions of files, most of them already known, hiding new victims.",
        benefits="Known material is set aside automatically, and investigators reach new material within days.",
        outputs="Groups of images by likely scene, and flags for material not previously catalogued.",
        data="Seized material under warrant; hash databases shared between agencies. Highly sensitive data of children.",
        oversight="Only trained specialists see outputs; every victim-identification lead is reviewed by two people.",
        categories=("child-sexual-abuse-material-detection-and-victim-identification", "digital-forensics"),
        techniques=("computer-vision", "deep-learning", "graph-and-network-analytics"),
        crime_areas=("crimes-against-children",),
        affected=("victims", "suspects"),
        decision_role="recommends-or-prioritises",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="6",
        build="open_source",
        chart="network",
        tags=("CSAM", "victim identification", "open source"),
    ),
    Scenario(
        key="osint-firearms",
        title="Open-source monitoring of online firearms sales",
        summary=(
            "A text classifier flags public marketplace listings that appear to offer firearms or conversion kits "
            "illegally, for review by the firearms intelligence desk."
        ),
        problem="Illegal listings change wording constantly and appear on hundreds of public sites.",
        benefits="The desk reviews about 200 flagged listings a week instead of searching manually.",
        outputs="Flagged listings with the phrases that triggered the flag.",
        data="Publicly available listings only; no login-protected spaces. Personal data of sellers where listed.",
        oversight="An intelligence officer assesses every flag; no action follows from a flag alone.",
        categories=("open-source-intelligence",),
        techniques=("natural-language-processing", "classical-machine-learning"),
        crime_areas=("firearms", "cybercrime"),
        affected=("suspects", "general-public"),
        decision_role="recommends-or-prioritises",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="6",
        build="in_house",
        chart="line",
        tags=("OSINT", "firearms"),
    ),
    Scenario(
        key="call-transcription",
        title="Transcription and translation of lawfully intercepted calls",
        summary=(
            "Speech recognition and machine translation produce draft transcripts of intercepted calls in twelve "
            "languages; certified translators correct any passage used as evidence."
        ),
        problem="Too few translators for rare languages meant intercepted calls were reviewed weeks late.",
        benefits="Drafts are available within an hour; translators focus on the passages that matter.",
        outputs="Draft transcripts and translations marked as machine-generated.",
        data="Audio of calls intercepted under judicial warrant; personal data of suspects and third parties.",
        oversight="Every passage used in a report is checked by a certified translator.",
        categories=("speech-transcription-and-translation",),
        techniques=("speech-and-audio", "natural-language-processing", "deep-learning"),
        crime_areas=("drugs", "trafficking-in-human-beings-and-migrant-smuggling"),
        affected=("suspects", "witnesses"),
        decision_role="informs",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="6",
        build="mixed",
        chart="bar",
        tags=("NLP", "translation", "speech to text"),
    ),
    Scenario(
        key="case-file-entities",
        title="Entity extraction from large case files",
        summary=(
            "Investigators of complex fraud cases get people, companies, accounts and dates extracted from "
            "thousands of documents into a searchable index with links back to the source page."
        ),
        problem="Complex fraud files run to hundreds of thousands of pages; links between them were missed.",
        benefits="New investigators find their way around a file in days rather than weeks.",
        outputs="An index of entities with the pages they occur on.",
        data="Case documents lawfully obtained; personal data of suspects, witnesses and victims.",
        oversight="The index only points to documents; investigators read the source before relying on it.",
        categories=("text-and-case-file-analysis",),
        techniques=("natural-language-processing",),
        crime_areas=("financial-crime-and-corruption",),
        affected=("suspects", "witnesses", "victims"),
        decision_role="informs",
        risk_tier="minimal",
        annex_iii_point="none",
        build="in_house",
        chart="network",
        tags=("NLP", "fraud"),
    ),
    Scenario(
        key="money-mule-networks",
        title="Mapping money-mule networks from suspicious transaction reports",
        summary=(
            "Graph analysis of suspicious transaction reports groups accounts that move money together, so that "
            "financial investigators can prioritise the networks behind fraud proceeds."
        ),
        problem="Thousands of reports a month arrive one by one; networks behind them stayed invisible.",
        benefits="Investigators now open cases against networks instead of single accounts.",
        outputs="Clusters of accounts with a priority score and the transactions that link them.",
        data="Suspicious transaction reports from banks; personal and financial data of account holders.",
        oversight="A financial investigator reviews each cluster; a score never triggers action on an account.",
        categories=("crime-pattern-and-network-analysis", "financial-and-cryptocurrency-analysis"),
        techniques=("graph-and-network-analytics", "classical-machine-learning"),
        crime_areas=("financial-crime-and-corruption", "organized-crime"),
        affected=("suspects",),
        decision_role="recommends-or-prioritises",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="6",
        build="in_house",
        chart="network",
        tags=("money laundering", "graph analytics"),
    ),
    Scenario(
        key="burglary-hotspots",
        title="Burglary hot-spot forecasting for patrol planning",
        summary=(
            "A place-based model forecasts which 250-metre grid cells are likely to see burglaries in the coming "
            "week; supervisors use it alongside local knowledge to plan visible patrols."
        ),
        problem="Patrols were planned from last month's figures and arrived after burglary waves had moved on.",
        benefits="In the pilot districts, residential burglary fell 11% against comparison districts.",
        outputs="A weekly map of grid cells with a relative risk band; no information about individuals.",
        data="Recorded burglaries (location and time only), weather and calendar data. No personal data.",
        oversight="Supervisors decide patrol plans; the map is one input and can be overruled.",
        categories=("place-based-forecasting", "resource-and-patrol-planning"),
        techniques=("classical-machine-learning",),
        crime_areas=("general-policing",),
        affected=("general-public", "officers"),
        decision_role="recommends-or-prioritises",
        risk_tier="minimal",
        annex_iii_point="none",
        build="in_house",
        chart="line",
        tags=("patrol planning", "forecasting"),
    ),
    Scenario(
        key="reoffending-profile",
        title="Reoffending prediction from personal profiles (discontinued)",
        summary=(
            "A scoring tool that predicted reoffending from personal characteristics alone. It was withdrawn after "
            "a legal review concluded it would be a prohibited practice; the case is published as a lesson learned."
        ),
        problem="The tool was meant to help target offender-management resources.",
        benefits="None retained; the review documented why profiling-only prediction must not be used.",
        outputs="A risk score per person (no longer produced).",
        data="Historic records of convictions and personal characteristics; all scores have been deleted.",
        oversight="Scores were shown to case officers; the review found oversight could not cure the design.",
        categories=("individual-risk-assessment",),
        techniques=("classical-machine-learning",),
        crime_areas=("general-policing", "drugs"),
        affected=("suspects",),
        decision_role="recommends-or-prioritises",
        risk_tier="prohibited-practice",
        annex_iii_point="6",
        build="supplier",
        chart="bar",
        tags=("lessons learned", "profiling"),
        stage="retired",
    ),
    Scenario(
        key="domestic-abuse-risk",
        title="Structured risk assessment support for domestic abuse cases",
        summary=(
            "Officers complete a structured questionnaire with victims; a model trained on past cases highlights "
            "answers associated with escalation, so that safeguarding referrals are not missed."
        ),
        problem="High-risk cases were sometimes graded standard because warning signs were spread over answers.",
        benefits="Referrals of high-risk cases to specialist support rose by a quarter in the evaluation.",
        outputs="A highlighted summary of answers and a suggested risk band for the officer's own grading.",
        data="Questionnaire answers and incident history; sensitive personal data of victims and suspects.",
        oversight="The officer grades the risk and records reasons; a supervisor reviews every high-risk grading.",
        categories=("individual-risk-assessment",),
        techniques=("classical-machine-learning", "rule-based-or-expert-system"),
        crime_areas=("general-policing", "crimes-against-children"),
        affected=("victims", "suspects"),
        decision_role="decides-with-human-sign-off",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="6",
        build="in_house",
        chart="bar",
        tags=("safeguarding", "victims"),
    ),
    Scenario(
        key="call-triage",
        title="Emergency call triage with language detection",
        summary=(
            "Emergency calls are transcribed as they happen; the system detects the caller's language and key "
            "risk words so that call-takers can bring in an interpreter and prioritise faster."
        ),
        problem="Callers who do not speak the local language waited longest, sometimes in danger.",
        benefits="Time to connect an interpreter fell from four minutes to under one.",
        outputs="A live transcript, the detected language, and highlighted risk words.",
        data="Live audio of emergency calls; personal data of callers. Transcripts are kept with the call record.",
        oversight="Call-takers grade every call themselves; highlights only draw attention.",
        categories=("emergency-call-triage", "speech-transcription-and-translation"),
        techniques=("speech-and-audio", "natural-language-processing"),
        crime_areas=("general-policing",),
        affected=("general-public", "victims"),
        decision_role="informs",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="5",
        build="supplier",
        chart="line",
        tags=("emergency calls", "interpreting"),
    ),
    Scenario(
        key="reporting-chatbot",
        title="Online crime-reporting assistant",
        summary=(
            "A chatbot on the police website helps people report non-emergency crimes such as online fraud, asks "
            "the questions investigators need, and always says that the visitor is talking to a machine."
        ),
        problem="Online reports were often incomplete, so officers had to call every reporter back.",
        benefits="Complete reports rose from 52% to 81%; call-backs halved.",
        outputs="A structured crime report, and signposting to victim support.",
        data="What the reporter types; personal data of reporters and of the people they report.",
        oversight="Every report is read by a call-handler; the assistant cannot close or grade a report.",
        categories=("chatbots-and-virtual-assistants",),
        techniques=("natural-language-processing", "generative-ai"),
        crime_areas=("cybercrime", "general-policing"),
        affected=("general-public", "victims"),
        decision_role="informs",
        risk_tier="transparency-obligations",
        annex_iii_point="none",
        build="supplier",
        chart="bar",
        tags=("chatbot", "online reporting"),
        flow=("Visitor", "Assistant", "Call-handler", "Crime record"),
    ),
    Scenario(
        key="manipulated-media",
        title="Detecting manipulated images in fraud reports",
        summary=(
            "Fraud investigators check images submitted as evidence (invoices, IDs, screenshots) for signs of "
            "manipulation or synthetic generation before relying on them."
        ),
        problem="Generated and edited documents increasingly support false insurance and fraud claims.",
        benefits="Manipulated documents are spotted early, before investigators spend days on a false lead.",
        outputs="A report of regions that show signs of manipulation, with the method that flagged them.",
        data="Images submitted in reports and case files; may contain personal data.",
        oversight="A trained examiner interprets every report; it is never submitted to court unreviewed.",
        categories=("deepfake-and-manipulated-media-detection",),
        techniques=("computer-vision", "deep-learning"),
        crime_areas=("financial-crime-and-corruption", "cybercrime"),
        affected=("victims", "suspects"),
        decision_role="informs",
        risk_tier="minimal",
        annex_iii_point="none",
        build="open_source",
        chart="line",
        tags=("deepfakes", "fraud"),
    ),
    Scenario(
        key="ransomware-payments",
        title="Tracing ransomware payments on public blockchains",
        summary=(
            "Cybercrime investigators follow ransom payments through public blockchains; clustering heuristics "
            "group addresses likely controlled by the same actor and flag deposits at exchanges."
        ),
        problem="Ransom payments pass through hundreds of addresses within hours.",
        benefits="Exchange deposits were identified in time to request freezing in six cases.",
        outputs="A graph of address clusters and flagged exchange deposits.",
        data="Public blockchain data; exchange responses to legal requests (personal data of account holders).",
        oversight="An investigator validates each cluster before any legal request to an exchange.",
        categories=("financial-and-cryptocurrency-analysis",),
        techniques=("graph-and-network-analytics", "rule-based-or-expert-system"),
        crime_areas=("cybercrime", "financial-crime-and-corruption"),
        affected=("suspects",),
        decision_role="recommends-or-prioritises",
        risk_tier="minimal",
        annex_iii_point="none",
        build="mixed",
        chart="network",
        tags=("cryptocurrency", "ransomware"),
    ),
    Scenario(
        key="drone-logging",
        title="Drone surveys for illegal logging in protected forests",
        summary=(
            "Drones fly planned routes over protected forest and a model flags fresh clearings and logging tracks; "
            "rangers and police plan ground patrols from the flagged locations."
        ),
        problem="Illegal logging in remote areas was found months later, if at all.",
        benefits="New clearings are found within a week; two organised logging operations were disrupted.",
        outputs="Map locations of probable clearings with before-and-after images.",
        data="Aerial imagery of uninhabited forest; imagery with people in it is discarded automatically.",
        oversight="Rangers verify every flagged location on the ground; the drone's route planner flies autonomously.",
        categories=("drones-and-robotics", "video-analytics"),
        techniques=("computer-vision", "reinforcement-learning", "deep-learning"),
        crime_areas=("environmental-crime",),
        affected=("no-natural-persons",),
        decision_role="acts-automatically",
        risk_tier="minimal",
        annex_iii_point="none",
        build="mixed",
        chart="bar",
        tags=("drones", "environment"),
        flow=("Flight plan", "Drone imagery", "Clearing detection", "Ranger visit"),
    ),
    Scenario(
        key="statement-drafting",
        title="Drafting assistant for witness statement summaries",
        summary=(
            "A generative assistant drafts summaries of long witness statements for case files; the officer edits "
            "and signs every summary, and drafts are labelled as machine-generated."
        ),
        problem="Officers spent hours summarising statements, delaying files to prosecutors.",
        benefits="Summaries take minutes instead of hours; prosecutors report no drop in quality.",
        outputs="A draft summary with references to the paragraphs of the statement.",
        data="Witness statements; personal data of witnesses, victims and suspects. Processed in a closed environment.",
        oversight="The officer checks the draft against the statement and signs the final version.",
        categories=("generative-assistants",),
        techniques=("generative-ai", "natural-language-processing"),
        crime_areas=("general-policing",),
        affected=("witnesses", "officers"),
        decision_role="informs",
        risk_tier="transparency-obligations",
        annex_iii_point="none",
        build="supplier",
        chart="line",
        tags=("generative AI", "case files"),
    ),
    Scenario(
        key="disclosure-redaction",
        title="Automated redaction of documents for disclosure",
        summary=(
            "Before documents are disclosed, the system proposes redactions of names, addresses and phone numbers "
            "of third parties; a disclosure officer approves each document."
        ),
        problem="Manual redaction was slow and occasionally missed third-party details.",
        benefits="Redaction time fell by 70%; missed redactions found in audits dropped to near zero.",
        outputs="Proposed redactions that a disclosure officer accepts or rejects.",
        data="Case documents containing personal data of witnesses, victims and third parties.",
        oversight="A disclosure officer approves every document before release.",
        categories=("back-office-automation",),
        techniques=("natural-language-processing", "rule-based-or-expert-system"),
        crime_areas=("general-policing",),
        affected=("witnesses", "victims", "general-public"),
        decision_role="decides-with-human-sign-off",
        risk_tier="minimal",
        annex_iii_point="none",
        build="in_house",
        chart="bar",
        tags=("redaction", "disclosure"),
    ),
    Scenario(
        key="darkweb-agent",
        title="Agentic research assistant for dark-web marketplace monitoring",
        summary=(
            "A research prototype in which an AI agent navigates public dark-web marketplaces, records listings of "
            "drugs and counterfeit goods, and summarises trends for analysts; it never buys or messages anyone."
        ),
        problem="Marketplaces appear and vanish quickly; manual monitoring misses most of them.",
        benefits="Analysts get weekly trend summaries across 30 marketplaces in the research setting.",
        outputs="Weekly trend summaries and a catalogue of listings with screenshots.",
        data="Public marketplace pages; vendor pseudonyms. No interaction with users of the markets.",
        oversight="Researchers review the agent's actions daily; it runs in a sandbox with an allow-list of actions.",
        categories=("open-source-intelligence", "generative-assistants"),
        techniques=("agentic-ai", "generative-ai", "natural-language-processing"),
        crime_areas=("drugs", "illicit-goods-and-counterfeiting"),
        affected=("suspects",),
        decision_role="informs",
        risk_tier="minimal",
        annex_iii_point="none",
        build="in_house",
        chart="line",
        tags=("OSINT", "dark web", "research"),
        stage="research-and-development",
    ),
    Scenario(
        key="stolen-art-matching",
        title="Matching online auction listings against stolen cultural objects",
        summary=(
            "Images from online auction listings are compared with a database of stolen cultural objects; likely "
            "matches go to specialist officers, who contact the platform."
        ),
        problem="Stolen antiquities resurface on online auctions and are sold before anyone notices.",
        benefits="Eleven objects were recovered in the first year from matches reviewed by specialists.",
        outputs="Candidate matches with both images side by side.",
        data="Public auction images; the stolen cultural objects database. No personal data is processed.",
        oversight="A specialist officer confirms each match before contacting a platform.",
        categories=("open-source-intelligence", "video-analytics"),
        techniques=("computer-vision", "deep-learning"),
        crime_areas=("cultural-property", "illicit-goods-and-counterfeiting"),
        affected=("no-natural-persons",),
        decision_role="recommends-or-prioritises",
        risk_tier="minimal",
        annex_iii_point="none",
        build="open_source",
        chart="bar",
        tags=("cultural heritage", "image matching"),
    ),
    Scenario(
        key="trafficking-ads",
        title="Detecting trafficking indicators in online advertisements",
        summary=(
            "A classifier flags online adult-services and job advertisements that show indicators of human "
            "trafficking, such as shared phone numbers and scripted wording, for specialist review."
        ),
        problem="Indicators of trafficking are spread across thousands of advertisements a day.",
        benefits="Specialists identified 23 potential victims in the evaluation period.",
        outputs="Flagged advertisements grouped by shared contact details, with the indicators found.",
        data="Publicly posted advertisements; personal data of advertisers and potential victims.",
        oversight="Specialist officers review each group; victim support is involved before any contact.",
        categories=("text-and-case-file-analysis", "open-source-intelligence"),
        techniques=("natural-language-processing", "classical-machine-learning"),
        crime_areas=("trafficking-in-human-beings-and-migrant-smuggling",),
        affected=("victims", "suspects"),
        decision_role="recommends-or-prioritises",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="6",
        build="in_house",
        chart="network",
        tags=("THB", "online advertisements"),
    ),
    Scenario(
        key="container-targeting",
        title="Risk targeting of containers for counterfeit goods",
        summary=(
            "A model scores container declarations for the likelihood of counterfeit goods and automatically "
            "selects a share of high-scoring containers for physical inspection."
        ),
        problem="Only 2% of containers can be inspected; random selection found little.",
        benefits="Seizures per inspection tripled in the first six months.",
        outputs="An inspection selection list for each vessel.",
        data="Customs declarations of companies; no data about natural persons is used.",
        oversight="Selection is automatic; officers review the model's hit rate monthly and can change thresholds.",
        categories=("crime-pattern-and-network-analysis",),
        techniques=("classical-machine-learning", "rule-based-or-expert-system"),
        crime_areas=("illicit-goods-and-counterfeiting",),
        affected=("no-natural-persons",),
        decision_role="acts-automatically",
        risk_tier="minimal",
        annex_iii_point="none",
        build="in_house",
        chart="bar",
        tags=("customs", "counterfeits"),
    ),
    Scenario(
        key="fugitive-notices",
        title="Cross-checking international notices for wanted fugitives",
        summary=(
            "Name-matching across alphabets and transliterations helps officers find whether a person in a border "
            "or custody check is subject to an international notice."
        ),
        problem="Spelling variations across alphabets meant fugitives passed checks unrecognised.",
        benefits="Possible matches are found in seconds, including spellings that exact search misses.",
        outputs="Possible matches with the reasons for the match, for an officer to verify.",
        data="Names and dates of birth from checks; notice data shared between member countries.",
        oversight="An officer verifies identity documents and the notice before any detention.",
        categories=("text-and-case-file-analysis",),
        techniques=("natural-language-processing", "rule-based-or-expert-system"),
        crime_areas=("fugitives", "counter-terrorism"),
        affected=("suspects", "general-public"),
        decision_role="recommends-or-prioritises",
        risk_tier="high-risk-annex-iii",
        annex_iii_point="7",
        build="in_house",
        chart="flow",
        tags=("fugitives", "name matching"),
        flow=("Border check", "Name matching", "Officer verification", "Notice action"),
    ),
)

#: Two cases written in the language of their organisation (content stays as written, labelled).
LOCAL_LANGUAGE_CASES: tuple[dict, ...] = (
    {
        "slug": "analyse-video-gendarmerie-atlas",
        "language": "fr",
        "organisation": "Atlas Royal Gendarmerie",
        "scenario": "cctv-object-search",
        "title": "Recherche de véhicules dans les vidéos saisies",
        "summary": (
            "Les analystes recherchent un véhicule décrit dans des centaines d'heures de vidéos saisies, sans "
            "visionner l'intégralité des enregistrements ; l'outil n'identifie pas les personnes."
        ),
        "problem": "Les grandes enquêtes réunissent plus de vidéos que les analystes ne peuvent en visionner à temps.",
        "benefits": "Le temps d'exploitation d'une affaire type est passé de neuf jours à un jour et demi.",
        "outputs": "Des extraits horodatés susceptibles de montrer le véhicule recherché.",
        "data": "Vidéos saisies dans le cadre de l'enquête ; aucune identification biométrique.",
        "oversight": "Les analystes visionnent chaque extrait ; rien n'est consigné sans confirmation humaine.",
        "legal_basis_summary": "Le code de procédure pénale, selon un avis juridique écrit validé par le service juridique.",
        "necessity_proportionality": (
            "Le visionnage manuel ne permettait pas de traiter les volumes. L'usage est limité aux enquêtes "
            "judiciaires, au personnel habilité et aux vidéos saisies."
        ),
        "impact_assessments_summary": "Analyse d'impact relative à la protection des données réalisée (2024).",
        "evaluation_summary": "Testé sur 300 affaires réelles avant la mise en service ; taux d'erreur mesurés chaque mois.",
        "redress_route": "Toute personne concernée peut saisir l'inspection générale ; les résultats utilisés sont communiqués à la défense.",
        "accountable_role": "Chef du service d'analyse criminelle",
        "logging_audit_summary": "Chaque recherche est journalisée avec l'utilisateur et l'affaire ; audit interne deux fois par an.",
    },
    {
        "slug": "analisis-redes-policia-andes",
        "language": "es",
        "organisation": "Andes Investigative Police",
        "scenario": "money-mule-networks",
        "title": "Análisis de redes de mulas financieras",
        "summary": (
            "El análisis de grafos de los reportes de operaciones sospechosas agrupa cuentas que mueven dinero "
            "juntas, para que los investigadores prioricen las redes detrás del fraude."
        ),
        "problem": "Miles de reportes llegan cada mes uno por uno; las redes detrás de ellos quedaban ocultas.",
        "benefits": "Los investigadores abren ahora casos contra redes y no contra cuentas aisladas.",
        "outputs": "Grupos de cuentas con una prioridad y las transacciones que las vinculan.",
        "data": "Reportes de operaciones sospechosas de los bancos; datos personales y financieros.",
        "oversight": "Un investigador financiero revisa cada grupo; una puntuación nunca basta para actuar.",
        "legal_basis_summary": "La ley orgánica de la policía y el código procesal penal, según un informe jurídico escrito.",
        "necessity_proportionality": (
            "La revisión manual no permitía ver las redes. El uso se limita a investigaciones de lavado de "
            "activos, a personal autorizado y a los reportes recibidos."
        ),
        "impact_assessments_summary": "Evaluación de impacto en la protección de datos completada (2024).",
        "evaluation_summary": "Probado con 500 casos reales antes de su uso; los errores se revisan cada mes.",
        "redress_route": "Toda persona afectada puede presentar una queja ante la fiscalía o el órgano de control policial.",
        "accountable_role": "Jefe de la Unidad de Inteligencia Financiera",
        "logging_audit_summary": "Cada consulta se registra con el usuario y el caso; auditoría interna dos veces al año.",
    },
)


@dataclass(frozen=True)
class Boilerplate:
    """Safeguard texts that vary little between cases; formatted with the case's details."""

    legal_basis: str = (
        "The national police act and the code of criminal procedure, as applied in a written legal opinion "
        "signed off by the {org_kind} legal service."
    )
    necessity: str = (
        "Alternatives without AI were tried first and could not keep up. Use is limited to {crime} "
        "investigations, to authorised staff, and to the data set out above; the benefit is reviewed every year."
    )
    impact: str = (
        "Data protection impact assessment completed ({year}); toolkit risk assessment completed; "
        "fundamental-rights impact assessment {fria}."
    )
    evaluation: str = (
        "Tested on {test_size} cases from real operations before use; error rates are measured per month. "
        "Results were compared across age, sex and skin-tone groups where images of people are involved; "
        "no group showed a materially higher error rate."
    )
    redress: str = (
        "Anyone affected can complain to the professional standards department or the independent police "
        "complaints body; outputs relied on in proceedings are disclosed to the defence."
    )
    accountable_role: str = "Head of {unit}"
    logging: str = (
        "Every query and output is logged with the user and the case reference, kept for five years, and "
        "audited twice a year by the internal audit unit."
    )
    extra: dict = field(default_factory=dict)


BOILERPLATE = Boilerplate()
