import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveMatchingConfig, type MatchingConfigOverrides } from "./config";
import { OfferIndex } from "./candidates";
import { checkHardFilters, freeSlots, lookup, pairKey, scorePair } from "./factors";
import { runMatching, withProposalsApplied, withRunApplied } from "./match";
import { solveReference } from "../../../../tests/support/matching/reference-solver";
import { generateNetwork, mulberry32, shuffle } from "../../../../tests/support/matching/synthetic";
import { DAY, NOW } from "../../../../tests/support/matching/fixtures";
import type { MatchInput } from "./input";
import type {
  ExpertLoad,
  MatchNeed,
  MatchOffer,
  MatchResult,
  NeedStatus,
  OfferLoad,
  OfferStatus,
  OutcomeHistory,
  PairRef,
  WorkFormat,
} from "./types";

// A small world so that random needs and offers actually meet.
const CATEGORIES = ["legal", "digital_security"];
const TOPICS = ["t1", "t2", "t3", "t4", "t5"];
const COUNTRIES: [string, string][] = [
  ["MX", "LAC"],
  ["GT", "LAC"],
  ["KE", "AFR"],
  ["UG", "AFR"],
];
const REGIONS = ["LAC", "AFR", "EUR"];
const LANGUAGES = ["es", "en", "fr"];
const EXPERTS = ["e0", "e1", "e2", "e3", "e4"];
const OTHER_NEED_STATUSES: NeedStatus[] = [
  "draft",
  "submitted",
  "needs_info",
  "engaged",
  "completed",
  "withdrawn",
];
const OTHER_OFFER_STATUSES: OfferStatus[] = ["paused", "retired", "draft"];

/** Mostly `common`, sometimes `rare` (so that random needs and offers often meet, and filters still bite). */
const mostly = <T>(common: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, weight = 5) =>
  fc.oneof({ arbitrary: common, weight }, { arbitrary: rare, weight: 1 });

const subset = <T>(xs: T[], min = 0, max = xs.length) => fc.subarray(xs, { minLength: min, maxLength: max });
const maybeDay = (lo: number, hi: number) =>
  fc.option(
    fc.integer({ min: lo, max: hi }).map((d) => new Date(NOW.getTime() + d * DAY)),
    { nil: null },
  );

const needArb = fc.record({
  organisationId: mostly(fc.constantFrom("c0", "c1"), fc.constant("e4")),
  status: mostly(fc.constantFrom<NeedStatus>("open", "matching"), fc.constantFrom(...OTHER_NEED_STATUSES), 4),
  categoryId: fc.constantFrom(...CATEGORIES),
  topicKeys: subset(TOPICS, 0, 3),
  country: fc.constantFrom(...COUNTRIES),
  languages: subset(LANGUAGES, 1, 2).chain((ls) => fc.shuffledSubarray(ls, { minLength: ls.length })),
  urgency: fc.constantFrom("critical" as const, "high" as const, "normal" as const, "low" as const),
  wantedBy: mostly(maybeDay(5, 150), maybeDay(-10, 5), 3),
  effortHours: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null, freq: 2 }),
  format: fc.constantFrom<WorkFormat>("remote", "in_person", "either"),
  // ages collide on purpose: ties between needs of the same age fall back to their ids
  openedAt: fc.option(
    fc.integer({ min: -30, max: 0 }).map((d) => new Date(NOW.getTime() + d * DAY)),
    { nil: null, freq: 6 },
  ),
  requiresTrusted: mostly(fc.constant(false), fc.constant(true), 3),
  excludedOrganisationIds: mostly(fc.constant<string[]>([]), subset(EXPERTS, 1, 2), 4),
});

