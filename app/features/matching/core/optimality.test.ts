/**
 * Optimality of the global assignment against independent exact methods:
 *   - brute force over every feasible assignment (tiny instances, written here);
 *   - the reference min-cost flow (reference-solver.ts: Bellman-Ford successive shortest paths over all
 *     needs × offers, float costs, parallel unit arcs for the fairness penalty), which shares no code with the
 *     fast path's index, pruning or primal-dual solver.
 */
import { describe, expect, it } from "vitest";
import { resolveMatchingConfig, type MatchingConfigOverrides } from "./config";
import {
  checkHardFilters,
  fairnessMarginal,
  lookup,
  offerFairnessMarginal,
  pairKey,
  referenceLoadOf,
  scorePair,
} from "./factors";
import { runMatching } from "./match";
import { solveReference } from "../../../../tests/support/matching/reference-solver";
import { generateNetwork, int, mulberry32, pick } from "../../../../tests/support/matching/synthetic";
import { days, NOW } from "../../../../tests/support/matching/fixtures";
import type { MatchInput } from "./input";
import type { MatchNeed, MatchOffer } from "./types";

/**
 * Exhaustive search: every need picks a subset (≤ its supply) of its eligible offers — with distinct
 * organisations when more than one qualifies — scored Σ base − Σ organisation and offer penalties
 * (no prior load in these instances: the reference load is the floor).
 */
function bruteForce(inp: MatchInput, overrides?: MatchingConfigOverrides): number {
  const cfg = resolveMatchingConfig(overrides);
  const offers = inp.offers as readonly MatchOffer[];
  const needs = inp.needs.filter((n) => cfg.matchableNeedStatuses.includes(n.status));
  const declined = new Set((inp.declinedPairs ?? []).map((p) => pairKey(p.needId, p.offerId)));
  const options = needs.map((n) => {
    const eligible: { j: number; score: number }[] = [];
    offers.forEach((o, j) => {
      const fails = checkHardFilters(n, o, {
        now: inp.now,
        config: cfg,
        offerLoad: lookup(inp.offerLoads, o.id),
        declined: declined.has(pairKey(n.id, o.id)),
      });
      if (fails.length) return;
      const s = scorePair(n, o, {
        now: inp.now,
        config: cfg,
        history: lookup(inp.outcomeHistory, o.organisationId),
      }).baseScore;
      if (s >= cfg.minScore) eligible.push({ j, score: s });
    });
    const diverse =
      cfg.diversity.onePerOrganisation && new Set(eligible.map((e) => offers[e.j]!.organisationId)).size >= 2;
    // all subsets of size ≤ K (of distinct organisations when diverse)
    const subsets: { js: number[]; base: number }[] = [];
    const rec = (start: number, js: number[], base: number) => {
      subsets.push({ js: [...js], base });
      if (js.length === cfg.proposalsPerNeed) return;
      for (let k = start; k < eligible.length; k++) {
        const org = offers[eligible[k]!.j]!.organisationId;
        if (diverse && js.some((j) => offers[j]!.organisationId === org)) continue;
        js.push(eligible[k]!.j);
        rec(k + 1, js, base + eligible[k]!.score);
        js.pop();
      }
    };
    rec(0, [], 0);
    return subsets;
  });
  const slots = offers.map((o) => {
    const l = lookup(inp.offerLoads, o.id);
    return Math.max(0, o.maxConcurrent - (l?.activeEngagements ?? 0) - (l?.openProposals ?? 0));
  });
  const orgs = [...new Set(offers.map((o) => o.organisationId))];
  const orgBefore = new Map(orgs.map((g) => [g, 0]));
  const ref = referenceLoadOf(0, cfg);
  const used = new Array<number>(offers.length).fill(0);
  let best = 0;
  const rec = (i: number, base: number) => {
    if (i === needs.length) {
      const perOrg = new Map<string, number>();
      offers.forEach((o, j) => perOrg.set(o.organisationId, (perOrg.get(o.organisationId) ?? 0) + used[j]!));
      let penalty = 0;
      for (const [g, n] of perOrg)
        for (let k = 0; k < n; k++) penalty += fairnessMarginal(orgBefore.get(g)! + k, ref, cfg);
      offers.forEach((o, j) => {
        for (let k = 0; k < used[j]!; k++) penalty += offerFairnessMarginal(k, o.maxConcurrent, cfg);
      });
      best = Math.max(best, base - penalty);
      return;
    }
    for (const s of options[i]!) {
      if (s.js.some((j) => used[j]! >= slots[j]!)) continue;
      for (const j of s.js) used[j]!++;
      rec(i + 1, base + s.base);
      for (const j of s.js) used[j]!--;
    }
  };
  rec(0, 0);
  return best;
}

