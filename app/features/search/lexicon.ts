// The field's words in English, Spanish and French: each group is one concept, and a query that names it in
// any of the three languages also looks for the others (ADR 0012). Both backends read this list: PostgreSQL
// expands the query (each phrase stemmed in its own language), Meilisearch gets it as synonyms.
// Phrases are written as people write them (accents, plurals); matching ignores case and accents.
// Add a group when members search for a concept in words its documents do not use.

type LexiconLanguage = "en" | "es" | "fr";
type LexiconGroup = Record<LexiconLanguage, readonly string[]>;

const LEXICON: readonly LexiconGroup[] = [
  {
    en: ["civic space"],
    es: ["espacio cívico"],
    fr: ["espace civique"],
  },
  {
    en: ["civil society", "civil society organisation", "civil society organization", "CSO", "NGO"],
    es: ["sociedad civil", "organización de la sociedad civil", "OSC", "ONG"],
    fr: ["société civile", "organisation de la société civile", "OSC", "ONG"],
  },
  {
    en: ["foreign agents law", "foreign agent law", "foreign agents"],
    es: ["ley de agentes extranjeros", "agentes extranjeros", "agente extranjero"],
    fr: ["loi sur les agents étrangers", "agents étrangers", "agent étranger"],
  },
  {
    en: ["foreign funding", "foreign funds"],
    es: ["financiamiento extranjero", "financiación extranjera", "fondos extranjeros"],
    fr: ["financement étranger", "fonds étrangers"],
  },
  {
    en: ["digital security", "cybersecurity", "information security"],
    es: ["seguridad digital", "ciberseguridad", "seguridad informática"],
    fr: ["sécurité numérique", "cybersécurité", "sécurité informatique", "sécurité digitale"],
  },
  {
    en: ["spyware", "stalkerware", "spy software"],
    es: ["software espía", "programas espía", "programa espía"],
    fr: ["logiciel espion", "logiciels espions"],
  },
  {
    en: ["surveillance", "monitoring of communications"],
    es: ["vigilancia"],
    fr: ["surveillance"],
  },
  {
    en: ["freedom of association", "association", "associations"],
    es: ["libertad de asociación", "asociación", "asociaciones"],
    fr: ["liberté d'association", "association", "associations"],
  },
  {
    en: ["freedom of assembly", "peaceful assembly", "protest", "protests", "demonstration"],
    es: ["libertad de reunión", "reunión pacífica", "protesta", "protestas", "manifestación"],
    fr: ["liberté de réunion", "réunion pacifique", "manifestation", "manifestations", "protestation"],
  },
  {
    en: ["freedom of expression", "free speech"],
    es: ["libertad de expresión"],
    fr: ["liberté d'expression"],
  },
  {
    en: ["defamation", "libel"],
    es: ["difamación"],
    fr: ["diffamation"],
  },
  {
    en: ["registration"],
    es: ["registro"],
    fr: ["enregistrement"],
  },
  {
    en: ["counter-terrorism", "counterterrorism", "anti-terrorism"],
    es: ["antiterrorismo", "lucha contra el terrorismo"],
    fr: ["antiterrorisme", "lutte contre le terrorisme"],
  },
  {
    en: ["money laundering", "AML"],
    es: ["lavado de dinero", "blanqueo de capitales"],
    fr: ["blanchiment d'argent", "blanchiment de capitaux"],
  },
  {
    en: ["human rights defenders", "human rights defender", "HRD"],
    es: ["personas defensoras de derechos humanos", "defensores de derechos humanos", "defensoras"],
    fr: [
      "défenseurs des droits humains",
      "défenseures des droits humains",
      "défenseurs des droits de l'homme",
    ],
  },
  {
    en: ["human rights"],
    es: ["derechos humanos"],
    fr: ["droits humains", "droits de l'homme"],
  },
  {
    en: ["strategic litigation", "litigation"],
    es: ["litigio estratégico", "litigio"],
    fr: ["contentieux stratégique", "contentieux", "litige"],
  },
  {
    en: ["advocacy", "lobbying"],
    es: ["incidencia", "incidencia política", "cabildeo"],
    fr: ["plaidoyer"],
  },
  {
    en: ["training", "workshop"],
    es: ["capacitación", "formación", "taller"],
    fr: ["formation", "atelier"],
  },
  {
    en: ["data protection", "privacy"],
    es: ["protección de datos", "privacidad"],
    fr: ["protection des données", "vie privée"],
  },
  {
    en: ["incident response", "forensics"],
    es: ["respuesta a incidentes", "análisis forense"],
    fr: ["réponse aux incidents", "analyse forensique", "criminalistique"],
  },
  {
    en: ["secure communications", "encryption", "encrypted messaging"],
    es: ["comunicaciones seguras", "cifrado", "mensajería cifrada"],
    fr: ["communications sécurisées", "chiffrement", "messagerie chiffrée"],
  },
  {
    en: ["DDoS", "denial of service", "website protection"],
    es: ["DDoS", "denegación de servicio", "protección de sitios web"],
    fr: ["DDoS", "déni de service", "protection de sites web"],
  },
  {
    en: ["journalists", "journalist", "media"],
    es: ["periodistas", "periodista", "medios"],
    fr: ["journalistes", "journaliste", "médias"],
  },
  {
    en: ["lawsuit", "lawsuits"],
    es: ["demanda", "demandas"],
    fr: ["poursuite", "poursuites"],
  },
  {
    en: ["tax exemption", "tax exemptions"],
    es: ["exención fiscal", "exenciones fiscales"],
    fr: ["exonération fiscale", "exonérations fiscales"],
  },
  {
    en: ["ransomware"],
    es: ["ransomware", "secuestro de datos"],
    fr: ["rançongiciel", "rançongiciels", "ransomware"],
  },
  {
    en: ["attack", "attacks"],
    es: ["ataque", "ataques"],
    fr: ["attaque", "attaques"],
  },
  {
    en: ["policy", "policies"],
    es: ["política", "políticas"],
    fr: ["politique", "politiques"],
  },
  {
    en: ["Universal Periodic Review", "UPR"],
    es: ["Examen Periódico Universal", "EPU"],
    fr: ["Examen périodique universel", "EPU"],
  },
  {
    en: ["shadow report", "alternative report"],
    es: ["informe sombra", "informe alternativo"],
    fr: ["rapport alternatif", "rapport parallèle"],
  },
  {
    en: ["organisation", "organisations", "organization", "organizations"],
    es: ["organización", "organizaciones"],
    fr: ["organisation", "organisations"],
  },
  {
    en: ["devices", "device"],
    es: ["dispositivos", "dispositivo"],
    fr: ["appareils", "appareil"],
  },
  {
    en: ["tax law", "taxation", "philanthropy"],
    es: ["ley tributaria", "impuestos", "filantropía"],
    fr: ["droit fiscal", "fiscalité", "philanthropie"],
  },
  {
    en: ["legislative drafting", "draft law"],
    es: ["proyecto de ley", "anteproyecto", "redacción legislativa"],
    fr: ["projet de loi", "rédaction législative"],
  },
  {
    en: ["coalition", "alliance"],
    es: ["coalición", "alianza"],
    fr: ["coalition", "alliance"],
  },
  {
    en: ["women", "gender"],
    es: ["mujeres", "género"],
    fr: ["femmes", "genre"],
  },
];