const offerArb = fc.record({
  organisationId: fc.constantFrom(...EXPERTS),
  organisationVetting: mostly(
    fc.constantFrom("verified" as const, "trusted" as const),
    fc.constant("unverified" as const),
  ),
  status: mostly(fc.constant<OfferStatus>("active"), fc.constantFrom(...OTHER_OFFER_STATUSES)),
  categoryIds: subset(CATEGORIES, 1, 2),
  topicKeys: subset(TOPICS, 0, 4),
  coverageGlobal: fc.boolean(),
  coverageCountries: subset(
    COUNTRIES.map(([c]) => c),
    0,
    3,
  ),
  coverageRegions: subset(REGIONS, 0, 2),
  languages: subset(LANGUAGES, 1, 3),
  hoursPerMonth: mostly(fc.integer({ min: 5, max: 40 }), fc.integer({ min: 0, max: 5 })),
  maxConcurrent: mostly(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 4)),
  availableFrom: mostly(maybeDay(-60, 0), maybeDay(0, 60), 3),
  availableTo: mostly(fc.constant(null), maybeDay(-10, 200), 2),
  responseTimeDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null, freq: 4 }),
  format: fc.constantFrom<WorkFormat>("remote", "in_person", "either"),
});

const loadArb = fc.record({
  activeEngagements: fc.integer({ min: 0, max: 3 }),
  openProposals: fc.integer({ min: 0, max: 2 }),
  hoursCommitted: fc.integer({ min: 0, max: 30 }),
});

const networkArb = fc
  .record({
    needs: fc.array(needArb, { minLength: 2, maxLength: 12, size: "+1" }),
    offers: fc.array(offerArb, { minLength: 2, maxLength: 12, size: "+1" }),
    loads: fc.array(fc.option(loadArb, { nil: undefined, freq: 3 }), { minLength: 12, maxLength: 12 }),
    expertLoads: fc.option(
      fc.array(fc.record({ activeEngagements: fc.nat(6), openProposals: fc.nat(6) }), {
        minLength: EXPERTS.length,
        maxLength: EXPERTS.length,
      }),
      { nil: undefined },
    ),
    history: fc.array(
      fc.option(
        fc.record({
          ratingCount: fc.nat(20),
          ratingSum: fc.nat(100),
          achieved: fc.nat(5),
          partlyAchieved: fc.nat(5),
          notAchieved: fc.nat(5),
        }),
        { nil: undefined },
      ),
      { minLength: EXPERTS.length, maxLength: EXPERTS.length },
    ),
    declined: fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 8 }),
    existing: fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 6 }),
  })
  .map((r): MatchInput => {
    const needs: MatchNeed[] = r.needs.map((n, i) => ({
      id: `n${i}`,
      organisationId: n.organisationId,
      status: n.status,
      categoryId: n.categoryId,
      topicKeys: n.topicKeys,
      countryCode: n.country[0],
      regionCode: n.country[1],
      languages: n.languages,
      urgency: n.urgency,
      wantedBy: n.wantedBy,
      effortHours: n.effortHours,
      format: n.format,
      openedAt: n.openedAt,
      requiresTrusted: n.requiresTrusted,
      excludedOrganisationIds: n.excludedOrganisationIds,
    }));
    const offers: MatchOffer[] = r.offers.map((o, i) => ({ id: `o${i}`, ...o }));
    const offerLoads = new Map<string, OfferLoad>();
    offers.forEach((o, i) => {
      const l = r.loads[i];
      if (l) offerLoads.set(o.id, { ...l });
    });
    const pairs = (xs: [number, number][]): PairRef[] => {
      const seen = new Set<string>();
      const out: PairRef[] = [];
      for (const [a, b] of xs) {
        if (a >= needs.length || b >= offers.length) continue;
        const k = pairKey(`n${a}`, `o${b}`);
        if (seen.has(k)) continue;
        seen.add(k);
        out.push({ needId: `n${a}`, offerId: `o${b}` });
      }
      return out;
    };
    const existingProposals = pairs(r.existing);
    for (const p of existingProposals) {
      const l = offerLoads.get(p.offerId) ?? { activeEngagements: 0, openProposals: 0, hoursCommitted: 0 };
      l.openProposals++;
      offerLoads.set(p.offerId, l);
    }
    const expertLoads = r.expertLoads
      ? new Map<string, ExpertLoad>(EXPERTS.map((e, i) => [e, r.expertLoads![i]!]))
      : undefined;
    const outcomeHistory = new Map<string, OutcomeHistory>();
    EXPERTS.forEach((e, i) => {
      const h = r.history[i];
      if (h) outcomeHistory.set(e, h);
    });
    return {
      now: NOW,
      needs,
      offers,
      offerLoads,
      ...(expertLoads ? { expertLoads } : {}),
      outcomeHistory,
      existingProposals,
      declinedPairs: pairs(r.declined),
    };
  });

