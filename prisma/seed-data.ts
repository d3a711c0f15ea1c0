// The demo network: fictional organisations, people and requests, written to read like the real thing.
// Every id is fixed so the seed is deterministic and re-runnable.

export const DEMO_PASSWORD = "puente-demo-2026";
/** Demo-only TOTP secret for the secretariat accounts (2FA is required for the secretariat). */
/** 160 bits (RFC 4226 recommends it; otplib refuses secrets under 128 bits, so the old 80-bit demo key never verified). */
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

export type SeedOrg = {
  key: string;
  kind: "COALITION" | "EXPERT" | "SECRETARIAT";
  name: string;
  country?: string;
  languages: string[];
  vetting: "unverified" | "verified" | "trusted";
  description: string;
  website?: string;
  coverage?: { global?: boolean; regions?: string[]; countries?: string[] };
  categories?: string[];
};

export const organisations: SeedOrg[] = [
  {
    key: "sec",
    kind: "SECRETARIAT",
    name: "Puente Network Secretariat",
    languages: ["en", "es", "fr"],
    vetting: "trusted",
    description:
      "Coordinates the network: vets members, triages needs, reviews matches and follows engagements.",
  },
  // National coalitions
  {
    key: "mx",
    kind: "COALITION",
    name: "Alianza por el Espacio Cívico México",
    country: "MX",
    languages: ["es", "en"],
    vetting: "trusted",
    description:
      "Coalición de OSC, fundaciones y académicas que defiende el entorno habilitante para la sociedad civil en México.",
  },
  {
    key: "gt",
    kind: "COALITION",
    name: "Colectivo Sociedad Civil Guatemala",
    country: "GT",
    languages: ["es"],
    vetting: "verified",
    description:
      "Red nacional de organizaciones que monitorea las restricciones a la libertad de asociación.",
  },
  {
    key: "co",
    kind: "COALITION",
    name: "Plataforma Colombiana de OSC",
    country: "CO",
    languages: ["es", "en"],
    vetting: "verified",
    description:
      "Plataforma de organizaciones sociales por la participación ciudadana y la protección de líderes sociales.",
  },
  {
    key: "ni",
    kind: "COALITION",
    name: "Red Nicaragüense por la Democracia",
    country: "NI",
    languages: ["es"],
    vetting: "trusted",
    description: "Coalición en el exilio y en el país que documenta el cierre del espacio cívico.",
  },
  {
    key: "sn",
    kind: "COALITION",
    name: "Plateforme des OSC du Sénégal",
    country: "SN",
    languages: ["fr", "wo"],
    vetting: "verified",
    description:
      "Plateforme nationale des organisations de la société civile pour la gouvernance démocratique.",
  },
  {
    key: "cd",
    kind: "COALITION",
    name: "Coalition congolaise pour l’espace civique",
    country: "CD",
    languages: ["fr", "sw", "ln"],
    vetting: "verified",
    description: "Coalition d’associations qui accompagne les défenseurs des droits humains en RDC.",
  },
  {
    key: "ke",
    kind: "COALITION",
    name: "Kenya Civil Society Forum",
    country: "KE",
    languages: ["en", "sw"],
    vetting: "verified",
    description:
      "National forum of CSOs working on the Public Benefit Organisations Act and freedom of assembly.",
  },
  {
    key: "zw",
    kind: "COALITION",
    name: "Zimbabwe NGO Coalition",
    country: "ZW",
    languages: ["en", "sn"],
    vetting: "trusted",
    description: "Coalition responding to the PVO Amendment Act and restrictions on NGO registration.",
  },
  {
    key: "tn",
    kind: "COALITION",
    name: "Coalition tunisienne des associations",
    country: "TN",
    languages: ["fr", "ar"],
    vetting: "verified",
    description: "Coalition qui défend le décret-loi 88 sur les associations face aux projets de révision.",
  },
  {
    key: "ph",
    kind: "COALITION",
    name: "Philippine Council of NGOs for Civic Space",
    country: "PH",
    languages: ["en", "tl"],
    vetting: "verified",
    description: "Council of NGOs responding to red-tagging and terrorist-financing designations of CSOs.",
  },
  {
    key: "kh",
    kind: "COALITION",
    name: "Cambodian Civil Society Alliance",
    country: "KH",
    languages: ["en", "km"],
    vetting: "verified",
    description: "Alliance of associations working under the LANGO law's registration and reporting duties.",
  },
  {
    key: "np",
    kind: "COALITION",
    name: "NGO Federation Network Nepal",
    country: "NP",
    languages: ["en", "ne"],
    vetting: "verified",
    description:
      "Federation engaging with the government on the new social organisations bill — an opening to shape.",
  },
  {
    key: "hu",
    kind: "COALITION",
    name: "Hungarian Civic Space Coalition",
    country: "HU",
    languages: ["en", "hu"],
    vetting: "verified",
    description: "Coalition of watchdog and rights groups facing the sovereignty-protection law.",
  },
  {
    key: "ge",
    kind: "COALITION",
    name: "Georgian CSO Platform",
    country: "GE",
    languages: ["en", "ka"],
    vetting: "verified",
    description: "Platform of Georgian CSOs responding to the foreign-agents law and its enforcement.",
  },
  {
    key: "rs",
    kind: "COALITION",
    name: "Civic Initiatives Network Serbia",
    country: "RS",
    languages: ["en", "sr"],
    vetting: "unverified",
    description: "New member: a network of local civic initiatives, awaiting vetting.",
  },
  // Expert organisations
  {
    key: "ecnl",
    kind: "EXPERT",
    name: "Centre for Enabling Law",
    languages: ["en", "es", "fr"],
    vetting: "trusted",
    description: "Legal experts on freedom of association, foreign-funding laws and FATF Recommendation 8.",
    coverage: { global: true },
    categories: ["legal"],
  },
  {
    key: "lexam",
    kind: "EXPERT",
    name: "Abogados por la Sociedad Civil",
    languages: ["es", "pt"],
    vetting: "trusted",
    description:
      "Red latinoamericana de abogadas y abogados pro bono en litigio estratégico y derecho asociativo.",
    coverage: { regions: ["latin_america_caribbean"] },
    categories: ["legal"],
  },
  {
    key: "droit",
    kind: "EXPERT",
    name: "Juristes solidaires pour l’Afrique",
    languages: ["fr", "en"],
    vetting: "verified",
    description: "Juristes spécialistes du droit des associations en Afrique de l’Ouest et centrale.",
    coverage: { regions: ["sub_saharan_africa", "middle_east_north_africa"] },
    categories: ["legal"],
  },
  {
    key: "shield",
    kind: "EXPERT",
    name: "Digital Shield Helpline",
    languages: ["en", "es", "fr", "ar"],
    vetting: "trusted",
    description:
      "24/7 digital-security helpline for civil society: incident response, forensics, account recovery.",
    coverage: { global: true },
    categories: ["digital_security"],
  },
  {
    key: "cifrado",
    kind: "EXPERT",
    name: "Colectivo Cifrado",
    languages: ["es"],
    vetting: "verified",
    description:
      "Acompañamiento en seguridad digital organizacional y comunicaciones seguras en Centroamérica.",
    coverage: { countries: ["MX", "GT", "HN", "SV", "NI", "CR"] },
    categories: ["digital_security"],
  },
  {
    key: "asiasec",
    kind: "EXPERT",
    name: "Asia Digital Defenders",
    languages: ["en"],
    vetting: "verified",
    description:
      "Security assessments, website protection and training for CSOs across South and Southeast Asia.",
    coverage: { regions: ["asia_pacific"] },
    categories: ["digital_security"],
  },
  {
    key: "bouclier",
    kind: "EXPERT",
    name: "Bouclier numérique",
    languages: ["fr"],
    vetting: "verified",
    description:
      "Sécurité numérique pour les associations francophones : audits, formations, protection des sites.",
    coverage: { countries: ["SN", "CD", "TN", "CI", "ML", "BF", "CM", "FR"] },
    categories: ["digital_security"],
  },
  {
    key: "upr",
    kind: "EXPERT",
    name: "Geneva Advocacy Partners",
    languages: ["en", "fr", "es"],
    vetting: "trusted",
    description: "Support for engaging UN mechanisms: UPR submissions, special procedures, side events.",
    coverage: { global: true },
    categories: ["advocacy"],
  },
  {
    key: "voces",
    kind: "EXPERT",
    name: "Voces en Red",
    languages: ["es", "en"],
    vetting: "verified",
    description:
      "Estrategia de campañas, medios y construcción de coaliciones para redes de la sociedad civil.",
    coverage: { regions: ["latin_america_caribbean"] },
    categories: ["advocacy"],
  },
  {
    key: "monitor",
    kind: "EXPERT",
    name: "Civic Space Monitor Lab",
    languages: ["en", "fr"],
    vetting: "verified",
    description:
      "Research and monitoring methods for civic-space data; protection of human rights defenders.",
    coverage: { regions: ["sub_saharan_africa", "europe_central_asia", "asia_pacific"] },
    categories: ["advocacy", "legal"],
  },
  {
    key: "newexp",
    kind: "EXPERT",
    name: "Open Space Strategies",
    languages: ["en"],
    vetting: "unverified",
    description: "New expert member offering opening-space strategy, awaiting vetting.",
    coverage: { global: true },
    categories: ["advocacy"],
  },
];

