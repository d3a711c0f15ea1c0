import { describe, expect, it } from "vitest";
import { OfferIndex } from "./candidates";
import { DEFAULT_MATCHING_CONFIG as cfg } from "./config";
import { fairnessMarginal, lookup, offerFairnessMarginal, scorePair } from "./factors";
import { buildCandidateGraph } from "./graph";
import { runMatching, withProposalsApplied, withRunApplied } from "./match";
import { generateNetwork, mulberry32, shuffle } from "../../../../tests/support/matching/synthetic";
import { input, need, NOW, offer } from "../../../../tests/support/matching/fixtures";
import type { MatchInput } from "./input";
import type { MatchResult } from "./types";

const pairs = (r: MatchResult) => r.proposals.map((p) => `${p.needId}→${p.offerId}`);

function countBy<T>(xs: T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}

describe("capacity", () => {
  it("never proposes an offer beyond its free slots, even when every need wants it", () => {
    const needs = Array.from({ length: 8 }, (_, i) => need({ id: `n${i}` }));
    const r = runMatching(
      input({
        needs,
        offers: [offer({ maxConcurrent: 4 })],
        offerLoads: { "offer-1": { activeEngagements: 1, openProposals: 1, hoursCommitted: 0 } },
      }),
    );
    expect(r.proposals).toHaveLength(2);
  });

  it("gives each need at most K proposals, counting its live ones", () => {
    const offers = Array.from({ length: 6 }, (_, i) => offer({ id: `o${i}`, organisationId: `exp-${i}` }));
    expect(runMatching(input({ offers })).proposals).toHaveLength(3);
    expect(runMatching(input({ offers }), { proposalsPerNeed: 5 }).proposals).toHaveLength(5);
    const withLive = runMatching(
      input({
        offers,
        existingProposals: [
          { needId: "need-1", offerId: "o0" },
          { needId: "need-1", offerId: "o1" },
        ],
        offerLoads: {
          o0: { activeEngagements: 0, openProposals: 1, hoursCommitted: 0 },
          o1: { activeEngagements: 0, openProposals: 1, hoursCommitted: 0 },
        },
      }),
    );
    expect(withLive.proposals).toHaveLength(1);
    expect(["o0", "o1"]).not.toContain(withLive.proposals[0]!.offerId);
  });

  it("holds on a large synthetic network (pruned graph)", () => {
    const { input: inp } = generateNetwork(11, { needs: 800, offers: 800 });
    const r = runMatching(inp, { exactCandidateLimit: 5_000 });
    expect(r.stats.candidateGraphComplete).toBe(false);
    const perOffer = countBy(r.proposals, (p) => p.offerId);
    for (const o of inp.offers) {
      const l = inp.offerLoads.get(o.id);
      const used = (l?.activeEngagements ?? 0) + (l?.openProposals ?? 0);
      expect(used + (perOffer.get(o.id) ?? 0) <= Math.max(o.maxConcurrent, used)).toBe(true);
    }
    const existing = countBy(inp.existingProposals, (p) => p.needId);
    for (const [needId, n] of countBy(r.proposals, (p) => p.needId)) {
      expect(n + (existing.get(needId) ?? 0)).toBeLessThanOrEqual(cfg.proposalsPerNeed);
    }
  });
});