const configArb: fc.Arbitrary<MatchingConfigOverrides> = fc.record({
  proposalsPerNeed: fc.integer({ min: 1, max: 4 }),
  fairness: fc.record({
    perShare: fc.integer({ min: 0, max: 6 }),
    maxPenalty: fc.constantFrom(10, 30, 60),
    perOfferUse: fc.constantFrom(0, 2, 5),
  }),
  diversity: fc.record({ onePerOrganisation: fc.boolean() }),
  minScore: fc.constantFrom(0, 25, 25, 40),
  assignmentResolution: fc.constantFrom(0.25, 1),
});
/** Configurations that may prune the candidate graph (tiny exact limit and lists). */
const prunedConfigArb: fc.Arbitrary<MatchingConfigOverrides> = configArb.chain((c) =>
  fc
    .record({
      exactCandidateLimit: fc.constantFrom(0, 5, 1_000),
      candidatesPerNeed: fc.integer({ min: 1, max: 4 }),
      candidatesPerOfferSlot: fc.integer({ min: 0, max: 2 }),
    })
    .map((p) => ({ ...c, ...p })),
);

function offersOf(inp: MatchInput): readonly MatchOffer[] {
  return inp.offers as readonly MatchOffer[];
}

function assertValid(inp: MatchInput, overrides: MatchingConfigOverrides, r: MatchResult): void {
  const cfg = resolveMatchingConfig(overrides);
  const needs = new Map(inp.needs.map((n) => [n.id, n]));
  const offers = new Map(offersOf(inp).map((o) => [o.id, o]));
  const declined = new Set((inp.declinedPairs ?? []).map((p) => pairKey(p.needId, p.offerId)));
  const existing = new Set((inp.existingProposals ?? []).map((p) => pairKey(p.needId, p.offerId)));
  const perOffer = new Map<string, number>();
  const perNeed = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of r.proposals) {
    const n = needs.get(p.needId)!;
    const o = offers.get(p.offerId)!;
    const k = pairKey(p.needId, p.offerId);
    // no duplicate pair, no re-proposal, no declined pair
    expect(seen.has(k)).toBe(false);
    seen.add(k);
    // every hard filter holds (reference implementation), incl. matchable need and active offer
    const fails = checkHardFilters(n, o, {
      now: inp.now,
      config: cfg,
      offerLoad: lookup(inp.offerLoads, o.id),
      declined: declined.has(k),
      alreadyProposed: existing.has(k),
    });
    expect(fails).toEqual([]);
    expect(cfg.matchableNeedStatuses).toContain(n.status);
    expect(o.status).toBe("active");
    expect(p.breakdown.baseScore).toBeGreaterThanOrEqual(cfg.minScore);
    expect(p.score).toBeGreaterThanOrEqual(0);
    expect(p.expertOrganisationId).toBe(o.organisationId);
    perOffer.set(o.id, (perOffer.get(o.id) ?? 0) + 1);
    perNeed.set(n.id, (perNeed.get(n.id) ?? 0) + 1);
  }
  // capacity: never more proposals than free slots; never more than K per need with its live ones
  for (const [offerId, count] of perOffer) {
    expect(count).toBeLessThanOrEqual(freeSlots(offers.get(offerId)!, lookup(inp.offerLoads, offerId)));
  }
  const existingPerNeed = new Map<string, number>();
  for (const p of inp.existingProposals ?? [])
    existingPerNeed.set(p.needId, (existingPerNeed.get(p.needId) ?? 0) + 1);
  for (const [needId, count] of perNeed) {
    expect(count + (existingPerNeed.get(needId) ?? 0)).toBeLessThanOrEqual(cfg.proposalsPerNeed);
  }
  // diversity: an organisation holds at most one live proposal per need, unless no other one qualifies
  // (an offer passing every hard filter but free slots, at the minimum score, or a locked proposal)
  if (!cfg.diversity.onePerOrganisation) return;
  for (const [needId] of perNeed) {
    const n = needs.get(needId)!;
    const added = r.proposals.filter((p) => p.needId === needId).map((p) => p.expertOrganisationId);
    const locked = (inp.existingProposals ?? [])
      .filter((p) => p.needId === needId)
      .map((p) => offers.get(p.offerId)!.organisationId);
    const qualifying = new Set([...added, ...locked]);
    for (const o of offers.values()) {
      const k = pairKey(needId, o.id);
      const fails = checkHardFilters(n, o, {
        now: inp.now,
        config: cfg,
        offerLoad: lookup(inp.offerLoads, o.id),
        declined: declined.has(k),
        alreadyProposed: existing.has(k),
      }).filter((f) => f !== "capacity_slots");
      if (fails.length) continue;
      const base = scorePair(n, o, {
        now: inp.now,
        config: cfg,
        history: lookup(inp.outcomeHistory, o.organisationId),
        offerLoad: lookup(inp.offerLoads, o.id),
      }).baseScore;
      if (base >= cfg.minScore && base >= cfg.assignmentResolution / 2) qualifying.add(o.organisationId);
    }
    // (the locked proposals are given; the new ones add no organisation twice, nor one already there)
    if (qualifying.size >= 2) {
      expect(new Set(added).size).toBe(added.length);
      for (const org of added) expect(locked).not.toContain(org);
    }
  }
}