/** A tiny contested instance: 4 needs, 4 offers in a few organisations, 1–2 slots each. */
function tinyInstance(seed: number): MatchInput {
  const r = mulberry32(seed);
  const countries: [string, string][] = [
    ["MX", "LAC"],
    ["GT", "LAC"],
  ];
  const needs: MatchNeed[] = Array.from({ length: 4 }, (_, i) => {
    const [c, reg] = pick(r, countries);
    return {
      id: `n${i}`,
      organisationId: `coal-${i}`,
      status: "open",
      categoryId: "legal",
      topicKeys: ["t1", "t2", "t3"].filter(() => r() < 0.6),
      countryCode: c,
      regionCode: reg,
      languages: r() < 0.5 ? ["es"] : ["es", "en"],
      urgency: pick(r, ["critical", "high", "normal", "low"] as const),
      wantedBy: days(int(r, 5, 90)),
      effortHours: null,
      format: pick(r, ["remote", "in_person", "either"] as const),
      openedAt: days(-int(r, 0, 3)),
      requiresTrusted: false,
      excludedOrganisationIds: [],
    };
  });
  const offers: MatchOffer[] = Array.from({ length: 4 }, (_, j) => ({
    id: `o${j}`,
    organisationId: `exp-${int(r, 0, 2)}`,
    organisationVetting: "verified",
    status: "active",
    categoryIds: ["legal"],
    topicKeys: ["t1", "t2", "t3"].filter(() => r() < 0.5),
    coverageGlobal: r() < 0.3,
    coverageCountries: countries.map(([c]) => c).filter(() => r() < 0.5),
    coverageRegions: r() < 0.4 ? ["LAC"] : [],
    languages: r() < 0.7 ? ["es"] : ["en"],
    hoursPerMonth: 20,
    maxConcurrent: int(r, 1, 2),
    availableFrom: null,
    availableTo: null,
    responseTimeDays: int(r, 1, 30),
    format: pick(r, ["remote", "in_person", "either"] as const),
  }));
  return { now: NOW, needs, offers };
}

describe("optimality", () => {
  it("matches brute force on tiny contested instances (and so does the reference flow)", () => {
    let nonTrivial = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const inp = tinyInstance(seed);
      for (const overrides of [
        { proposalsPerNeed: 2 },
        { proposalsPerNeed: 1, fairness: { perShare: 8 } },
        { proposalsPerNeed: 3, fairness: { perOfferUse: 6 } },
        { proposalsPerNeed: 3, diversity: { onePerOrganisation: false } },
      ] satisfies MatchingConfigOverrides[]) {
        const exact = bruteForce(inp, overrides);
        const ref = solveReference(inp, overrides);
        expect(ref.total).toBeCloseTo(exact, 6);
        const fast = runMatching(inp, { ...overrides, assignmentResolution: 0.001 });
        expect(fast.stats.totalScore).toBeCloseTo(exact, 1);
        const coarse = runMatching(inp, overrides);
        expect(coarse.stats.totalScore).toBeGreaterThanOrEqual(exact - 0.25 * 2 * 8);
        if (exact > 0) nonTrivial++;
      }
    }
    expect(nonTrivial).toBeGreaterThan(120);
  });

  const medium: [string, number, number, MatchingConfigOverrides][] = [
    ["60 × 60", 60, 60, {}],
    ["60 × 60, heavy fairness", 60, 60, { fairness: { perShare: 6, maxPenalty: 40 } }],
    ["200 × 200", 200, 200, {}],
    ["200 × 200, pruned graph (4 per need)", 200, 200, { exactCandidateLimit: 0, candidatesPerNeed: 4 }],
  ];
  it.each(medium)("%s: total ≥ 98 percent of the independent exact optimum", (_name, n, o, overrides) => {
    for (const seed of [101, 202]) {
      // scarce capacity: many existing engagements, so the assignment has to arbitrate
      const { input: inp } = generateNetwork(seed, { needs: n, offers: o, loadFactor: 0.6 });
      const ref = solveReference(inp, overrides);
      const r = runMatching(inp, overrides);
      expect(ref.pairs.length).toBeGreaterThan(n / 4);
      expect(r.stats.totalScore).toBeGreaterThanOrEqual(0.98 * ref.total);
      expect(r.stats.totalScore).toBeLessThanOrEqual(ref.total + 1e-6);
      if (r.stats.candidateGraphComplete) {
        // on the complete graph the only gap is the cost rounding (≤ resolution per proposal)
        const res = resolveMatchingConfig(overrides).assignmentResolution;
        expect(r.stats.totalScore).toBeGreaterThanOrEqual(
          ref.total - res * (r.proposals.length + ref.pairs.length),
        );
      }
    }
  });
});
