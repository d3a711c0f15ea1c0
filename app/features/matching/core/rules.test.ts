/**
 * The rules of issue 19, one scenario each: diversity per organisation, ties broken by fairness then by the
 * age of the need, fairness that spreads load, event-driven runs that do not starve later needs (movable
 * proposals re-decided with a reason, locked ones never moved).
 */
import { describe, expect, it } from "vitest";
import { days, input, need, offer } from "../../../../tests/support/matching/fixtures";
import { generateNetwork } from "../../../../tests/support/matching/synthetic";
import { runMatching, withRunApplied } from "./match";
import type { MatchResult } from "./types";

const pairs = (r: MatchResult) => r.proposals.map((p) => `${p.needId}→${p.offerId}`).sort();
const orgsOf = (r: MatchResult, needId: string) =>
  r.proposals.filter((p) => p.needId === needId).map((p) => p.expertOrganisationId);

describe("diversity: one proposal per organisation and need, unless no other organisation qualifies", () => {
  it("does not give a need three proposals from one organisation when others qualify", () => {
    // the Senegal case: one organisation's offers score best (proven outcomes, same title twice)
    const big = ["big-1", "big-2", "big-3"].map((id) => offer({ id, organisationId: "exp-big" }));
    const others = [
      offer({ id: "other-a", organisationId: "exp-a", coverageCountries: [], coverageRegions: ["LAC"] }),
      offer({ id: "other-b", organisationId: "exp-b", coverageCountries: [], coverageGlobal: true }),
    ];
    const inp = input({
      offers: [...big, ...others],
      outcomeHistory: { "exp-big": { ratingCount: 30, ratingSum: 145 } },
    });
    const r = runMatching(inp);
    expect(r.proposals).toHaveLength(3);
    expect(new Set(orgsOf(r, "need-1")).size).toBe(3);
    expect(r.stats.needsDiverse).toBe(1);
    // without the rule the best-scored organisation takes every slot
    const without = runMatching(inp, { diversity: { onePerOrganisation: false } });
    expect(orgsOf(without, "need-1")).toEqual(["exp-big", "exp-big", "exp-big"]);
  });

  it("lets the only qualifying organisation fill all K", () => {
    const r = runMatching(
      input({ offers: ["o1", "o2", "o3"].map((id) => offer({ id, organisationId: "exp-only" })) }),
    );
    expect(orgsOf(r, "need-1")).toEqual(["exp-only", "exp-only", "exp-only"]);
    expect(r.stats.needsDiverse).toBe(0);
  });

  it("counts an organisation whose offers are full as qualifying, and a locked proposal's organisation too", () => {
    const a = ["a-1", "a-2"].map((id) => offer({ id, organisationId: "exp-a" }));
    const busyB = offer({ id: "b-1", organisationId: "exp-b", maxConcurrent: 1 });
    const full = runMatching(
      input({
        offers: [...a, busyB],
        offerLoads: { "b-1": { activeEngagements: 1, openProposals: 0, hoursCommitted: 0 } },
      }),
    );
    expect(orgsOf(full, "need-1")).toEqual(["exp-a"]); // b qualifies (busy now): one from a, not two
    const locked = runMatching(
      input({
        offers: [...a, offer({ id: "b-2", organisationId: "exp-b" })],
        existingProposals: [{ needId: "need-1", offerId: "a-1" }],
        offerLoads: { "a-1": { activeEngagements: 0, openProposals: 1, hoursCommitted: 0 } },
      }),
    );
    expect(locked.proposals.map((p) => p.offerId)).toEqual(["b-2"]); // nothing more from exp-a
    expect(locked.stats.filtered.diversity).toBe(1);
  });

  it("reaches every need with more than one qualifying organisation on a synthetic network", () => {
    const { input: inp } = generateNetwork(12, { needs: 400, offers: 400 });
    const r = runMatching(inp);
    const byNeed = new Map<string, string[]>();
    for (const p of r.proposals)
      byNeed.set(p.needId, [...(byNeed.get(p.needId) ?? []), p.expertOrganisationId]);
    let multi = 0;
    for (const orgs of byNeed.values()) {
      if (orgs.length < 2) continue;
      multi++;
      // a need holding 2+ proposals from one organisation is one where no other organisation qualifies
      if (new Set(orgs).size < orgs.length) expect(new Set(orgs).size).toBe(1);
    }
    expect(multi).toBeGreaterThan(50);
  });
});

describe("ties: broken by fairness, then by the age of the need (not by id)", () => {
  const noPenalty = { fairness: { perShare: 0, perOfferUse: 0 } };

  it("between equally good offers, the less loaded organisation gets the proposal", () => {
    // "exp-a" sorts first by id but carries load; the tie goes to "exp-z"
    const r = runMatching(
      input({
        offers: [offer({ id: "a", organisationId: "exp-a" }), offer({ id: "z", organisationId: "exp-z" })],
        expertLoads: {
          "exp-a": { activeEngagements: 4, openProposals: 0 },
          "exp-z": { activeEngagements: 0, openProposals: 0 },
        },
      }),
      { ...noPenalty, proposalsPerNeed: 1 },
    );
    expect(pairs(r)).toEqual(["need-1→z"]);
  });

  it("between needs equally served by the last free slot, the older need gets it", () => {
    // "n-a" sorts first by id, but "n-z" has waited longer
    const needs = [need({ id: "n-a", openedAt: days(-1) }), need({ id: "n-z", openedAt: days(-20) })];
    const r = runMatching(input({ needs, offers: [offer({ maxConcurrent: 1 })] }), noPenalty);
    expect(pairs(r)).toEqual(["n-z→offer-1"]);
    const reversed = runMatching(
      input({
        needs: [need({ id: "n-a", openedAt: days(-20) }), need({ id: "n-z", openedAt: days(-1) })],
        offers: [offer({ maxConcurrent: 1 })],
      }),
      noPenalty,
    );
    expect(pairs(reversed)).toEqual(["n-a→offer-1"]);
  });

  it("ranks a need's proposals by score, then the less loaded organisation", () => {
    const r = runMatching(
      input({
        offers: [offer({ id: "a", organisationId: "exp-a" }), offer({ id: "z", organisationId: "exp-z" })],
        expertLoads: {
          "exp-a": { activeEngagements: 3, openProposals: 0 },
          "exp-z": { activeEngagements: 0, openProposals: 0 },
        },
      }),
      noPenalty,
    );
    expect(r.proposals.map((p) => [p.offerId, p.rank])).toEqual([
      ["z", 1],
      ["a", 2],
    ]);
  });
});

