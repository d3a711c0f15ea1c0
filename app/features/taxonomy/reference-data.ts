// Reference data shipped with Puente: countries by region (ISO 3166-1 alpha-2; names come from Intl in
// the reader's language) and the starting taxonomy. A migration inserts them; the secretariat can
// extend the taxonomy and rate countries afterwards.

export const regions = [
  "latin_america_caribbean",
  "north_america",
  "europe_central_asia",
  "middle_east_north_africa",
  "sub_saharan_africa",
  "asia_pacific",
] as const;
export type RegionCode = (typeof regions)[number];

const byRegion: Record<RegionCode, string> = {
  latin_america_caribbean:
    "AG AR BS BB BZ BO BR CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC VC SR TT UY VE",
  north_america: "CA US",
  europe_central_asia:
    "AL AD AM AT AZ BY BE BA BG HR CY CZ DK EE FI FR GE DE GR HU IS IE IT KZ XK KG LV LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SE CH TJ TR TM UA GB UZ",
  middle_east_north_africa: "DZ BH EG IR IQ IL JO KW LB LY MA OM PS QA SA SY TN AE YE",
  sub_saharan_africa:
    "AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR MG MW ML MR MU MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG UG ZM ZW",
  asia_pacific:
    "AF AU BD BT BN KH CN FJ HK IN ID JP KI KP KR LA MY MV MH FM MN MM NR NP NZ PK PW PG PH WS SB LK TW TH TL TO TV VU VN",
};

export const countries: Array<{ code: string; region: RegionCode }> = Object.entries(byRegion).flatMap(
  ([region, codes]) => codes.split(" ").map((code) => ({ code, region: region as RegionCode })),
);

export function regionOf(countryCode: string): RegionCode | undefined {
  return countries.find((c) => c.code === countryCode)?.region;
}

type Labels = { en: string; es: string; fr: string };

