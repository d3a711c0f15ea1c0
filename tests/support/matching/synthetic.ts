/**
 * Deterministic synthetic networks for tests and benchmarks (seeded PRNG, no I/O). Realistic shapes: three
 * categories with 8 topics each, 60 countries in 6 regions, languages en/es/fr/pt/ar/ru with skew, expert
 * organisations of very unequal size, offers with global / regional / country coverage and 1–5 slots.
 */
import type {
  ExpertLoad,
  MatchInput,
  MatchNeed,
  MatchOffer,
  NeedStatus,
  OfferLoad,
  OfferStatus,
  OutcomeHistory,
  PairRef,
  Urgency,
  VettingLevel,
  WorkFormat,
} from "~/features/matching/core";

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for synthetic data. Returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export function weighted<T>(r: Rng, xs: readonly T[], ws: readonly number[]): T {
  let total = 0;
  for (const w of ws) total += w;
  let x = r() * total;
  for (let i = 0; i < xs.length; i++) {
    x -= ws[i]!;
    if (x < 0) return xs[i]!;
  }
  return xs[xs.length - 1]!;
}
export function shuffle<T>(r: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
function sample<T>(r: Rng, xs: readonly T[], k: number): T[] {
  return shuffle(r, [...xs]).slice(0, Math.min(k, xs.length));
}

export const CATEGORIES = ["legal", "digital_security", "advocacy"] as const;
export const TOPICS: Record<string, string[]> = {
  legal: [
    "registration",
    "foreign_funding",
    "fatf_r8",
    "assembly",
    "expression",
    "tax",
    "drafting",
    "litigation",
  ].map((t) => `legal.${t}`),
  digital_security: [
    "assessment",
    "devices",
    "comms",
    "ddos",
    "incident",
    "spyware",
    "data_protection",
    "training",
  ].map((t) => `digital_security.${t}`),
  advocacy: [
    "un_mechanisms",
    "regional_bodies",
    "national_policy",
    "campaigns",
    "coalition_building",
    "research",
    "hrd_protection",
    "opening_space",
  ].map((t) => `advocacy.${t}`),
};
export const LANGUAGES = ["en", "es", "fr", "pt", "ar", "ru"] as const;

/** 60 countries in 6 regions, with their main language among ours. */
export const REGIONS: Record<string, [string, string][]> = {
  LAC: [
    ["MX", "es"],
    ["GT", "es"],
    ["HN", "es"],
    ["SV", "es"],
    ["NI", "es"],
    ["CO", "es"],
    ["VE", "es"],
    ["PE", "es"],
    ["BR", "pt"],
    ["AR", "es"],
  ],
  AFR: [
    ["NG", "en"],
    ["KE", "en"],
    ["UG", "en"],
    ["ZW", "en"],
    ["ET", "en"],
    ["SN", "fr"],
    ["CM", "fr"],
    ["CD", "fr"],
    ["MZ", "pt"],
    ["ZA", "en"],
  ],
  MENA: [
    ["EG", "ar"],
    ["TN", "ar"],
    ["MA", "ar"],
    ["DZ", "ar"],
    ["JO", "ar"],
    ["LB", "ar"],
    ["IQ", "ar"],
    ["SY", "ar"],
    ["YE", "ar"],
    ["PS", "ar"],
  ],
  EUR: [
    ["HU", "en"],
    ["PL", "en"],
    ["RS", "en"],
    ["TR", "en"],
    ["GR", "en"],
    ["IT", "en"],
    ["ES", "es"],
    ["FR", "fr"],
    ["DE", "en"],
    ["GB", "en"],
  ],
  EURASIA: [
    ["RU", "ru"],
    ["BY", "ru"],
    ["UA", "ru"],
    ["KZ", "ru"],
    ["KG", "ru"],
    ["TJ", "ru"],
    ["UZ", "ru"],
    ["AZ", "ru"],
    ["AM", "ru"],
    ["GE", "ru"],
  ],
  ASIA: [
    ["IN", "en"],
    ["PK", "en"],
    ["BD", "en"],
    ["LK", "en"],
    ["MM", "en"],
    ["TH", "en"],
    ["KH", "en"],
    ["PH", "en"],
    ["ID", "en"],
    ["HK", "en"],
  ],
};
const REPRESSIVE = new Set(["SY", "YE", "RU", "BY", "TJ", "MM", "NI", "VE", "EG", "CD"]);
const REGION_CODES = Object.keys(REGIONS);
const COUNTRIES = REGION_CODES.flatMap((r) => REGIONS[r]!.map(([c, l]) => ({ code: c, lang: l, region: r })));

export interface SyntheticOptions {
  needs: number;
  offers: number;
  /** Expert organisations (default: heavy-tailed sizes, about offers / 3 organisations). */
  organisations?: number;
  now?: Date;
  /** Share of offers with engagements / proposals already running. */
  loadFactor?: number;
}

export interface SyntheticNetwork {
  input: MatchInput & {
    offers: MatchOffer[];
    offerLoads: Map<string, OfferLoad>;
    expertLoads: Map<string, ExpertLoad>;
    outcomeHistory: Map<string, OutcomeHistory>;
    existingProposals: PairRef[];
    declinedPairs: PairRef[];
  };
  expertOrganisationIds: string[];
}

export const SYNTHETIC_NOW = new Date("2025-06-02T09:00:00Z");
const DAY = 86_400_000;

export function generateNetwork(seed: number, opts: SyntheticOptions): SyntheticNetwork {
  const r = mulberry32(seed);
  const now = opts.now ?? SYNTHETIC_NOW;
  const t0 = now.getTime();
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  const loadFactor = opts.loadFactor ?? 0.3;

  // expert organisations: very unequal sizes (heavy tail: most publish 1–3 offers, a few "big names" ~40)
  const sizes: number[] = [];
  if (opts.organisations) {
    const base = Math.floor(opts.offers / opts.organisations);
    for (let g = 0; g < opts.organisations; g++) sizes.push(Math.max(1, base));
  } else {
    for (let total = 0; total < opts.offers;) {
      const s = Math.min(40, Math.floor(1 / Math.pow(1 - r(), 0.75)));
      sizes.push(s);
      total += s;
    }
  }
  const G = sizes.length;
  const orgs = Array.from({ length: G }, (_, g) => {
    const home = pick(r, REGION_CODES);
    const homeLangs = [...new Set(REGIONS[home]!.map(([, l]) => l))];
    const langs = new Set<string>();
    if (r() < 0.8) langs.add("en");
    langs.add(pick(r, homeLangs));
    if (r() < 0.25) langs.add(weighted(r, LANGUAGES, [5, 3, 2.5, 1, 1, 1]));
    const vetting: VettingLevel = weighted(r, ["unverified", "verified", "trusted"] as const, [8, 62, 30]);
    return {
      id: `exp-${pad(g, 5)}`,
      home,
      mainCategory: weighted(r, CATEGORIES, [4, 3.5, 2.5]),
      langs: [...langs],
      vetting,
      quality: 0.3 + 0.65 * r(),
    };
  });
  // offer i belongs to owner[i]: organisation sizes laid out, then shuffled
  const owner = shuffle(
    r,
    sizes.flatMap((s, g) => Array.from({ length: s }, () => g)),
  ).slice(0, opts.offers);
  while (owner.length < opts.offers) owner.push(int(r, 0, G - 1));

  const outcomeHistory = new Map<string, OutcomeHistory>();
  for (const o of orgs) {
    if (r() < 0.55) {
      const n = int(r, 1, 25);
      let sum = 0;
      for (let i = 0; i < n; i++)
        sum += Math.min(5, Math.max(1, Math.round(1 + 4 * o.quality + (r() - 0.5) * 1.5)));
      const outcomes = int(r, 0, n);
      const achieved = Math.round(outcomes * o.quality);
      outcomeHistory.set(o.id, {
        ratingCount: n,
        ratingSum: sum,
        achieved,
        partlyAchieved: Math.round((outcomes - achieved) / 2),
        notAchieved: outcomes - achieved - Math.round((outcomes - achieved) / 2),
      });
    }
  }

  const offers: MatchOffer[] = [];
  const offerLoads = new Map<string, OfferLoad>();
  for (let i = 0; i < opts.offers; i++) {
    const org = orgs[owner[i]!]!;
    const cats = new Set<string>([org.mainCategory]);
    if (r() < 0.2) cats.add(pick(r, CATEGORIES));
    const topicPool = [...cats].flatMap((c) => TOPICS[c]!);
    const topics = sample(r, topicPool, int(r, 2, 5));
    const covKind = weighted(r, ["global", "regional", "country"], [25, 35, 40]);
    const regions: string[] = [];
    const countries: string[] = [];
    if (covKind === "regional") {
      regions.push(org.home);
      if (r() < 0.2) regions.push(pick(r, REGION_CODES));
    } else if (covKind === "country") {
      const pool = r() < 0.8 ? REGIONS[org.home]!.map(([c]) => c) : COUNTRIES.map((c) => c.code);
      countries.push(...sample(r, pool, int(r, 1, 6)));
    }
    const langs = org.langs.length > 1 && r() < 0.3 ? sample(r, org.langs, org.langs.length - 1) : org.langs;
    const maxConcurrent = weighted(r, [1, 2, 3, 4, 5], [20, 30, 25, 15, 10]);
    const status: OfferStatus = weighted(r, ["active", "paused", "draft", "retired"] as const, [88, 6, 3, 3]);
    const fromRoll = r();
    const availableFrom = new Date(fromRoll < 0.85 ? t0 - int(r, 0, 365) * DAY : t0 + int(r, 1, 90) * DAY);
    const toRoll = r();
    const availableTo =
      toRoll < 0.7
        ? null
        : toRoll < 0.95
          ? new Date(t0 + int(r, 10, 365) * DAY)
          : new Date(t0 - int(r, 1, 30) * DAY);
    const hoursPerMonth = int(r, 4, 40);
    const format: WorkFormat = weighted(r, ["remote", "either", "in_person"] as const, [45, 40, 15]);
    const offer: MatchOffer = {
      id: `off-${pad(i, 6)}`,
      organisationId: org.id,
      organisationVetting: org.vetting,
      status,
      categoryIds: [...cats],
      topicKeys: topics,
      coverageGlobal: covKind === "global",
      coverageCountries: countries,
      coverageRegions: regions,
      languages: langs,
      hoursPerMonth,
      maxConcurrent,
      availableFrom,
      availableTo,
      responseTimeDays:
        r() < 0.1 ? null : weighted(r, [1, 2, 3, 5, 7, 10, 14, 21, 30], [6, 8, 10, 14, 16, 14, 12, 10, 10]),
      format,
    };
    offers.push(offer);
    if (r() < loadFactor) {
      const active = int(r, 0, maxConcurrent);
      const open = r() < 0.3 ? int(r, 0, 1) : 0;
      offerLoads.set(offer.id, {
        activeEngagements: active,
        openProposals: open,
        hoursCommitted: Math.min(hoursPerMonth, active * int(r, 2, 10)),
      });
    }
  }

  // needs: two coalitions per country, countries with skewed activity
  const countryWeight = shuffle(
    r,
    COUNTRIES.map((_, i) => 1 / Math.pow(i + 1, 0.7)),
  );
  const needs: MatchNeed[] = [];
  const existingProposals: PairRef[] = [];
  const declinedPairs: PairRef[] = [];
  for (let i = 0; i < opts.needs; i++) {
    const c = weighted(r, COUNTRIES, countryWeight);
    const cat = weighted(r, CATEGORIES, [4, 3.5, 2.5]);
    const langs = [c.lang];
    if (c.lang !== "en" && r() < 0.55) langs.push("en");
    if (r() < 0.1) {
      const extra = pick(r, LANGUAGES);
      if (!langs.includes(extra)) langs.push(extra);
    }
    const urgency: Urgency = weighted(r, ["critical", "high", "normal", "low"] as const, [6, 22, 52, 20]);
    const horizon = { critical: [2, 10], high: [7, 40], normal: [20, 120], low: [60, 240] }[urgency];
    const status: NeedStatus = weighted(
      r,
      ["open", "matching", "needs_info", "submitted", "engaged"] as const,
      [80, 8, 4, 4, 4],
    );
    const need: MatchNeed = {
      id: `need-${pad(i, 6)}`,
      organisationId: `coal-${c.code}-${int(r, 1, 2)}`,
      status,
      categoryId: cat,
      topicKeys: sample(r, TOPICS[cat]!, int(r, 1, 3)),
      countryCode: c.code,
      regionCode: c.region,
      languages: langs,
      urgency,
      wantedBy: r() < 0.75 ? new Date(t0 + int(r, horizon[0]!, horizon[1]!) * DAY) : null,
      effortHours: r() < 0.6 ? int(r, 4, 80) : null,
      format: weighted(r, ["remote", "either", "in_person"] as const, [50, 35, 15]),
      openedAt: new Date(t0 - int(r, 0, 60 * 24) * 3_600_000),
      requiresTrusted: REPRESSIVE.has(c.code) || r() < 0.15,
      excludedOrganisationIds: r() < 0.04 ? sample(r, orgs, int(r, 1, 2)).map((o) => o.id) : [],
    };
    needs.push(need);
    if (status === "matching" && offers.length > 0) {
      const o = pick(r, offers);
      existingProposals.push({ needId: need.id, offerId: o.id });
      const l = offerLoads.get(o.id) ?? { activeEngagements: 0, openProposals: 0, hoursCommitted: 0 };
      l.openProposals++;
      offerLoads.set(o.id, l);
    }
    if (r() < 0.03 && offers.length > 0) declinedPairs.push({ needId: need.id, offerId: pick(r, offers).id });
  }

  // per-organisation totals, as the worker would aggregate them (the matcher can also derive them)
  const expertLoads = new Map<string, ExpertLoad>();
  for (const o of offers) {
    const l = offerLoads.get(o.id);
    const e = expertLoads.get(o.organisationId) ?? { activeEngagements: 0, openProposals: 0 };
    if (l) {
      e.activeEngagements += l.activeEngagements;
      e.openProposals += l.openProposals;
    }
    expertLoads.set(o.organisationId, e);
  }

  return {
    input: { now, needs, offers, offerLoads, expertLoads, outcomeHistory, existingProposals, declinedPairs },
    expertOrganisationIds: orgs.map((o) => o.id),
  };
}
