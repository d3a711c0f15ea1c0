import { describe, expect, it } from "vitest";
import { OfferIndex } from "./candidates";
import { coverageLevel } from "./factors";
import { generateNetwork } from "../../../../tests/support/matching/synthetic";
import { need, offer } from "../../../../tests/support/matching/fixtures";
import type { MatchNeed, MatchOffer } from "./types";

/** What the index must return: the static hard filters, checked pair by pair. */
function bruteForce(n: MatchNeed, offers: readonly MatchOffer[]): string[] {
  return offers
    .filter(
      (o) =>
        o.status === "active" &&
        (n.requiresTrusted ? o.organisationVetting === "trusted" : o.organisationVetting !== "unverified") &&
        o.categoryIds.includes(n.categoryId) &&
        n.languages.some((l) => o.languages.includes(l)) &&
        coverageLevel(n, o) !== null,
    )
    .map((o) => o.id)
    .sort();
}

describe("offer index (candidate generation)", () => {
  it("returns exactly the offers fitting category, a language, coverage, status and vetting", () => {
    const { input } = generateNetwork(77, { needs: 300, offers: 1500 });
    const index = new OfferIndex(input.offers);
    let total = 0;
    for (const n of input.needs) {
      const got = index.candidateOfferIds(n);
      expect(got).toEqual(bruteForce(n, input.offers));
      total += got.length;
    }
    // and that is a small part of all pairs
    expect(total).toBeLessThan(0.15 * input.needs.length * input.offers.length);
    expect(total).toBeGreaterThan(0);
  });

  it("finds offers through the country, the region and global coverage, once each", () => {
    const offers = [
      offer({ id: "country" }),
      offer({ id: "region", coverageCountries: [], coverageRegions: ["LAC"] }),
      offer({ id: "global", coverageCountries: [], coverageGlobal: true }),
      offer({ id: "all-three", coverageRegions: ["LAC"], coverageGlobal: true, languages: ["es", "en"] }),
      offer({ id: "elsewhere", coverageCountries: ["KE"], coverageRegions: ["AFR"] }),
      offer({ id: "other-category", categoryIds: ["advocacy"] }),
      offer({ id: "other-language", languages: ["ar"] }),
      offer({ id: "paused", status: "paused" }),
      offer({ id: "unverified", organisationVetting: "unverified" }),
    ];
    const index = new OfferIndex(offers);
    expect(index.candidateOfferIds(need())).toEqual(["all-three", "country", "global", "region"]);
    expect(index.candidateOfferIds(need({ regionCode: null }))).toEqual(["all-three", "country", "global"]);
  });

  it("keeps only trusted organisations for needs that require them", () => {
    const index = new OfferIndex([
      offer({ id: "v", organisationVetting: "verified" }),
      offer({ id: "t", organisationVetting: "trusted" }),
    ]);
    expect(index.candidateOfferIds(need())).toEqual(["t", "v"]);
    expect(index.candidateOfferIds(need({ requiresTrusted: true }))).toEqual(["t"]);
  });

  it("sorts offers by id and interns organisations deterministically", () => {
    const a = new OfferIndex([
      offer({ id: "b", organisationId: "x" }),
      offer({ id: "a", organisationId: "y" }),
    ]);
    expect(a.offers.map((o) => o.id)).toEqual(["a", "b"]);
    expect(a.orgIds).toEqual(["y", "x"]);
    expect(a.size).toBe(2);
  });
});