describe("fairness spreads load across organisations", () => {
  it("moves proposals from the busiest organisations to idle ones that fit nearly as well", () => {
    // slack capacity: 60 needs, plenty of offers; one organisation carries most of the network's load
    const needs = Array.from({ length: 60 }, (_, i) => need({ id: `n${String(i).padStart(2, "0")}` }));
    const offers = [
      ...Array.from({ length: 20 }, (_, i) =>
        offer({ id: `busy-${i}`, organisationId: "exp-busy", maxConcurrent: 20 }),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        offer({ id: `idle-${i}`, organisationId: `exp-idle-${i}`, maxConcurrent: 10, responseTimeDays: 12 }),
      ),
    ];
    const expertLoads: Record<string, { activeEngagements: number; openProposals: number }> = {
      "exp-busy": { activeEngagements: 30, openProposals: 0 },
    };
    const base = input({
      needs,
      offers,
      expertLoads,
      outcomeHistory: { "exp-busy": { ratingCount: 20, ratingSum: 95 } },
    });
    const off = runMatching(base, { fairness: { perShare: 0, perOfferUse: 0 } });
    const on = runMatching(base);
    const busy = (r: MatchResult) => r.proposals.filter((p) => p.expertOrganisationId === "exp-busy").length;
    expect(busy(off)).toBe(60); // one per need: diversity alone does not spread across needs
    expect(busy(on)).toBeLessThan(busy(off) / 2);
    expect(on.proposals.length).toBe(off.proposals.length);
  });
});

describe("event-driven runs do not starve later needs", () => {
  // "first" prefers X slightly but has an alternative Y; "later" can only use X (1 slot)
  const X = offer({ id: "X", organisationId: "exp-x", maxConcurrent: 1, coverageCountries: ["MX", "GT"] });
  const Y = offer({
    id: "Y",
    organisationId: "exp-y",
    maxConcurrent: 1,
    coverageCountries: [],
    coverageRegions: ["LAC"],
  });
  const first = need({ id: "first", openedAt: days(-5) });
  const later = need({
    id: "later",
    organisationId: "coal-gt",
    countryCode: "GT",
    regionCode: "CAM",
    openedAt: days(-1),
  });
  const k1 = { proposalsPerNeed: 1 };

  it("reassigns an unreviewed proposal to the need opened later, with the reason recorded", () => {
    const opened = runMatching(input({ needs: [first], offers: [X, Y] }), k1);
    expect(pairs(opened)).toEqual(["first→X"]);
    const state = withRunApplied(input({ needs: [first], offers: [X, Y] }), opened);
    // the later need's run re-decides the movable proposal of the need holding its only candidate
    const next = runMatching({ ...state, needs: [first, later] }, k1);
    expect(pairs(next)).toEqual(["first→Y", "later→X"]);
    expect(next.released).toEqual([
      {
        needId: "first",
        offerId: "X",
        expertOrganisationId: "exp-x",
        reason: "slot_reassigned",
        takenByNeedId: "later",
      },
    ]);
    expect(next.kept).toEqual([]);
  });

  it("never moves a locked (approved or seen) proposal", () => {
    const r = runMatching(
      input({
        needs: [first, later],
        offers: [X, Y],
        existingProposals: [{ needId: "first", offerId: "X" }],
        offerLoads: { X: { activeEngagements: 0, openProposals: 1, hoursCommitted: 0 } },
      }),
      k1,
    );
    expect(pairs(r)).toEqual([]); // "first" is full (K = 1), "later" has no free candidate
    expect(r.released).toEqual([]);
  });

  it("keeps a movable proposal that is still part of the global assignment", () => {
    const opened = runMatching(input({ needs: [first], offers: [X, Y] }), k1);
    const state = withRunApplied(input({ needs: [first], offers: [X, Y] }), opened);
    const again = runMatching(state, k1);
    expect(again.proposals).toEqual([]);
    expect(again.released).toEqual([]);
    expect(again.kept.map((p) => p.offerId)).toEqual(["X"]);
  });

  it("releases a movable proposal that no longer passes a hard filter, with that filter as the reason", () => {
    const opened = runMatching(input({ needs: [first], offers: [X, Y] }), k1);
    const state = withRunApplied(input({ needs: [first], offers: [X, Y] }), opened);
    const paused = runMatching({ ...state, offers: [{ ...X, status: "paused" }, Y] }, k1);
    expect(paused.released).toEqual([
      { needId: "first", offerId: "X", expertOrganisationId: "exp-x", reason: "offer_not_active" },
    ]);
    expect(pairs(paused)).toEqual(["first→Y"]);
  });
});