describe("matching properties (fast-check, random networks)", () => {
  it("never violates capacity or a hard filter, never proposes for a non-open need or an inactive offer", () => {
    fc.assert(
      fc.property(networkArb, fc.oneof(configArb, prunedConfigArb), (inp, overrides) => {
        assertValid(inp, overrides, runMatching(inp, overrides));
      }),
      { numRuns: 300 },
    );
  });

  it("is idempotent: re-running with the produced proposals applied adds nothing (pruned graphs too)", () => {
    fc.assert(
      fc.property(networkArb, fc.oneof(configArb, prunedConfigArb), (inp, overrides) => {
        const first = runMatching(inp, overrides);
        const next = withProposalsApplied(inp, first.proposals);
        const second = runMatching(next, overrides);
        expect(second.proposals).toEqual([]);
        // stored as movable proposals (as the worker stores them), the next run keeps every one
        const asMovable = runMatching(withRunApplied(inp, first), overrides);
        expect(asMovable.proposals).toEqual([]);
        expect(asMovable.released).toEqual([]);
        expect(asMovable.kept.length).toBe(first.proposals.length);
        // and a plain re-run of the same input gives the same result
        expect(runMatching(inp, overrides)).toEqual(first);
      }),
      { numRuns: 400 },
    );
  });

  it("gives the same output whatever the input order", () => {
    fc.assert(
      fc.property(networkArb, fc.oneof(configArb, prunedConfigArb), fc.integer(), (inp, overrides, seed) => {
        const rng = mulberry32(seed);
        const shuffled: MatchInput = {
          ...inp,
          needs: shuffle(rng, [...inp.needs]),
          offers: shuffle(rng, [...offersOf(inp)]),
          existingProposals: shuffle(rng, [...(inp.existingProposals ?? [])]),
          declinedPairs: shuffle(rng, [...(inp.declinedPairs ?? [])]),
        };
        expect(runMatching(shuffled, overrides).proposals).toEqual(runMatching(inp, overrides).proposals);
      }),
      { numRuns: 150 },
    );
  });

  it("reaches the exact optimum of an independent min-cost flow (within the rounding resolution)", () => {
    fc.assert(
      fc.property(networkArb, configArb, (inp, overrides) => {
        const r = runMatching(inp, overrides);
        const ref = solveReference(inp, overrides);
        const res = resolveMatchingConfig(overrides).assignmentResolution;
        // rounding each gain and penalty to the resolution moves the optimum by at most res/2 per unit
        const slack = res * (r.proposals.length + ref.pairs.length) + 1e-6;
        expect(r.stats.totalScore).toBeGreaterThanOrEqual(ref.total - slack);
        expect(r.stats.totalScore).toBeLessThanOrEqual(ref.total + 1e-6);
      }),
      { numRuns: 200 },
    );
  });

  it("holds on realistic synthetic networks too (denser, contested), pruned or not", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 20, max: 90 }),
        fc.integer({ min: 20, max: 90 }),
        fc.constantFrom<MatchingConfigOverrides>({}, { exactCandidateLimit: 50, candidatesPerNeed: 3 }),
        (seed, n, o, overrides) => {
          const { input: inp } = generateNetwork(seed, { needs: n, offers: o, loadFactor: 0.5 });
          const first = runMatching(inp, overrides);
          assertValid(inp, overrides, first);
          if (first.stats.candidateGraphComplete) {
            expect(runMatching(withProposalsApplied(inp, first.proposals), overrides).proposals).toEqual([]);
            const ref = solveReference(inp, overrides);
            const res = resolveMatchingConfig(overrides).assignmentResolution;
            expect(first.stats.totalScore).toBeGreaterThanOrEqual(
              ref.total - res * (first.proposals.length + ref.pairs.length) - 1e-6,
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it("event-driven runs in any order converge, after a rebalance, to the global assignment", () => {
    fc.assert(
      fc.property(
        networkArb,
        fc.oneof(configArb, prunedConfigArb),
        fc.integer(),
        fc.integer(),
        (inp, overrides, seedA, seedB) => {
          const global = runMatching(inp, overrides);
          const settle = (seed: number) => {
            // needs open one at a time, in a random order; each run re-decides the movable proposals of the
            // needs that hold one on an offer the new need could use (as the worker does)
            const index = new OfferIndex(offersOf(inp));
            let state: MatchInput = { ...inp, offers: index, movableProposals: [] };
            const order = shuffle(mulberry32(seed), [...inp.needs]);
            for (const n of order) {
              const candidates = new Set(index.candidateOfferIds(n));
              const movable = state.movableProposals ?? [];
              const neighbours = new Set(
                movable.filter((p) => candidates.has(p.offerId)).map((p) => p.needId),
              );
              neighbours.add(n.id);
              const scope = inp.needs.filter((x) => neighbours.has(x.id));
              const result = runMatching(
                {
                  ...state,
                  needs: scope,
                  movableProposals: movable.filter((p) => neighbours.has(p.needId)),
                },
                overrides,
              );
              state = withRunApplied(state, result);
            }
            // the scheduled rebalance: every need, every movable proposal
            const rebalance = runMatching(state, overrides);
            return [...rebalance.kept, ...rebalance.proposals].map((p) => `${p.needId}→${p.offerId}`).sort();
          };
          const a = settle(seedA);
          expect(a).toEqual(global.proposals.map((p) => `${p.needId}→${p.offerId}`).sort());
          expect(settle(seedB)).toEqual(a);
        },
      ),
      { numRuns: 120 },
    );
  });
});
