"""French, Spanish and Arabic names for the taxonomy values seeded by 0004 (formal register).

Keyed by the slug 0004 gave each value. Only empty translations are filled, so
running it again (or after editors typed their own) changes nothing an editor wrote;
values editors added later get their translations in the admin.
"""

from django.db import migrations
from django.utils.text import slugify

# model → [(English name as seeded, French, Spanish, Arabic)]
TRANSLATIONS = {
    "UseCategory": [
        ("Facial recognition (retrospective)", "Reconnaissance faciale (a posteriori)", "Reconocimiento facial (retrospectivo)", "التعرف على الوجه (بأثر رجعي)"),
        ("Facial recognition (real-time)", "Reconnaissance faciale (en temps réel)", "Reconocimiento facial (en tiempo real)", "التعرف على الوجه (في الوقت الفعلي)"),
        ("Video analytics", "Analyse vidéo", "Análisis de vídeo", "تحليل الفيديو"),
        ("Licence-plate recognition", "Lecture des plaques d'immatriculation", "Reconocimiento de matrículas", "التعرف على لوحات المركبات"),
        ("Digital forensics", "Criminalistique numérique", "Informática forense", "التحليل الجنائي الرقمي"),
        ("Child sexual abuse material detection and victim identification", "Détection de contenus pédocriminels et identification des victimes", "Detección de material de abuso sexual infantil e identificación de víctimas", "كشف مواد الاعتداء الجنسي على الأطفال وتحديد هوية الضحايا"),
        ("Open-source intelligence", "Renseignement d'origine sources ouvertes", "Inteligencia de fuentes abiertas", "الاستخبارات من المصادر المفتوحة"),
        ("Speech, transcription and translation", "Parole, transcription et traduction", "Voz, transcripción y traducción", "الكلام والنسخ والترجمة"),
        ("Text and case-file analysis", "Analyse de textes et de dossiers", "Análisis de textos y expedientes", "تحليل النصوص وملفات القضايا"),
        ("Crime pattern and network analysis", "Analyse des schémas criminels et des réseaux", "Análisis de patrones delictivos y de redes", "تحليل أنماط الجريمة والشبكات"),
        ("Place-based forecasting", "Prévision géographique de la délinquance", "Predicción delictiva basada en lugares", "التنبؤ المكاني بالجريمة"),
        ("Individual risk assessment", "Évaluation individuelle des risques", "Evaluación de riesgos individuales", "تقييم المخاطر الفردية"),
        ("Resource and patrol planning", "Planification des ressources et des patrouilles", "Planificación de recursos y patrullas", "تخطيط الموارد والدوريات"),
        ("Emergency call triage", "Tri des appels d'urgence", "Clasificación de llamadas de emergencia", "فرز مكالمات الطوارئ"),
        ("Chatbots and virtual assistants", "Agents conversationnels et assistants virtuels", "Asistentes conversacionales y virtuales", "روبوتات المحادثة والمساعدون الافتراضيون"),
        ("Deepfake and manipulated-media detection", "Détection des hypertrucages et des médias manipulés", "Detección de ultrafalsos y medios manipulados", "كشف التزييف العميق والوسائط المتلاعب بها"),
        ("Financial and cryptocurrency analysis", "Analyse financière et des cryptoactifs", "Análisis financiero y de criptomonedas", "التحليل المالي وتحليل العملات المشفرة"),
        ("Drones and robotics", "Drones et robotique", "Drones y robótica", "الطائرات المسيّرة والروبوتات"),
        ("Generative assistants", "Assistants génératifs", "Asistentes generativos", "المساعدون التوليديون"),
        ("Back-office automation", "Automatisation des tâches administratives", "Automatización de tareas administrativas", "أتمتة الأعمال الإدارية"),
    ],
    "AITechnique": [
        ("Computer vision", "Vision par ordinateur", "Visión artificial", "الرؤية الحاسوبية"),
        ("Natural language processing", "Traitement automatique du langage naturel", "Procesamiento del lenguaje natural", "معالجة اللغة الطبيعية"),
        ("Speech and audio", "Parole et audio", "Voz y audio", "الكلام والصوت"),
        ("Classical machine learning", "Apprentissage automatique classique", "Aprendizaje automático clásico", "التعلم الآلي التقليدي"),
        ("Deep learning", "Apprentissage profond", "Aprendizaje profundo", "التعلم العميق"),
        ("Generative AI", "IA générative", "IA generativa", "الذكاء الاصطناعي التوليدي"),
        ("Agentic AI", "IA agentique", "IA agéntica", "الذكاء الاصطناعي الوكيلي"),
        ("Reinforcement learning", "Apprentissage par renforcement", "Aprendizaje por refuerzo", "التعلم المعزز"),
        ("Biometrics", "Biométrie", "Biometría", "القياسات الحيوية"),
        ("Rule-based or expert system", "Système à base de règles ou système expert", "Sistema basado en reglas o sistema experto", "نظام قائم على القواعد أو نظام خبير"),
        ("Graph and network analytics", "Analyse de graphes et de réseaux", "Análisis de grafos y redes", "تحليل المخططات البيانية والشبكات"),
    ],
    "CrimeArea": [
        ("Counter-terrorism", "Lutte contre le terrorisme", "Lucha contra el terrorismo", "مكافحة الإرهاب"),
        ("Cybercrime", "Cybercriminalité", "Ciberdelincuencia", "الجريمة السيبرانية"),
        ("Drugs", "Drogues", "Drogas", "المخدرات"),
        ("Financial crime and corruption", "Criminalité financière et corruption", "Delitos financieros y corrupción", "الجرائم المالية والفساد"),
        ("Trafficking in human beings and migrant smuggling", "Traite des êtres humains et trafic de migrants", "Trata de personas y tráfico ilícito de migrantes", "الاتجار بالبشر وتهريب المهاجرين"),
        ("Crimes against children", "Crimes contre les enfants", "Delitos contra menores", "الجرائم ضد الأطفال"),
        ("Organized crime", "Criminalité organisée", "Delincuencia organizada", "الجريمة المنظمة"),
        ("Firearms", "Armes à feu", "Armas de fuego", "الأسلحة النارية"),
        ("Environmental crime", "Criminalité environnementale", "Delitos contra el medio ambiente", "الجرائم البيئية"),
        ("Illicit goods and counterfeiting", "Marchandises illicites et contrefaçon", "Mercancías ilícitas y falsificación", "السلع غير المشروعة والتزييف"),
        ("Vehicle crime", "Criminalité liée aux véhicules", "Delitos relacionados con vehículos", "الجرائم المتعلقة بالمركبات"),
        ("Fugitives", "Fugitifs", "Prófugos", "الفارّون من العدالة"),
        ("Cultural property", "Biens culturels", "Bienes culturales", "الممتلكات الثقافية"),
        ("General policing", "Missions générales de police", "Labor policial general", "العمل الشرطي العام"),
    ],
    "DeploymentStage": [
        ("Concept", "Conception", "Concepto", "مرحلة المفهوم"),
        ("Research and development", "Recherche et développement", "Investigación y desarrollo", "البحث والتطوير"),
        ("Pilot", "Projet pilote", "Proyecto piloto", "مرحلة تجريبية"),
        ("In operation", "En service", "En funcionamiento", "قيد التشغيل"),
        ("Retired", "Retiré du service", "Retirado del servicio", "خارج الخدمة"),
    ],
    "OrganisationType": [
        ("National police", "Police nationale", "Policía nacional", "الشرطة الوطنية"),
        ("Local or regional police", "Police locale ou régionale", "Policía local o regional", "الشرطة المحلية أو الإقليمية"),
        ("International organisation", "Organisation internationale", "Organización internacional", "منظمة دولية"),
        ("Other public body", "Autre organisme public", "Otro organismo público", "هيئة عامة أخرى"),
        ("Industry", "Secteur privé", "Sector privado", "القطاع الخاص"),
        ("Academia or research", "Milieu universitaire ou recherche", "Ámbito académico o de investigación", "الأوساط الأكاديمية أو البحثية"),
        ("Civil society", "Société civile", "Sociedad civil", "المجتمع المدني"),
    ],
    "Region": [
        ("Africa", "Afrique", "África", "أفريقيا"),
        ("Americas", "Amériques", "Américas", "الأمريكتان"),
        ("Asia", "Asie", "Asia", "آسيا"),
        ("Europe", "Europe", "Europa", "أوروبا"),
        ("Oceania", "Océanie", "Oceanía", "أوقيانوسيا"),
    ],
    "RiskTier": [
        ("Prohibited practice", "Pratique interdite", "Práctica prohibida", "ممارسة محظورة"),
        ("High-risk (Annex III)", "Haut risque (annexe III)", "Alto riesgo (anexo III)", "عالي المخاطر (الملحق الثالث)"),
        ("Transparency obligations", "Obligations de transparence", "Obligaciones de transparencia", "التزامات الشفافية"),
        ("Minimal", "Risque minimal", "Riesgo mínimo", "مخاطر ضئيلة"),
        ("Outside EU scope", "Hors du champ d'application de l'UE", "Fuera del ámbito de la UE", "خارج نطاق الاتحاد الأوروبي"),
    ],
    "DecisionRole": [
        ("Informs", "Informe", "Informa", "يقدّم معلومات"),
        ("Recommends or prioritises", "Recommande ou hiérarchise", "Recomienda o prioriza", "يوصي أو يحدد الأولويات"),
        ("Decides with human sign-off", "Décide sous réserve de validation humaine", "Decide con validación humana", "يقرّر مع مصادقة بشرية"),
        ("Acts automatically", "Agit automatiquement", "Actúa automáticamente", "يعمل تلقائياً"),
    ],
    "AffectedPersonGroup": [
        ("Suspects", "Suspects", "Sospechosos", "المشتبه بهم"),
        ("Victims", "Victimes", "Víctimas", "الضحايا"),
        ("Witnesses", "Témoins", "Testigos", "الشهود"),
        ("General public", "Grand public", "Público en general", "عامة الجمهور"),
        ("Officers", "Agents des forces de l'ordre", "Agentes de policía", "أفراد إنفاذ القانون"),
        ("No natural persons", "Aucune personne physique", "Ninguna persona física", "لا يوجد أشخاص طبيعيون"),
    ],
}


def seed(apps, schema_editor):
    for model_name, rows in TRANSLATIONS.items():
        Model = apps.get_model("showcase", model_name)
        for english, fr, es, ar in rows:
            value = Model.objects.filter(slug=slugify(english)).first()
            if value is None:
                continue
            changed = [f for f, text in (("name_fr", fr), ("name_es", es), ("name_ar", ar)) if not getattr(value, f)]
            for field, text in (("name_fr", fr), ("name_es", es), ("name_ar", ar)):
                if field in changed:
                    setattr(value, field, text)
            if changed:
                value.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("showcase", "0012_taxonomy_translations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
