import { describe, expect, it } from "vitest";
import { DEFAULT_MATCHING_CONFIG as cfg } from "./config";
import { checkHardFilters, lookup } from "./factors";
import { runMatching } from "./match";
import { days, input, need, NOW, offer } from "../../../../tests/support/matching/fixtures";
import type { MatchInput } from "./input";
import type { HardFilterCode, MatchOffer } from "./types";

/** One case per hard filter: a change to the passing base pair that must block it. */
const cases: { code: HardFilterCode; why: string; input: MatchInput }[] = [
  {
    code: "need_not_matchable",
    why: "need is a draft",
    input: input({ needs: [need({ status: "draft" })] }),
  },
  {
    code: "need_not_matchable",
    why: "need is engaged",
    input: input({ needs: [need({ status: "engaged" })] }),
  },
  {
    code: "need_not_matchable",
    why: "need withdrawn",
    input: input({ needs: [need({ status: "withdrawn" })] }),
  },
  { code: "offer_not_active", why: "offer paused", input: input({ offers: [offer({ status: "paused" })] }) },
  {
    code: "offer_not_active",
    why: "offer retired",
    input: input({ offers: [offer({ status: "retired" })] }),
  },
  { code: "offer_not_active", why: "offer draft", input: input({ offers: [offer({ status: "draft" })] }) },
  {
    code: "own_organisation",
    why: "same organisation on both sides",
    input: input({ offers: [offer({ organisationId: "coal-mx" })] }),
  },
  {
    code: "category",
    why: "category does not fit",
    input: input({ offers: [offer({ categoryIds: ["advocacy"] })] }),
  },
  {
    code: "language",
    why: "no shared language",
    input: input({ offers: [offer({ languages: ["fr", "ar"] })] }),
  },
  {
    code: "coverage",
    why: "covers other countries and regions only",
    input: input({ offers: [offer({ coverageCountries: ["GT"], coverageRegions: ["AFR"] })] }),
  },
  {
    code: "capacity_slots",
    why: "slots used by engagements and proposals",
    input: input({
      offerLoads: { "offer-1": { activeEngagements: 2, openProposals: 1, hoursCommitted: 0 } },
    }),
  },
  { code: "capacity_slots", why: "no slots at all", input: input({ offers: [offer({ maxConcurrent: 0 })] }) },
  {
    code: "capacity_hours",
    why: "hours all committed",
    input: input({
      offerLoads: { "offer-1": { activeEngagements: 1, openProposals: 0, hoursCommitted: 20 } },
    }),
  },
  {
    code: "capacity_hours",
    why: "too few hours for the need's monthly effort",
    input: input({
      needs: [need({ effortHours: 200, wantedBy: days(30) })],
      offers: [offer({ hoursPerMonth: 40 })],
    }),
  },
  {
    code: "availability",
    why: "available only after wanted-by",
    input: input({ needs: [need({ wantedBy: days(10) })], offers: [offer({ availableFrom: days(20) })] }),
  },
  {
    code: "availability",
    why: "availability ended",
    input: input({ offers: [offer({ availableTo: days(-1) })] }),
  },
  {
    code: "vetting",
    why: "unverified expert",
    input: input({ offers: [offer({ organisationVetting: "unverified" })] }),
  },
  {
    code: "vetting",
    why: "need requires trusted, expert only verified",
    input: input({ needs: [need({ requiresTrusted: true })] }),
  },
  {
    code: "excluded_organisation",
    why: "coalition excluded the expert",
    input: input({ needs: [need({ excludedOrganisationIds: ["exp-1"] })] }),
  },
  {
    code: "declined_pair",
    why: "pair declined before",
    input: input({ declinedPairs: [{ needId: "need-1", offerId: "offer-1" }] }),
  },
  {
    code: "already_proposed",
    why: "pair already has a live proposal",
    input: input({
      existingProposals: [{ needId: "need-1", offerId: "offer-1" }],
      offerLoads: { "offer-1": { activeEngagements: 0, openProposals: 1, hoursCommitted: 0 } },
    }),
  },
];