export const categories: Array<{
  id: string;
  labels: Labels;
  topics: Array<{ id: string; labels: Labels }>;
}> = [
  {
    id: "legal",
    labels: { en: "Legal", es: "Jurídico", fr: "Juridique" },
    topics: [
      {
        id: "legal.registration",
        labels: {
          en: "CSO registration and legal status",
          es: "Registro y personalidad jurídica de las OSC",
          fr: "Enregistrement et statut juridique des OSC",
        },
      },
      {
        id: "legal.foreign_funding",
        labels: {
          en: "Foreign funding restrictions",
          es: "Restricciones al financiamiento extranjero",
          fr: "Restrictions au financement étranger",
        },
      },
      {
        id: "legal.counter_terrorism_aml",
        labels: {
          en: "Counter-terrorism and AML rules affecting CSOs (FATF Recommendation 8)",
          es: "Normas antiterroristas y contra el lavado de dinero que afectan a las OSC (Recomendación 8 del GAFI)",
          fr: "Règles antiterroristes et anti-blanchiment visant les OSC (Recommandation 8 du GAFI)",
        },
      },
      {
        id: "legal.assembly",
        labels: {
          en: "Freedom of assembly and protest",
          es: "Libertad de reunión y protesta",
          fr: "Liberté de réunion et de manifestation",
        },
      },
      {
        id: "legal.expression",
        labels: {
          en: "Freedom of expression and defamation",
          es: "Libertad de expresión y difamación",
          fr: "Liberté d’expression et diffamation",
        },
      },
      {
        id: "legal.tax_philanthropy",
        labels: {
          en: "Tax and philanthropy law",
          es: "Derecho fiscal y filantropía",
          fr: "Droit fiscal et philanthropie",
        },
      },
      {
        id: "legal.legislative_drafting",
        labels: {
          en: "Legislative drafting and review",
          es: "Redacción y revisión legislativa",
          fr: "Rédaction et examen législatifs",
        },
      },
      {
        id: "legal.strategic_litigation",
        labels: { en: "Strategic litigation", es: "Litigio estratégico", fr: "Contentieux stratégique" },
      },
    ],
  },
  {
    id: "digital_security",
    labels: { en: "Digital security", es: "Seguridad digital", fr: "Sécurité numérique" },
    topics: [
      {
        id: "digital_security.assessment",
        labels: {
          en: "Organisational security assessment",
          es: "Evaluación de seguridad organizacional",
          fr: "Évaluation de la sécurité organisationnelle",
        },
      },
      {
        id: "digital_security.devices_accounts",
        labels: {
          en: "Device and account security",
          es: "Seguridad de dispositivos y cuentas",
          fr: "Sécurité des appareils et des comptes",
        },
      },
      {
        id: "digital_security.secure_comms",
        labels: {
          en: "Secure communications",
          es: "Comunicaciones seguras",
          fr: "Communications sécurisées",
        },
      },
      {
        id: "digital_security.website_ddos",
        labels: {
          en: "Website protection and DDoS",
          es: "Protección de sitios web y DDoS",
          fr: "Protection des sites web et DDoS",
        },
      },
      {
        id: "digital_security.incident_forensics",
        labels: {
          en: "Incident response and forensics",
          es: "Respuesta a incidentes y análisis forense",
          fr: "Réponse aux incidents et criminalistique",
        },
      },
      {
        id: "digital_security.surveillance_spyware",
        labels: {
          en: "Surveillance and spyware",
          es: "Vigilancia y software espía",
          fr: "Surveillance et logiciels espions",
        },
      },
      {
        id: "digital_security.data_protection",
        labels: { en: "Data protection", es: "Protección de datos", fr: "Protection des données" },
      },
      {
        id: "digital_security.training",
        labels: {
          en: "Digital-security training",
          es: "Capacitación en seguridad digital",
          fr: "Formation à la sécurité numérique",
        },
      },
    ],
  },
  {
    id: "advocacy",
    labels: { en: "Advocacy", es: "Incidencia", fr: "Plaidoyer" },
    topics: [
      {
        id: "advocacy.un_mechanisms",
        labels: {
          en: "UN human-rights mechanisms (UPR, special procedures)",
          es: "Mecanismos de derechos humanos de la ONU (EPU, procedimientos especiales)",
          fr: "Mécanismes onusiens des droits humains (EPU, procédures spéciales)",
        },
      },
      {
        id: "advocacy.regional_bodies",
        labels: {
          en: "Regional human-rights bodies",
          es: "Órganos regionales de derechos humanos",
          fr: "Organes régionaux des droits humains",
        },
      },
      {
        id: "advocacy.national_policy",
        labels: {
          en: "National policy advocacy",
          es: "Incidencia en políticas nacionales",
          fr: "Plaidoyer sur les politiques nationales",
        },
      },
      {
        id: "advocacy.campaign_media",
        labels: {
          en: "Campaign and media strategy",
          es: "Estrategia de campañas y medios",
          fr: "Stratégie de campagne et médias",
        },
      },
      {
        id: "advocacy.coalition_building",
        labels: {
          en: "Coalition building and membership growth",
          es: "Construcción de coaliciones y crecimiento de la membresía",
          fr: "Construction de coalitions et croissance des membres",
        },
      },
      {
        id: "advocacy.civic_space_research",
        labels: {
          en: "Research and monitoring of civic space",
          es: "Investigación y monitoreo del espacio cívico",
          fr: "Recherche et suivi de l’espace civique",
        },
      },
      {
        id: "advocacy.hrd_protection",
        labels: {
          en: "Protection of human rights defenders",
          es: "Protección de personas defensoras de derechos humanos",
          fr: "Protection des défenseurs des droits humains",
        },
      },
      {
        id: "advocacy.opening_space",
        labels: {
          en: "Opening-space strategy",
          es: "Estrategia ante la apertura del espacio cívico",
          fr: "Stratégie d’ouverture de l’espace civique",
        },
      },
    ],
  },
];