export const countryRatings: Array<
  [string, "open" | "narrowed" | "obstructed" | "repressed" | "closed", "improving" | "stable" | "worsening"]
> = [
  ["MX", "repressed", "stable"],
  ["GT", "repressed", "worsening"],
  ["CO", "repressed", "improving"],
  ["NI", "closed", "worsening"],
  ["SN", "narrowed", "stable"],
  ["CD", "repressed", "stable"],
  ["KE", "obstructed", "worsening"],
  ["ZW", "repressed", "stable"],
  ["TN", "obstructed", "worsening"],
  ["PH", "repressed", "stable"],
  ["KH", "closed", "stable"],
  ["NP", "obstructed", "improving"],
  ["HU", "obstructed", "worsening"],
  ["GE", "obstructed", "worsening"],
  ["RS", "obstructed", "stable"],
  ["FR", "narrowed", "stable"],
  ["GB", "narrowed", "stable"],
  ["US", "narrowed", "worsening"],
  ["SV", "repressed", "worsening"],
  ["HN", "repressed", "stable"],
];

type Text = { lang: string; title: string; summary: string; details: string; outcome: string };

/** Need texts by category; each is used for several coalitions, with the country named in the title. */
export const needTexts: Record<string, Text[]> = {
  legal: [
    {
      lang: "es",
      title: "Análisis de la reforma a la ley de asociaciones",
      summary:
        "Necesitamos un análisis comparado de la reforma que endurece el registro de organizaciones y propuestas de enmienda.",
      details:
        "La comisión legislativa votará en tres semanas; contamos con aliados en dos bancadas cuyos nombres no podemos hacer públicos.",
      outcome: "Un memorando jurídico y propuestas de enmienda para presentar en la audiencia pública.",
    },
    {
      lang: "es",
      title: "Defensa frente a restricciones al financiamiento extranjero",
      summary:
        "Una nueva norma exige autorización previa para recibir fondos internacionales. Buscamos estrategia jurídica y litigio.",
      details:
        "Tres organizaciones de la coalición ya recibieron requerimientos de la unidad de inteligencia financiera.",
      outcome: "Estrategia de litigio y guía práctica de cumplimiento para las organizaciones afectadas.",
    },
    {
      lang: "en",
      title: "Review of the draft NGO registration bill",
      summary:
        "Comparative review of the draft bill against international standards on freedom of association.",
      details:
        "The draft circulated privately by the ministry; our source inside the drafting committee must stay protected.",
      outcome:
        "A legal analysis we can submit to parliament's committee and share with development partners.",
    },
    {
      lang: "en",
      title: "FATF Recommendation 8 risk assessment engagement",
      summary:
        "The national risk assessment labels the whole NPO sector as high risk. We need help to engage the authorities.",
      details:
        "The financial intelligence unit has invited two coalition members to a closed consultation next month.",
      outcome: "A submission showing a risk-based approach and a seat for CSOs in the assessment.",
    },
    {
      lang: "fr",
      title: "Analyse du projet de loi sur les associations",
      summary:
        "Le projet impose un agrément préalable et des rapports trimestriels. Nous cherchons une analyse juridique comparée.",
      details: "Le texte nous a été transmis par un député qui souhaite rester anonyme.",
      outcome: "Une note juridique et des amendements à porter auprès de la commission des lois.",
    },
    {
      lang: "fr",
      title: "Contentieux sur la dissolution d’associations",
      summary:
        "Deux associations ont été dissoutes par arrêté. Nous voulons évaluer un recours devant la Cour et la Commission africaine.",
      details:
        "Les responsables des associations dissoutes font l’objet de menaces ; leurs noms ne doivent pas circuler.",
      outcome: "Une stratégie contentieuse et un avocat pour porter le recours.",
    },
    {
      lang: "en",
      title: "Freedom of assembly: legal support for protest organisers",
      summary:
        "Organisers face charges under the public order act after peaceful demonstrations. We need a defence strategy.",
      details:
        "Eleven organisers were arrested; the list of names and their lawyers is in our secure folder.",
      outcome: "Coordinated legal defence and a shadow report on the policing of protests.",
    },
  ],
  digital_security: [
    {
      lang: "es",
      title: "Auditoría de seguridad digital de la coalición",
      summary:
        "Queremos evaluar nuestras prácticas de seguridad digital tras intentos de intrusión en cuentas de correo.",
      details:
        "Detectamos accesos desde direcciones desconocidas a las cuentas de la coordinación en octubre.",
      outcome: "Un plan de seguridad priorizado y acompañamiento durante tres meses.",
    },
    {
      lang: "es",
      title: "Respuesta a un posible caso de software espía",
      summary:
        "Una integrante recibió mensajes sospechosos y sospechamos de infección con software espía en su teléfono.",
      details:
        "La persona afectada coordina la documentación de casos de desaparición; su identidad debe protegerse.",
      outcome: "Análisis forense del dispositivo y medidas de contención.",
    },
    {
      lang: "en",
      title: "Website under DDoS during election monitoring",
      summary:
        "Our election-monitoring website goes down under attack each time we publish results. We need protection.",
      details:
        "Attacks began after we published data on irregularities in two districts; hosting details in our notes.",
      outcome: "A resilient hosting set-up with DDoS protection before the next round.",
    },
    {
      lang: "en",
      title: "Secure communications training for field monitors",
      summary:
        "Forty field monitors need training in secure messaging and device hygiene before the next deployment.",
      details:
        "Monitors work in three provinces under military presence; the training location must stay confidential.",
      outcome: "Two training sessions and a short guide in local languages.",
    },
    {
      lang: "fr",
      title: "Protection des données des victimes documentées",
      summary: "Nous documentons des violations et devons sécuriser la base de données des témoignages.",
      details: "La base contient plus de 300 témoignages nominatifs conservés sur un serveur local.",
      outcome: "Une architecture sécurisée et des procédures de sauvegarde chiffrée.",
    },
    {
      lang: "fr",
      title: "Formation à la sécurité numérique pour le secrétariat",
      summary:
        "Le secrétariat de la plateforme souhaite une formation pratique : mots de passe, 2FA, messagerie sécurisée.",
      details: "Deux membres du personnel ont vu leurs comptes compromis le mois dernier.",
      outcome: "Une formation de deux jours et un accompagnement à distance.",
    },
  ],
  advocacy: [
    {
      lang: "es",
      title: "Informe sombra para el Examen Periódico Universal",
      summary:
        "Preparamos el informe de la sociedad civil para el próximo EPU y buscamos apoyo en incidencia en Ginebra.",
      details:
        "Algunas organizaciones firmantes prefieren no aparecer; la lista completa está en nuestro documento interno.",
      outcome: "Un informe presentado a tiempo y reuniones con misiones permanentes.",
    },
    {
      lang: "es",
      title: "Estrategia de campaña ante la ley de agentes extranjeros",
      summary:
        "Necesitamos una estrategia de comunicación y campaña para frenar la aprobación de una ley de agentes extranjeros.",
      details:
        "Tenemos información de que la votación se adelantará; la fuente es una asesora parlamentaria.",
      outcome: "Un plan de campaña con mensajes, vocerías y aliados internacionales.",
    },
    {
      lang: "en",
      title: "Engaging the African Commission on freedom of association",
      summary:
        "We want to bring the new NGO law to the attention of the African Commission's special rapporteur.",
      details: "Our draft communication includes testimony from members who fear reprisals.",
      outcome: "A communication to the rapporteur and a statement at the next ordinary session.",
    },
    {
      lang: "en",
      title: "Opening space: shaping the new CSO law consultation",
      summary:
        "The government opened a consultation on a new enabling law. We need help to organise a strong, united input.",
      details: "The ministry shared an unpublished timetable with us under embargo.",
      outcome: "A coalition position paper and a consultation process reaching members in all provinces.",
    },
    {
      lang: "fr",
      title: "Protection des défenseurs : mécanisme national",
      summary:
        "Nous plaidons pour un mécanisme national de protection des défenseurs et cherchons des exemples et un appui.",
      details:
        "Plusieurs défenseurs menacés nous ont confié leurs cas ; la liste est strictement confidentielle.",
      outcome: "Une proposition de loi et une stratégie de plaidoyer auprès du ministère.",
    },
    {
      lang: "en",
      title: "Research on restrictions to civic space",
      summary:
        "We want to build a monitoring system for incidents restricting civic space and publish a yearly report.",
      details: "Incident data includes names of victims and locations; it is stored offline.",
      outcome: "A monitoring methodology, a database design and a first report.",
    },
  ],
};