describe("global assignment", () => {
  it("is not a per-need greedy pick: gives the contested offer to the need that has no alternative", () => {
    // n1 slightly prefers A (country coverage) over B (regional); n2 (in GT) can only use A.
    const A = offer({ id: "A", organisationId: "exp-a", maxConcurrent: 1, coverageCountries: ["MX", "GT"] });
    const B = offer({
      id: "B",
      organisationId: "exp-b",
      maxConcurrent: 1,
      coverageCountries: [],
      coverageRegions: ["LAC"],
    });
    const n1 = need({ id: "n1" });
    const n2 = need({ id: "n2", organisationId: "coal-gt", countryCode: "GT", regionCode: "CAM" });
    const r = runMatching(input({ needs: [n1, n2], offers: [A, B] }), { proposalsPerNeed: 1 });
    expect(pairs(r).sort()).toEqual(["n1→B", "n2→A"]);
    // a greedy pass in id order would have given A to n1 and nothing to n2
    expect(scorePair(n1, A, { now: NOW, config: cfg }).baseScore).toBeGreaterThan(
      scorePair(n1, B, { now: NOW, config: cfg }).baseScore,
    );
  });

  it("spreads load: a dominant expert does not take everything when others fit nearly as well", () => {
    // "big" is the best fit everywhere (proven outcomes, 10 offers with room), the others are newcomers
    const offers = [
      ...Array.from({ length: 10 }, (_, i) =>
        offer({ id: `big-${i}`, organisationId: "exp-big", maxConcurrent: 5 }),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        offer({ id: `small-${i}`, organisationId: `exp-small-${i}`, maxConcurrent: 10 }),
      ),
    ];
    const needs = Array.from({ length: 20 }, (_, i) => need({ id: `n${String(i).padStart(2, "0")}` }));
    const outcomeHistory = { "exp-big": { ratingCount: 30, ratingSum: 145 } };
    const base = input({ needs, offers, outcomeHistory });
    // one organisation per need is a rule of its own (see rules.test.ts): off here, to see fairness alone
    const diversityOff = { diversity: { onePerOrganisation: false } };
    const fair = runMatching(base, diversityOff);
    const unfair = runMatching(base, { ...diversityOff, fairness: { perShare: 0, perOfferUse: 0 } });
    const bigShare = (r: MatchResult) =>
      r.proposals.filter((p) => p.expertOrganisationId === "exp-big").length;
    expect(unfair.proposals).toHaveLength(60);
    expect(bigShare(unfair)).toBe(50); // without the penalty the big name takes every slot it has
    expect(fair.proposals).toHaveLength(60);
    expect(bigShare(fair)).toBeLessThan(15);
    // and it is still the best-scored expert per unit: penalty, not exclusion
    expect(bigShare(fair)).toBeGreaterThan(0);
    const bigPenalty = fair.proposals.find((p) => p.expertOrganisationId === "exp-big")!.breakdown
      .fairnessPenalty;
    expect(bigPenalty).toBeGreaterThan(0);
  });

  it("maximises Σ base − Σ penalties: the stats add up and each score is base minus its penalty share", () => {
    const { input: inp } = generateNetwork(5, { needs: 150, offers: 150 });
    const r = runMatching(inp);
    const sumScores = r.proposals.reduce((a, p) => a + p.score, 0);
    expect(r.stats.totalScore).toBeCloseTo(sumScores, 6);
    expect(r.stats.totalScore).toBeCloseTo(r.stats.totalBaseScore - r.stats.totalFairnessPenalty, 6);
    // per organisation and per offer: the penalty shares add up to the convex penalties of the new proposals
    const byOrg = new Map<string, { n: number; penalty: number; before: number; ref: number }>();
    const byOffer = new Map<string, { n: number; penalty: number }>();
    for (const p of r.proposals) {
      const d = p.breakdown.details;
      const e = byOrg.get(p.expertOrganisationId) ?? {
        n: 0,
        penalty: 0,
        before: d.expertLoadBefore,
        ref: d.referenceLoad,
      };
      e.n++;
      e.penalty += p.breakdown.fairness.organisation;
      byOrg.set(p.expertOrganisationId, e);
      const f = byOffer.get(p.offerId) ?? { n: 0, penalty: 0 };
      f.n++;
      f.penalty += p.breakdown.fairness.offer;
      byOffer.set(p.offerId, f);
      expect(d.expertAssignedInRun).toBeGreaterThan(0);
      expect(p.breakdown.fairnessPenalty).toBeCloseTo(
        p.breakdown.fairness.organisation + p.breakdown.fairness.offer,
        10,
      );
      expect(p.score).toBeCloseTo(p.breakdown.baseScore - p.breakdown.fairnessPenalty, 10);
      expect(p.score).toBeGreaterThan(0);
    }
    for (const e of byOrg.values()) {
      let total = 0;
      for (let j = 0; j < e.n; j++) total += fairnessMarginal(e.before + j, e.ref, cfg);
      expect(e.penalty).toBeCloseTo(total, 8);
    }
    const offerById = new Map(inp.offers.map((o) => [o.id, o]));
    for (const [offerId, f] of byOffer) {
      const l = lookup(inp.offerLoads, offerId);
      const used = (l?.activeEngagements ?? 0) + (l?.openProposals ?? 0);
      let total = 0;
      for (let j = 0; j < f.n; j++)
        total += offerFairnessMarginal(used + j, offerById.get(offerId)!.maxConcurrent, cfg);
      expect(f.penalty).toBeCloseTo(total, 8);
    }
  });

  it("ranks each need's proposals by score", () => {
    const offers = Array.from({ length: 4 }, (_, i) =>
      offer({ id: `o${i}`, organisationId: `exp-${i}`, responseTimeDays: 5 + 20 * i }),
    );
    const r = runMatching(input({ offers, needs: [need({ urgency: "high" })] }));
    expect(r.proposals.map((p) => p.rank)).toEqual([1, 2, 3]);
    expect(r.proposals.map((p) => p.offerId)).toEqual(["o0", "o1", "o2"]);
  });
});

