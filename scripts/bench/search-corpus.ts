// Realistic multilingual text for the search benchmark: what coalitions and expert organisations
// actually write about (legal, digital security, advocacy), in English, Spanish and French, with accents.
// Deterministic: the same seed gives the same corpus.

export type Lang = "en" | "es" | "fr";
export type CategoryId = "legal" | "digital_security" | "advocacy";

type Vocabulary = {
  needTitles: string[];
  offerTitles: string[];
  /** Sentence parts; a summary is three or four of them. */
  sentences: string[];
};

export const CORPUS: Record<CategoryId, Record<Lang, Vocabulary>> = {
  legal: {
    en: {
      needTitles: [
        "Legal review of the new NGO registration law",
        "Challenge to foreign funding restrictions",
        "Support on counter-terrorism financing rules affecting civil society",
        "Defending the right to peaceful assembly",
        "Defamation lawsuits against journalists and activists",
        "Tax exemptions for non-profit organisations",
        "Comments on a draft law on associations",
        "Strategic litigation before the constitutional court",
      ],
      offerTitles: [
        "Pro bono legal analysis of civil-society legislation",
        "Strategic litigation support for civic space",
        "Review of draft laws and regulations",
        "Legal advice on registration and legal status",
      ],
      sentences: [
        "The parliament is debating a bill that would require every association to register again",
        "Foreign funding above a small threshold would need prior government approval",
        "We need a comparative analysis of international standards on freedom of association",
        "The new regulation gives the ministry broad powers to suspend organisations",
        "Several members received fines under anti-money laundering rules",
        "We want to prepare an amicus brief and coordinate a litigation strategy",
        "Lawyers in our network lack experience with the FATF Recommendation 8 evaluation",
        "Protesters were detained and charged under a vague public order law",
        "A draft tax reform would remove the exemptions for charitable donations",
        "The coalition plans to submit written comments before the public consultation closes",
      ],
    },
    es: {
      needTitles: [
        "Revisión jurídica de la nueva ley de registro de organizaciones",
        "Impugnación de las restricciones al financiamiento extranjero",
        "Apoyo sobre normas antiterroristas que afectan a la sociedad civil",
        "Defensa del derecho de reunión pacífica y protesta",
        "Demandas por difamación contra periodistas y defensoras",
        "Exenciones fiscales para organizaciones sin fines de lucro",
        "Comentarios a un proyecto de ley de asociaciones civiles",
        "Litigio estratégico ante la corte constitucional",
      ],
      offerTitles: [
        "Análisis jurídico pro bono de la legislación sobre sociedad civil",
        "Acompañamiento en litigio estratégico para el espacio cívico",
        "Revisión de proyectos de ley y reglamentos",
        "Asesoría legal sobre registro y personalidad jurídica",
      ],
      sentences: [
        "El congreso discute una iniciativa que obligaría a todas las asociaciones a registrarse de nuevo",
        "El financiamiento extranjero requeriría autorización previa de la secretaría de gobernación",
        "Necesitamos un análisis comparado de los estándares internacionales sobre libertad de asociación",
        "La nueva regulación otorga al ministerio amplias facultades para suspender organizaciones",
        "Varias integrantes de la coalición recibieron multas por normas de prevención de lavado de dinero",
        "Queremos preparar un amicus curiae y coordinar una estrategia de litigio",
        "Los abogados de nuestra red no conocen la evaluación de la Recomendación 8 del GAFI",
        "Manifestantes fueron detenidos y acusados con base en una ley de orden público ambigua",
        "Una reforma fiscal eliminaría las deducciones por donativos a organizaciones de la sociedad civil",
        "La coalición presentará observaciones escritas antes del cierre de la consulta pública",
      ],
    },
    fr: {
      needTitles: [
        "Analyse juridique de la nouvelle loi sur l'enregistrement des associations",
        "Contestation des restrictions au financement étranger",
        "Appui sur les règles antiterroristes qui touchent la société civile",
        "Défense du droit de réunion pacifique et de manifestation",
        "Poursuites en diffamation contre des journalistes et des défenseurs",
        "Exonérations fiscales pour les organisations à but non lucratif",
        "Commentaires sur un projet de loi relatif aux associations",
        "Contentieux stratégique devant la cour constitutionnelle",
      ],
      offerTitles: [
        "Analyse juridique pro bono de la législation sur la société civile",
        "Appui au contentieux stratégique pour l'espace civique",
        "Relecture de projets de loi et de décrets",
        "Conseil juridique sur l'enregistrement et le statut légal",
      ],
      sentences: [
        "L'assemblée nationale examine un projet qui obligerait chaque association à se réenregistrer",
        "Tout financement étranger au-delà d'un seuil exigerait une autorisation préalable du ministère",
        "Nous avons besoin d'une analyse comparée des normes internationales sur la liberté d'association",
        "Le nouveau décret donne à l'administration de larges pouvoirs de suspension des organisations",
        "Plusieurs membres ont reçu des amendes au titre de la lutte contre le blanchiment",
        "Nous voulons préparer un mémoire d'amicus curiae et coordonner une stratégie contentieuse",
        "Les avocats de notre réseau connaissent mal l'évaluation de la Recommandation 8 du GAFI",
        "Des manifestants ont été arrêtés et poursuivis sur la base d'une loi d'ordre public très vague",
        "Une réforme fiscale supprimerait les déductions pour les dons aux associations",
        "La coalition déposera des observations écrites avant la fin de la consultation publique",
      ],
    },
  },
  digital_security: {
    en: {
      needTitles: [
        "Digital security assessment for our coalition",
        "Protecting staff devices and accounts",
        "Setting up secure communications for partners",
        "Website under DDoS attack during the elections",
        "Suspected spyware on activists' phones",
        "Data protection policy for member organisations",
        "Digital-security training for community leaders",
        "Incident response after a ransomware attack",
      ],
      offerTitles: [
        "Organisational security audits for human rights groups",
        "Rapid response to digital security incidents",
        "Training of trainers on digital security",
        "Website hardening and DDoS protection",
      ],
      sentences: [
        "Our office computers were compromised and we lost access to the shared email accounts",
        "We need help with two-factor authentication and password managers for thirty people",
        "Journalists in our network suspect their phones are infected with Pegasus spyware",
        "Our website went offline several times after we published the monitoring report",
        "We handle sensitive testimonies and need a data protection plan",
        "Field teams travel to border areas and need secure messaging and encrypted backups",
        "A forensic analysis of the devices would help us file a complaint",
        "We would like a workshop on threat modelling adapted to rural organisations",
        "The coalition wants a security assessment before the campaign starts",
        "Members use personal devices without disk encryption or updates",
      ],
    },
    es: {
      needTitles: [
        "Evaluación de seguridad digital para la coalición",
        "Protección de dispositivos y cuentas del equipo",
        "Comunicaciones seguras con organizaciones aliadas",
        "Sitio web bajo ataque DDoS durante las elecciones",
        "Sospecha de software espía en teléfonos de activistas",
        "Política de protección de datos para organizaciones miembro",
        "Capacitación en seguridad digital para liderazgos comunitarios",
        "Respuesta a incidentes tras un ataque de ransomware",
      ],
      offerTitles: [
        "Auditorías de seguridad organizacional para defensoras de derechos humanos",
        "Respuesta rápida a incidentes de seguridad digital",
        "Formación de formadores en seguridad digital",
        "Protección de sitios web contra ataques DDoS",
      ],
      sentences: [
        "Las computadoras de la oficina fueron comprometidas y perdimos acceso a las cuentas de correo",
        "Necesitamos apoyo con la autenticación de dos factores y gestores de contraseñas",
        "Periodistas de nuestra red sospechan que sus teléfonos tienen el software espía Pegasus",
        "Nuestro sitio web se cayó varias veces después de publicar el informe de monitoreo",
        "Manejamos testimonios sensibles y necesitamos un plan de protección de datos personales",
        "Los equipos de campo viajan a zonas fronterizas y necesitan mensajería cifrada y respaldos",
        "Un análisis forense de los dispositivos nos ayudaría a presentar una denuncia",
        "Queremos un taller de modelado de amenazas adaptado a organizaciones rurales",
        "La coalición quiere una evaluación de seguridad antes de iniciar la campaña",
        "Las integrantes usan dispositivos personales sin cifrado ni actualizaciones",
      ],
    },
    fr: {
      needTitles: [
        "Évaluation de la sécurité numérique de la coalition",
        "Protection des appareils et des comptes de l'équipe",
        "Communications sécurisées avec les partenaires",
        "Site web victime d'attaques DDoS pendant les élections",
        "Soupçons de logiciel espion sur les téléphones des militants",
        "Politique de protection des données pour les organisations membres",
        "Formation à la sécurité numérique pour les responsables communautaires",
        "Réponse à un incident après une attaque par rançongiciel",
      ],
      offerTitles: [
        "Audits de sécurité organisationnelle pour les défenseurs des droits humains",
        "Réponse rapide aux incidents de sécurité numérique",
        "Formation de formateurs à la sécurité numérique",
        "Sécurisation de sites web et protection contre les DDoS",
      ],
      sentences: [
        "Les ordinateurs du bureau ont été compromis et nous avons perdu l'accès aux messageries partagées",
        "Nous avons besoin d'aide pour l'authentification à deux facteurs et les gestionnaires de mots de passe",
        "Des journalistes de notre réseau soupçonnent la présence du logiciel espion Pegasus",
        "Notre site a été mis hors ligne plusieurs fois après la publication du rapport de suivi",
        "Nous traitons des témoignages sensibles et avons besoin d'un plan de protection des données",
        "Les équipes de terrain se rendent dans les zones frontalières et ont besoin d'une messagerie chiffrée",
        "Une analyse forensique des appareils nous aiderait à porter plainte",
        "Nous souhaitons un atelier de modélisation des menaces adapté aux organisations rurales",
        "La coalition souhaite une évaluation de sécurité avant le lancement de la campagne",
        "Les membres utilisent des appareils personnels sans chiffrement ni mises à jour",
      ],
    },
  },
  advocacy: {
    en: {
      needTitles: [
        "Preparing a shadow report for the Universal Periodic Review",
        "Engaging the Inter-American Commission on Human Rights",
        "National advocacy against the foreign agents bill",
        "Media strategy for a campaign on civic space",
        "Growing our coalition's membership in the provinces",
        "Monitoring attacks on civic space",
        "Protection of human rights defenders at risk",
        "Strategy for a political opening after the elections",
      ],
      offerTitles: [
        "Accompaniment at the UN human rights mechanisms",
        "Campaign and media strategy coaching",
        "Research and monitoring of civic space",
        "Coalition building and membership growth",
      ],
      sentences: [
        "We want to submit a joint stakeholder report before the deadline of the Universal Periodic Review",
        "The coalition needs help to request a hearing before the regional commission",
        "A foreign agents bill is moving quickly and our members need a common advocacy plan",
        "We are planning a public campaign and lack experience with national media",
        "Most of our members are in the capital and we want to reach organisations in the provinces",
        "We collect data on attacks against defenders and need a sound methodology",
        "Several women defenders received threats after the community consultation",
        "The new government promised reforms and we want to seize this opening",
        "We would like to meet the special rapporteur during the country visit",
        "Our members disagree on priorities and need facilitation for a joint agenda",
      ],
    },
    es: {
      needTitles: [
        "Preparación de un informe sombra para el Examen Periódico Universal",
        "Incidencia ante la Comisión Interamericana de Derechos Humanos",
        "Incidencia nacional contra la ley de agentes extranjeros",
        "Estrategia de medios para una campaña sobre espacio cívico",
        "Crecimiento de la membresía de la coalición en las regiones",
        "Monitoreo de ataques al espacio cívico",
        "Protección de personas defensoras de derechos humanos en riesgo",
        "Estrategia para la apertura política después de las elecciones",
      ],
      offerTitles: [
        "Acompañamiento ante los mecanismos de derechos humanos de la ONU",
        "Asesoría en estrategia de campañas y medios",
        "Investigación y monitoreo del espacio cívico",
        "Construcción de coaliciones y crecimiento de la membresía",
      ],
      sentences: [
        "Queremos presentar un informe conjunto antes de la fecha límite del Examen Periódico Universal",
        "La coalición necesita apoyo para solicitar una audiencia ante la comisión regional",
        "Una ley de agentes extranjeros avanza rápido y nuestras organizaciones necesitan un plan común de incidencia",
        "Estamos planeando una campaña pública y no tenemos experiencia con medios nacionales",
        "La mayoría de las organizaciones está en la capital y queremos llegar a las regiones",
        "Recopilamos datos sobre agresiones contra personas defensoras y necesitamos una metodología sólida",
        "Varias defensoras recibieron amenazas después de la consulta comunitaria",
        "El nuevo gobierno prometió reformas y queremos aprovechar esta apertura",
        "Nos gustaría reunirnos con la relatora especial durante la visita al país",
        "Las organizaciones miembro no coinciden en prioridades y necesitan facilitación para una agenda común",
      ],
    },
    fr: {
      needTitles: [
        "Préparation d'un rapport alternatif pour l'Examen périodique universel",
        "Plaidoyer auprès de la Commission africaine des droits de l'homme",
        "Plaidoyer national contre le projet de loi sur les agents étrangers",
        "Stratégie médiatique pour une campagne sur l'espace civique",
        "Élargir l'adhésion à la coalition dans les régions",
        "Suivi des atteintes à l'espace civique",
        "Protection des défenseurs des droits humains en danger",
        "Stratégie pour l'ouverture politique après les élections",
      ],
      offerTitles: [
        "Accompagnement auprès des mécanismes des droits de l'homme de l'ONU",
        "Conseil en stratégie de campagne et de communication",
        "Recherche et suivi de l'espace civique",
        "Construction de coalitions et développement des adhésions",
      ],
      sentences: [
        "Nous voulons soumettre un rapport conjoint avant la date limite de l'Examen périodique universel",
        "La coalition a besoin d'appui pour demander une audience devant la commission régionale",
        "Un projet de loi sur les agents étrangers avance vite et nos membres ont besoin d'un plaidoyer commun",
        "Nous préparons une campagne publique et manquons d'expérience avec les médias nationaux",
        "La plupart de nos membres sont dans la capitale et nous voulons atteindre les régions",
        "Nous recueillons des données sur les attaques contre les défenseurs et avons besoin d'une méthodologie",
        "Plusieurs défenseures ont reçu des menaces après la consultation communautaire",
        "Le nouveau gouvernement a promis des réformes et nous voulons saisir cette ouverture",
        "Nous aimerions rencontrer le rapporteur spécial lors de sa visite dans le pays",
        "Nos membres divergent sur les priorités et ont besoin d'une facilitation pour un agenda commun",
      ],
    },
  },
};