function reference(inp: MatchInput): HardFilterCode[] {
  const n = inp.needs[0]!;
  const o = (inp.offers as readonly MatchOffer[])[0]!;
  return checkHardFilters(n, o, {
    now: NOW,
    config: cfg,
    offerLoad: lookup(inp.offerLoads, o.id),
    declined: (inp.declinedPairs ?? []).some((p) => p.needId === n.id && p.offerId === o.id),
    alreadyProposed: (inp.existingProposals ?? []).some((p) => p.needId === n.id && p.offerId === o.id),
  });
}

describe("hard filters", () => {
  it("the base pair passes every filter and is proposed", () => {
    expect(reference(input())).toEqual([]);
    const r = runMatching(input());
    expect(r.proposals.map((p) => [p.needId, p.offerId])).toEqual([["need-1", "offer-1"]]);
  });

  it.each(cases)("$code: $why", ({ code, input: inp }) => {
    expect(reference(inp)).toContain(code);
    const r = runMatching(inp);
    expect(r.proposals).toEqual([]);
  });

  it("accepts coverage through the region or globally, and trusted experts for trusted-only needs", () => {
    for (const o of [
      offer({ coverageCountries: [], coverageRegions: ["LAC"] }),
      offer({ coverageCountries: [], coverageGlobal: true }),
    ]) {
      expect(runMatching(input({ offers: [o] })).proposals).toHaveLength(1);
    }
    const trusted = input({
      needs: [need({ requiresTrusted: true })],
      offers: [offer({ organisationVetting: "trusted" })],
    });
    expect(runMatching(trusted).proposals).toHaveLength(1);
  });

  it("accepts a shared secondary language, an open-ended need, an overdue need", () => {
    expect(runMatching(input({ offers: [offer({ languages: ["en"] })] })).proposals).toHaveLength(1);
    expect(
      runMatching(input({ needs: [need({ wantedBy: null })], offers: [offer({ availableFrom: days(90) })] }))
        .proposals,
    ).toHaveLength(1);
    expect(runMatching(input({ needs: [need({ wantedBy: days(-2) })] })).proposals).toHaveLength(1);
  });

  it("proposes the 'matching' status (needs that already have proposals) but not the others", () => {
    expect(runMatching(input({ needs: [need({ status: "matching" })] })).proposals).toHaveLength(1);
    for (const status of ["submitted", "needs_info", "declined", "completed", "closed_unmet"] as const) {
      expect(runMatching(input({ needs: [need({ status })] })).proposals).toHaveLength(0);
    }
  });

  it("a declined pair does not block the same expert's other offers", () => {
    const r = runMatching(
      input({
        offers: [offer(), offer({ id: "offer-2" })],
        declinedPairs: [{ needId: "need-1", offerId: "offer-1" }],
      }),
    );
    expect(r.proposals.map((p) => p.offerId)).toEqual(["offer-2"]);
  });

  it("an excluded organisation is excluded with all its offers, others stay", () => {
    const r = runMatching(
      input({
        needs: [need({ excludedOrganisationIds: ["exp-1"] })],
        offers: [offer(), offer({ id: "offer-2" }), offer({ id: "offer-3", organisationId: "exp-2" })],
      }),
    );
    expect(r.proposals.map((p) => p.offerId)).toEqual(["offer-3"]);
  });

  it("reports why pairs were dropped", () => {
    const r = runMatching(
      input({
        offers: [
          offer(),
          offer({ id: "o-ex", organisationId: "exp-x" }),
          offer({ id: "o-full", maxConcurrent: 0 }),
          offer({ id: "o-late", availableFrom: days(300) }),
        ],
        needs: [need({ excludedOrganisationIds: ["exp-x"] })],
      }),
    );
    expect(r.stats.filtered).toMatchObject({ excluded_organisation: 1, capacity_slots: 1, availability: 1 });
    expect(r.stats.candidatePairsScored).toBe(1);
  });
});