export const offerTexts: Record<
  string,
  Array<{ lang: string; title: string; description: string; topics: string[] }>
> = {
  legal: [
    {
      lang: "en",
      title: "Legal analysis of draft laws on associations",
      description:
        "Comparative analysis of draft laws against international standards, with recommended amendments.",
      topics: ["legal.registration", "legal.legislative_drafting", "legal.foreign_funding"],
    },
    {
      lang: "en",
      title: "FATF Recommendation 8 support",
      description:
        "Help engaging national risk assessments and mutual evaluations so that measures are risk-based.",
      topics: ["legal.counter_terrorism_aml"],
    },
    {
      lang: "es",
      title: "Litigio estratégico en derecho de asociación",
      description:
        "Acompañamiento pro bono en litigio nacional e interamericano sobre libertad de asociación y reunión.",
      topics: ["legal.strategic_litigation", "legal.assembly"],
    },
    {
      lang: "fr",
      title: "Appui juridique aux associations",
      description: "Analyse des lois sur les associations, recours administratifs et contentieux régional.",
      topics: ["legal.registration", "legal.strategic_litigation", "legal.expression"],
    },
  ],
  digital_security: [
    {
      lang: "en",
      title: "Digital-security incident response",
      description: "Rapid response to account compromise, malware and spyware; forensic triage of devices.",
      topics: [
        "digital_security.incident_forensics",
        "digital_security.surveillance_spyware",
        "digital_security.devices_accounts",
      ],
    },
    {
      lang: "es",
      title: "Acompañamiento en seguridad digital organizacional",
      description: "Evaluación de riesgos, plan de seguridad y acompañamiento durante su implementación.",
      topics: ["digital_security.assessment", "digital_security.secure_comms", "digital_security.training"],
    },
    {
      lang: "en",
      title: "Website protection and DDoS mitigation",
      description: "Hardening and protected hosting for at-risk websites during elections and crises.",
      topics: ["digital_security.website_ddos"],
    },
    {
      lang: "fr",
      title: "Formations en sécurité numérique",
      description:
        "Formations pratiques pour les équipes : mots de passe, 2FA, messagerie chiffrée, protection des données.",
      topics: [
        "digital_security.training",
        "digital_security.data_protection",
        "digital_security.secure_comms",
      ],
    },
  ],
  advocacy: [
    {
      lang: "en",
      title: "UPR and special procedures support",
      description:
        "Help drafting submissions, lobbying permanent missions and speaking at side events in Geneva.",
      topics: ["advocacy.un_mechanisms"],
    },
    {
      lang: "es",
      title: "Estrategia de campañas y medios",
      description: "Diseño de campañas, mensajes y vocerías para redes de la sociedad civil.",
      topics: ["advocacy.campaign_media", "advocacy.coalition_building"],
    },
    {
      lang: "en",
      title: "Civic-space monitoring methods",
      description: "Methodologies and tools to document incidents and publish civic-space research.",
      topics: ["advocacy.civic_space_research", "advocacy.hrd_protection"],
    },
    {
      lang: "en",
      title: "Regional human-rights bodies engagement",
      description: "Support for communications and hearings before regional commissions and courts.",
      topics: ["advocacy.regional_bodies", "advocacy.hrd_protection"],
    },
  ],
};