/** Lower case, accents removed: how both the lexicon and the query are compared. */
function foldWord(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** A phrase's words as the query sees them (same split as `queryTokens`). */
function phraseWords(phrase: string): string[] {
  return foldWord(phrase)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

export type LexiconPhrase = { group: number; language: LexiconLanguage; text: string; words: string[] };

/** Every phrase of the lexicon with its group and language. */
export const LEXICON_PHRASES: readonly LexiconPhrase[] = LEXICON.flatMap((group, index) =>
  (Object.keys(group) as LexiconLanguage[]).flatMap((language) =>
    group[language].map((text) => ({ group: index, language, text, words: phraseWords(text) })),
  ),
);

const LONGEST = Math.max(...LEXICON_PHRASES.map((p) => p.words.length));
const byWords = new Map<string, Set<number>>();
for (const p of LEXICON_PHRASES) {
  const key = p.words.join(" ");
  const groups = byWords.get(key) ?? new Set<number>();
  groups.add(p.group);
  byWords.set(key, groups);
}

export type QuerySpan = { start: number; end: number; groups: number[] };

/**
 * The lexicon's phrases found in a query's words (folded), longest first from left to right, without
 * overlaps: "ley de agentes extranjeros en mexico" → one span over the first four words.
 */
export function lexiconSpans(tokens: readonly string[]): QuerySpan[] {
  const folded = tokens.map(foldWord);
  const spans: QuerySpan[] = [];
  let i = 0;
  while (i < folded.length) {
    let found: QuerySpan | null = null;
    for (let len = Math.min(LONGEST, folded.length - i); len >= 1 && !found; len--) {
      const groups = byWords.get(folded.slice(i, i + len).join(" "));
      if (groups) found = { start: i, end: i + len, groups: [...groups] };
    }
    if (found) {
      spans.push(found);
      i = found.end;
    } else i++;
  }
  return spans;
}

/**
 * Meilisearch synonyms: every phrase of a group stands for every other phrase of it (multi-way), keyed
 * by the folded phrase.
 */
export function lexiconSynonyms(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of LEXICON_PHRASES) {
    const key = p.words.join(" ");
    const others = LEXICON_PHRASES.filter((o) => o.group === p.group && o.words.join(" ") !== key).map((o) =>
      o.words.join(" "),
    );
    out[key] = [...new Set([...(out[key] ?? []), ...others])];
  }
  return out;
}
