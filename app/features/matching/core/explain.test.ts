import { describe, expect, it } from "vitest";
import { DEFAULT_MATCHING_CONFIG as cfg } from "./config";
import { explain, MATCH_REASON_CODES, type MatchReason } from "./explain";
import { runMatching } from "./match";
import { generateNetwork } from "../../../../tests/support/matching/synthetic";
import { input, need, offer } from "../../../../tests/support/matching/fixtures";
import type { MatchInput } from "./input";
import type { ScoreBreakdown } from "./types";

const breakdownOf = (inp: MatchInput): ScoreBreakdown => {
  const p = runMatching(inp).proposals[0];
  if (!p) throw new Error("expected a proposal");
  return p.breakdown;
};
const codes = (reasons: MatchReason[]) => reasons.map((r) => r.code);

describe("explain: banded reasons for non-secretariat users", () => {
  it("explains a strong local match with parameters, strongest factor first, capacity last", () => {
    const reasons = explain(
      breakdownOf(
        input({
          needs: [need({ format: "in_person" })],
          outcomeHistory: { "exp-1": { ratingCount: 12, ratingSum: 58 } },
        }),
      ),
    );
    expect(reasons).toEqual([
      { code: "strong_topic_fit", params: { topics: ["legal.registration", "legal.foreign_funding"] } },
      { code: "proven_outcomes" },
      { code: "covers_country_directly", params: { country: "MX" } },
      { code: "shared_language", params: { language: "es" } },
      { code: "fast_response" },
      { code: "format_fit", params: { format: "in_person" } },
      { code: "available_throughout" },
      { code: "enough_hours" },
      { code: "has_capacity" },
    ]);
  });

  it("gives coalitions only reasons from their need and the offer's published fields, topic fit among them", () => {
    const b = breakdownOf(
      input({
        needs: [need({ format: "remote" })],
        offers: [offer({ format: "either" })],
        outcomeHistory: { "exp-1": { ratingCount: 12, ratingSum: 58 } },
      }),
    );
    const forExpert = codes(explain(b, cfg, "expert"));
    const forCoalition = explain(b, cfg, "coalition");
    expect(forExpert).toEqual(expect.arrayContaining(["proven_outcomes", "enough_hours", "has_capacity"]));
    expect(codes(forCoalition)).toEqual([
      "strong_topic_fit",
      "covers_country_directly",
      "shared_language",
      "fast_response",
      "format_fit",
      "available_throughout",
    ]);
    // nothing drawn from the expert organisation's outcomes, load, hours or capacity
    for (const code of ["proven_outcomes", "enough_hours", "has_capacity"])
      expect(codes(forCoalition)).not.toContain(code);
    expect(JSON.stringify(forCoalition)).not.toMatch(/\d/);
  });

  it("names the region or global coverage instead of the country", () => {
    const region = explain(
      breakdownOf(input({ offers: [offer({ coverageCountries: [], coverageRegions: ["LAC"] })] })),
    );
    expect(region).toContainEqual({ code: "covers_region", params: { region: "LAC" } });
    expect(codes(region)).not.toContain("covers_country_directly");
    const global = explain(
      breakdownOf(input({ offers: [offer({ coverageCountries: [], coverageGlobal: true })] })),
    );
    expect(codes(global)).toContain("global_coverage");
  });

  it("names the best shared language in the need's order of preference", () => {
    const r = explain(breakdownOf(input({ offers: [offer({ languages: ["fr", "en"] })] })));
    expect(r).toContainEqual({ code: "shared_language", params: { language: "en" } });
  });

  it("bands the topic fit, names the matched topics, and says nothing about topics when none match", () => {
    const partial = explain(
      breakdownOf(input({ offers: [offer({ topicKeys: ["legal.registration", "legal.tax"] })] })),
    );
    expect(partial).toContainEqual({ code: "partial_topic_fit", params: { topics: ["legal.registration"] } });
    const none = explain(breakdownOf(input({ offers: [offer({ topicKeys: ["legal.tax"] })] })));
    expect(codes(none)).not.toContain("strong_topic_fit");
    expect(codes(none)).not.toContain("partial_topic_fit");
  });

  it("distinguishes a fast responder from one that merely meets the timeline, and says nothing when slow", () => {
    const slowOk = explain(
      breakdownOf(input({ needs: [need({ urgency: "low" })], offers: [offer({ responseTimeDays: 21 })] })),
    );
    expect(codes(slowOk)).toContain("meets_timeline");
    expect(codes(slowOk)).not.toContain("fast_response");
    const late = explain(
      breakdownOf(
        input({ needs: [need({ urgency: "critical" })], offers: [offer({ responseTimeDays: 30 })] }),
      ),
    );
    expect(codes(late)).not.toContain("fast_response");
    expect(codes(late)).not.toContain("meets_timeline");
  });

  it("only claims proven outcomes with enough good evidence (newcomers are not flagged either way)", () => {
    expect(codes(explain(breakdownOf(input())))).not.toContain("proven_outcomes");
    const fewGood = input({ outcomeHistory: { "exp-1": { ratingCount: 2, ratingSum: 10 } } });
    expect(codes(explain(breakdownOf(fewGood)))).not.toContain("proven_outcomes");
    const manyPoor = input({ outcomeHistory: { "exp-1": { ratingCount: 12, ratingSum: 24 } } });
    expect(codes(explain(breakdownOf(manyPoor)))).not.toContain("proven_outcomes");
  });

  it("emits only known codes, never a number, and always has_capacity (for experts)", () => {
    const { input: inp } = generateNetwork(17, { needs: 200, offers: 200 });
    const r = runMatching(inp);
    expect(r.proposals.length).toBeGreaterThan(50);
    let topicReasons = 0;
    for (const p of r.proposals) {
      const reasons = explain(p.breakdown, cfg);
      expect(reasons.at(-1)).toEqual({ code: "has_capacity" });
      for (const reason of reasons) {
        expect(MATCH_REASON_CODES).toContain(reason.code);
        if ("params" in reason)
          for (const v of Object.values(reason.params).flat()) expect(typeof v).toBe("string");
      }
      expect(new Set(codes(reasons)).size).toBe(reasons.length);
      const forCoalition = codes(explain(p.breakdown, cfg, "coalition"));
      if (forCoalition.some((c) => c.endsWith("_topic_fit"))) topicReasons++;
    }
    // topic fit is among the coalition's reasons whenever a topic matched (most proposals)
    expect(topicReasons).toBe(r.proposals.filter((p) => p.breakdown.details.matchedTopics.length).length);
    expect(topicReasons).toBeGreaterThan(r.proposals.length / 2);
  });

  it("keeps the full numbers in the breakdown for the secretariat", () => {
    const b = breakdownOf(input());
    for (const f of Object.values(b.factors)) {
      expect(f.value).toBeGreaterThanOrEqual(0);
      expect(f.value).toBeLessThanOrEqual(1);
      expect(typeof f.weight).toBe("number");
      expect(typeof f.contribution).toBe("number");
    }
    expect(b.details).toMatchObject({
      geography: "country",
      countryCode: "MX",
      sharedLanguages: ["es"],
      primaryLanguageShared: true,
      matchedTopics: ["legal.registration", "legal.foreign_funding"],
      expertLoadBefore: 0,
      offerSlotsBefore: 3,
      needFormat: "either",
      offerFormat: "either",
      availabilityShare: 1,
    });
  });
});