/** Countries by the language their coalitions mostly write in. */
export const COUNTRIES: Record<Lang, string[]> = {
  es: ["MX", "GT", "HN", "SV", "NI", "CO", "PE", "BO", "EC", "VE", "AR", "CL", "PY", "ES", "CU", "DO"],
  fr: ["SN", "ML", "BF", "NE", "CI", "CM", "TD", "CD", "BJ", "TG", "GN", "HT", "TN", "MA", "FR", "BI"],
  en: ["KE", "UG", "ZW", "ZM", "NG", "GH", "PK", "BD", "IN", "PH", "KH", "LK", "GB", "US", "TZ", "MW"],
};

export const TOPICS: Record<CategoryId, string[]> = {
  legal: [
    "legal.registration",
    "legal.foreign_funding",
    "legal.counter_terrorism_aml",
    "legal.assembly",
    "legal.expression",
    "legal.tax_philanthropy",
    "legal.legislative_drafting",
    "legal.strategic_litigation",
  ],
  digital_security: [
    "digital_security.assessment",
    "digital_security.devices_accounts",
    "digital_security.secure_comms",
    "digital_security.website_ddos",
    "digital_security.incident_forensics",
    "digital_security.surveillance_spyware",
    "digital_security.data_protection",
    "digital_security.training",
  ],
  advocacy: [
    "advocacy.un_mechanisms",
    "advocacy.regional_bodies",
    "advocacy.national_policy",
    "advocacy.campaign_media",
    "advocacy.coalition_building",
    "advocacy.civic_space_research",
    "advocacy.hrd_protection",
    "advocacy.opening_space",
  ],
};

/** Content words of the corpus (5+ letters), as users might type them: for benchmark queries. */
export function corpusWords(): Record<Lang, string[]> {
  const out = { en: new Set<string>(), es: new Set<string>(), fr: new Set<string>() };
  for (const byLang of Object.values(CORPUS)) {
    for (const lang of ["en", "es", "fr"] as const) {
      const v = byLang[lang];
      for (const text of [...v.needTitles, ...v.offerTitles, ...v.sentences]) {
        for (const w of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w.length >= 5) out[lang].add(w);
      }
    }
  }
  return { en: [...out.en], es: [...out.es], fr: [...out.fr] };
}