// ───────────── learning exchange (issue 23) ─────────────
// Resources published by experts, coalitions and the secretariat, in their own languages and at each
// visibility level, so the library, its search across languages and the digests have something to show.
export type SeedResource = {
  key: string;
  org: string;
  kind: "guide" | "good_practice" | "model_law" | "analysis" | "template" | "statement";
  lang: string;
  languages: string[];
  title: string;
  summary: string;
  body: string;
  topics: string[];
  countries: string[];
  visibility: "public" | "network" | "trusted" | "secretariat";
  status?: "draft" | "published";
  daysAgo: number;
};

export const resourceSeeds: SeedResource[] = [
  {
    key: "guia-financiamiento",
    org: "lexam",
    kind: "guide",
    lang: "es",
    languages: ["es", "pt"],
    title: "Guía práctica: defender a las OSC frente a las restricciones al financiamiento extranjero",
    summary:
      "Cómo analizar un proyecto de ley sobre financiamiento extranjero, qué argumentos de derecho internacional usar y cómo preparar una incidencia rápida ante el Congreso.",
    body: "1. Leer el proyecto con la lista de verificación anexa.\n2. Comparar con los estándares del Relator Especial sobre la libertad de asociación.\n3. Preparar una nota técnica de dos páginas para las y los legisladores.\n4. Coordinar con la coalición nacional antes de cualquier declaración pública.",
    topics: ["legal.foreign_funding", "legal.legislative_drafting"],
    countries: ["MX", "GT", "NI"],
    visibility: "public",
    daysAgo: 12,
  },
  {
    key: "model-law-registration",
    org: "ecnl",
    kind: "model_law",
    lang: "en",
    languages: ["en", "es", "fr"],
    title: "Model law on the registration of associations",
    summary:
      "A model law, with commentary, for simple, voluntary and non-discriminatory registration of associations, drawn from laws that work in practice. It helped coalitions in Kenya and Georgia answer restrictive drafts.",
    body: "The model law covers notification-based registration, time limits for the authorities, appeals, and what a registry may and may not ask. The commentary explains each article against international standards.",
    topics: ["legal.registration", "legal.legislative_drafting"],
    countries: [],
    visibility: "network",
    daysAgo: 30,
  },
  {
    key: "analyse-loi-ong-senegal",
    org: "droit",
    kind: "analysis",
    lang: "fr",
    languages: ["fr"],
    title: "Analyse du projet de loi sur les ONG au Sénégal",
    summary:
      "Une analyse article par article du projet de loi, des risques pour la liberté d'association et des amendements proposés par la coalition nationale.",
    body: "Les articles 12 et 18 soumettent le financement étranger à une autorisation préalable ; nous proposons une simple déclaration. L'article 25 prévoit la dissolution administrative sans contrôle judiciaire.",
    topics: ["legal.registration", "legal.foreign_funding"],
    countries: ["SN"],
    visibility: "network",
    daysAgo: 6,
  },
  {
    key: "template-incident-response",
    org: "shield",
    kind: "template",
    lang: "en",
    languages: ["en", "es", "fr", "ar"],
    title: "Incident response plan template for small organisations",
    summary:
      "A two-page plan to fill in with your team: who to call, what to switch off, how to keep evidence, and how to tell partners without spreading panic.",
    body: "Fill in one contact per role, keep the plan offline and printed, and rehearse it once a year.",
    topics: ["digital_security.incident_forensics", "digital_security.assessment"],
    countries: [],
    visibility: "network",
    daysAgo: 3,
  },
  {
    key: "buenas-practicas-mx",
    org: "mx",
    kind: "good_practice",
    lang: "es",
    languages: ["es", "en"],
    title: "Cómo frenamos la ley de agentes extranjeros: lo que funcionó en México",
    summary:
      "Nuestra estrategia de dos años: alianzas con universidades, litigio estratégico y una campaña pública. Compartida con miembros de confianza por la información sensible que contiene.",
    body: "Lo que funcionó: una sola voz para la coalición, un calendario de incidencia compartido y un equipo jurídico de guardia. Lo que no: reaccionar a cada declaración del gobierno.",
    topics: ["legal.foreign_funding", "advocacy.national_policy"],
    countries: ["MX"],
    visibility: "trusted",
    daysAgo: 9,
  },
  {
    key: "statement-hrd-philippines",
    org: "sec",
    kind: "statement",
    lang: "en",
    languages: ["en", "fr", "es"],
    title: "Joint statement: stop the red-tagging of human rights defenders in the Philippines",
    summary:
      "A statement for members to sign and amplify, calling on the authorities to end the labelling of civil society as terrorist fronts.",
    body: "Members may publish it on their channels with their logo; the secretariat collects signatures until the end of the month.",
    topics: ["advocacy.hrd_protection", "legal.counter_terrorism_aml"],
    countries: ["PH"],
    visibility: "public",
    daysAgo: 2,
  },
  {
    key: "secretariat-briefing",
    org: "sec",
    kind: "analysis",
    lang: "en",
    languages: ["en"],
    title: "Briefing for coordinators: risk review of exchange visits",
    summary: "How the secretariat reviews the risks of an exchange visit before inviting members.",
    body: "For the secretariat's own use.",
    topics: ["advocacy.hrd_protection"],
    countries: [],
    visibility: "secretariat",
    daysAgo: 20,
  },
];