describe("determinism", () => {
  it("gives identical output for shuffled input order", () => {
    const { input: inp } = generateNetwork(21, { needs: 250, offers: 250 });
    const a = runMatching(inp);
    for (const seed of [1, 2]) {
      const rng = mulberry32(seed);
      const shuffled: MatchInput = {
        ...inp,
        needs: shuffle(rng, [...inp.needs]),
        offers: shuffle(rng, [...inp.offers]),
        existingProposals: shuffle(rng, [...inp.existingProposals]),
        declinedPairs: shuffle(rng, [...inp.declinedPairs]),
        offerLoads: new Map(shuffle(rng, [...inp.offerLoads])),
      };
      const b = runMatching(shuffled);
      expect(b.proposals).toEqual(a.proposals);
      expect(b.stats).toEqual(a.stats);
    }
  });

  it("breaks exact ties stably (by id, when nothing else tells them apart), whatever the order", () => {
    const offers = ["o-c", "o-a", "o-b", "o-d"].map((id, i) => offer({ id, organisationId: `exp-${i}` }));
    const a = runMatching(input({ offers }));
    const b = runMatching(input({ offers: [...offers].reverse() }));
    expect(pairs(a)).toEqual(pairs(b));
    expect(a.proposals.map((p) => p.offerId)).toEqual(["o-a", "o-b", "o-c"]);
  });

  it("is the same with a prebuilt, reused offer index and with plain objects for maps", () => {
    const { input: inp } = generateNetwork(8, { needs: 120, offers: 300 });
    const plain = runMatching(inp);
    const index = new OfferIndex(inp.offers);
    const reused1 = runMatching({ ...inp, offers: index });
    const reused2 = runMatching({ ...inp, offers: index });
    const records = runMatching({
      ...inp,
      offerLoads: Object.fromEntries(inp.offerLoads),
      expertLoads: Object.fromEntries(inp.expertLoads),
      outcomeHistory: Object.fromEntries(inp.outcomeHistory),
    });
    expect(reused1.proposals).toEqual(plain.proposals);
    expect(reused2.proposals).toEqual(plain.proposals);
    expect(records.proposals).toEqual(plain.proposals);
  });

  it("rejects duplicate ids", () => {
    expect(() => runMatching(input({ needs: [need(), need()] }))).toThrow(/Duplicate need/);
    expect(() => runMatching(input({ offers: [offer(), offer()] }))).toThrow(/Duplicate offer/);
  });
});

describe("incremental runs", () => {
  it("a single-need run against a prebuilt index proposes what a full run would for that need alone", () => {
    const { input: inp } = generateNetwork(31, { needs: 50, offers: 2000 });
    const index = new OfferIndex(inp.offers);
    const open = inp.needs.filter((n) => n.status === "open").slice(0, 10);
    for (const n of open) {
      const single = runMatching({ ...inp, needs: [n], offers: index });
      const direct = runMatching({ ...inp, needs: [n] });
      expect(single.proposals).toEqual(direct.proposals);
      expect(single.stats.candidatePairsScored).toBeLessThan(inp.offers.length);
    }
  });

  it("also on a pruned graph: repair rounds make the result a fixed point", () => {
    const { input: inp } = generateNetwork(3, { needs: 700, offers: 700 });
    const overrides = { exactCandidateLimit: 2_000, candidatesPerNeed: 3, candidatesPerOfferSlot: 0 };
    const first = runMatching(inp, overrides);
    expect(first.stats.candidateGraphComplete).toBe(false);
    expect(first.stats.repairRounds).toBeGreaterThan(0);
    expect(runMatching(withProposalsApplied(inp, first.proposals), overrides).proposals).toEqual([]);
    // merged rounds still add up: each organisation's shares sum to its convex penalty
    expect(first.stats.totalScore).toBeCloseTo(
      first.proposals.reduce((a, p) => a + p.score, 0),
      6,
    );
    const noRepair = runMatching(inp, { ...overrides, maxRepairRounds: 0 });
    expect(first.stats.totalScore).toBeGreaterThanOrEqual(noRepair.stats.totalScore);
  });

  it("re-running with the produced proposals applied adds nothing", () => {
    const { input: inp } = generateNetwork(41, { needs: 300, offers: 300 });
    const first = runMatching(inp);
    expect(first.proposals.length).toBeGreaterThan(100);
    const again = runMatching(withProposalsApplied(inp, first.proposals));
    expect(again.proposals).toEqual([]);
    // stored as the worker stores them (movable), the next run keeps them all and adds nothing
    const next = runMatching(withRunApplied(inp, first));
    expect(next.proposals).toEqual([]);
    expect(next.released).toEqual([]);
    expect(next.kept.map((p) => [p.needId, p.offerId])).toEqual(
      first.proposals.map((p) => [p.needId, p.offerId]),
    );
  });
});

describe("candidate generation", () => {
  it("scores only a small fraction of needs × offers", () => {
    const { input: inp } = generateNetwork(3, { needs: 1000, offers: 1000 });
    const g = buildCandidateGraph(inp);
    expect(g.stats.candidatePairsIndexed).toBeLessThan(0.1 * 1000 * 1000);
    expect(g.stats.candidatePairsScored).toBeLessThanOrEqual(g.stats.candidatePairsIndexed);
  });

  it("fast-path scores equal the reference scorer for every edge", () => {
    const { input: inp } = generateNetwork(4, { needs: 200, offers: 300 });
    const g = buildCandidateGraph(inp);
    for (let i = 0; i < g.needs.length; i++) {
      for (let e = g.edgeStart[i]!; e < g.edgeStart[i + 1]!; e++) {
        const o = g.index.offers[g.offers[g.edgeOffer[e]!]!]!;
        const ref = scorePair(g.needs[i]!, o, {
          now: inp.now,
          config: cfg,
          history: inp.outcomeHistory.get(o.organisationId),
          offerLoad: lookup(g.input.offerLoads, o.id),
        });
        expect(g.edgeScore[e]).toBe(ref.baseScore);
      }
    }
  });
});
