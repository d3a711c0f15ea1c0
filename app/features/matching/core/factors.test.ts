import { describe, expect, it } from "vitest";
import { needRequiresTrustedExpert } from "~/features/auth/policy";
import { DEFAULT_MATCHING_CONFIG as cfg, resolveMatchingConfig } from "./config";
import {
  availabilityOverlaps,
  bayesianQuality,
  coverageLevel,
  factorMultipliers,
  fairnessMarginal,
  fairnessPenaltyTotal,
  freeHours,
  freeSlots,
  geographyValue,
  languageValue,
  requiredFreeHours,
  scorePair,
  targetResponseDays,
  topicValue,
  urgencyValue,
} from "./factors";
import { runMatching } from "./match";
import { days, input, need, NOW, offer } from "../../../../tests/support/matching/fixtures";

const score = (n = need(), o = offer(), history?: Parameters<typeof scorePair>[2]) =>
  scorePair(n, o, history, NOW, cfg);

describe("topic overlap factor", () => {
  it("is 1 when the offer covers exactly the need's topics and falls with missing topics", () => {
    expect(topicValue(2, 2, 2, cfg)).toBe(1);
    expect(topicValue(1, 2, 2, cfg)).toBeLessThan(topicValue(2, 2, 2, cfg));
    expect(topicValue(0, 2, 5, cfg)).toBe(0);
  });
  it("prefers a specialist over a generalist covering the same topics (Jaccard part)", () => {
    expect(topicValue(2, 2, 2, cfg)).toBeGreaterThan(topicValue(2, 2, 8, cfg));
  });
  it("gives the neutral value when the need names no topic", () => {
    expect(topicValue(0, 0, 3, cfg)).toBe(cfg.topic.noTopicsValue);
  });
  it("moves the pair score", () => {
    const full = score().factors.topic;
    const half = score(need(), offer({ topicKeys: ["legal.registration", "legal.tax"] })).factors.topic;
    expect(full.value).toBe(1);
    expect(half.value).toBeGreaterThan(0);
    expect(half.value).toBeLessThan(1);
    expect(full.contribution).toBeCloseTo(35, 10);
    expect(score(need(), offer({ topicKeys: ["legal.tax"] })).matchedTopics).toEqual([]);
  });
});

describe("language fit factor", () => {
  it("is full for the need's primary language, lower for a secondary one, 0 without a shared one", () => {
    expect(languageValue(0, cfg)).toBe(1);
    expect(languageValue(1, cfg)).toBe(cfg.language.secondary);
    expect(languageValue(-1, cfg)).toBe(0);
    expect(score(need(), offer({ languages: ["es"] })).factors.language.value).toBe(1);
    expect(score(need(), offer({ languages: ["en", "fr"] })).factors.language.value).toBe(0.7);
    expect(score(need(), offer({ languages: ["en", "es"] })).sharedLanguages).toEqual(["es", "en"]);
  });
});

describe("geographic specificity factor", () => {
  it("ranks country > region > global", () => {
    const n = need();
    expect(coverageLevel(n, offer())).toBe("country");
    expect(coverageLevel(n, offer({ coverageCountries: [], coverageRegions: ["LAC"] }))).toBe("region");
    expect(coverageLevel(n, offer({ coverageCountries: [], coverageGlobal: true }))).toBe("global");
    expect(coverageLevel(n, offer({ coverageCountries: ["GT"], coverageRegions: ["AFR"] }))).toBeNull();
    expect(geographyValue("country", cfg)).toBeGreaterThan(geographyValue("region", cfg));
    expect(geographyValue("region", cfg)).toBeGreaterThan(geographyValue("global", cfg));
  });
  it("uses the most specific coverage when several apply", () => {
    expect(coverageLevel(need(), offer({ coverageGlobal: true, coverageRegions: ["LAC"] }))).toBe("country");
  });
});

describe("urgency vs response time factor", () => {
  it("targets the urgency's response time, capped by the days left until wanted-by", () => {
    expect(targetResponseDays("critical", null, NOW, cfg)).toBe(3);
    expect(targetResponseDays("low", null, NOW, cfg)).toBe(60);
    expect(targetResponseDays("normal", days(10), NOW, cfg)).toBeCloseTo(10);
    expect(targetResponseDays("normal", days(-5), NOW, cfg)).toBe(1);
  });
  it("is 1 within the target and decays beyond it", () => {
    expect(urgencyValue(3, 2, cfg)).toBe(1);
    expect(urgencyValue(3, 6, cfg)).toBe(0.5);
    expect(urgencyValue(3, null, cfg)).toBeCloseTo(3 / cfg.urgency.unknownResponseDays);
    const critical = need({ urgency: "critical" });
    expect(score(critical, offer({ responseTimeDays: 1 })).factors.urgency.value).toBe(1);
    expect(score(critical, offer({ responseTimeDays: 30 })).factors.urgency.value).toBeCloseTo(0.1);
    expect(score(need({ urgency: "low" }), offer({ responseTimeDays: 30 })).factors.urgency.value).toBe(1);
  });
});

describe("Bayesian outcome quality factor", () => {
  it("puts a newcomer at the prior mean, not at zero", () => {
    expect(bayesianQuality(undefined, cfg)).toEqual({ value: cfg.quality.priorMean, observations: 0 });
  });
  it("moves gradually with evidence and converges to the observed mean", () => {
    const oneBad = bayesianQuality({ ratingCount: 1, ratingSum: 1 }, cfg).value;
    const manyBad = bayesianQuality({ ratingCount: 50, ratingSum: 50 }, cfg).value;
    const manyGood = bayesianQuality({ ratingCount: 50, ratingSum: 250 }, cfg).value;
    expect(oneBad).toBeLessThan(cfg.quality.priorMean);
    expect(oneBad).toBeGreaterThan(0.45); // one bad rating does not bury an organisation
    expect(manyBad).toBeLessThan(0.1);
    expect(manyGood).toBeGreaterThan(0.95);
  });
  it("counts outcomes (achieved / partly / not) as observations", () => {
    const achieved = bayesianQuality({ ratingCount: 0, ratingSum: 0, achieved: 10 }, cfg);
    const failed = bayesianQuality({ ratingCount: 0, ratingSum: 0, notAchieved: 10 }, cfg);
    expect(achieved.observations).toBe(10);
    expect(achieved.value).toBeCloseTo(
      (cfg.quality.priorMean * cfg.quality.priorWeight + 10) / (cfg.quality.priorWeight + 10),
      10,
    );
    expect(failed.value).toBeLessThan(0.25);
  });
  it("ignores nonsense counts", () => {
    expect(bayesianQuality({ ratingCount: -3, ratingSum: 99 }, cfg).value).toBe(cfg.quality.priorMean);
  });
  it("lets a proven expert outrank a newcomer, and a newcomer outrank a proven poor one", () => {
    const good = score(need(), offer(), { ratingCount: 20, ratingSum: 95 }).baseScore;
    const fresh = score(need(), offer(), undefined).baseScore;
    const poor = score(need(), offer(), { ratingCount: 20, ratingSum: 25 }).baseScore;
    expect(good).toBeGreaterThan(fresh);
    expect(fresh).toBeGreaterThan(poor);
  });
});

describe("fairness penalty", () => {
  it("has non-decreasing marginals (convex total) capped at maxPenalty", () => {
    let prev = -1;
    for (let l = 0; l < 40; l++) {
      const m = fairnessMarginal(l, cfg);
      expect(m).toBeGreaterThanOrEqual(prev);
      expect(m).toBeLessThanOrEqual(cfg.fairness.maxPenalty);
      prev = m;
    }
    expect(fairnessMarginal(0, cfg)).toBe(0);
    expect(fairnessPenaltyTotal(2, 3, cfg)).toBe(
      fairnessMarginal(2, cfg) + fairnessMarginal(3, cfg) + fairnessMarginal(4, cfg),
    );
  });
  it("is subtracted from the proposal score and grows with the expert organisation's load", () => {
    const idle = runMatching(input()).proposals[0]!;
    const busy = runMatching(input({ expertLoads: { "exp-1": { activeEngagements: 6, openProposals: 4 } } }))
      .proposals[0]!;
    expect(idle.breakdown.fairnessPenalty).toBe(0);
    expect(busy.breakdown.fairnessPenalty).toBe(fairnessMarginal(10, cfg));
    expect(busy.score).toBeCloseTo(busy.breakdown.baseScore - fairnessMarginal(10, cfg), 10);
    expect(busy.breakdown.details.expertLoadBefore).toBe(10);
  });
  it("derives the organisation's load from its offers' loads when not given", () => {
    const p = runMatching(
      input({
        offers: [offer(), offer({ id: "offer-2", status: "paused" })],
        offerLoads: {
          "offer-1": { activeEngagements: 1, openProposals: 1, hoursCommitted: 0 },
          "offer-2": { activeEngagements: 2, openProposals: 0, hoursCommitted: 0 },
        },
      }),
    ).proposals[0]!;
    expect(p.breakdown.details.expertLoadBefore).toBe(4);
  });
});

describe("base score", () => {
  it("is Σ weight·value / Σ weights on a 0–100 scale, with each contribution stored", () => {
    const s = score();
    const m = factorMultipliers(cfg);
    const sum = Object.values(s.factors).reduce((a, f) => a + f.contribution, 0);
    expect(s.baseScore).toBeCloseTo(sum, 10);
    for (const [k, f] of Object.entries(s.factors)) {
      expect(f.weight).toBe(cfg.weights[k as keyof typeof cfg.weights]);
      expect(f.contribution).toBeCloseTo(m[k as keyof typeof m] * f.value, 10);
    }
    expect(s.baseScore).toBeGreaterThan(0);
    expect(s.baseScore).toBeLessThanOrEqual(100);
  });
  it("follows the configured weights", () => {
    const topicOnly = resolveMatchingConfig({
      weights: { topic: 1, language: 0, geography: 0, urgency: 0, quality: 0 },
    });
    expect(scorePair(need(), offer(), undefined, NOW, topicOnly).baseScore).toBeCloseTo(100, 10);
  });
});

describe("capacity helpers", () => {
  it("counts engagements and live proposals against the slots", () => {
    expect(freeSlots(offer({ maxConcurrent: 3 }), undefined)).toBe(3);
    expect(
      freeSlots(offer({ maxConcurrent: 3 }), { activeEngagements: 1, openProposals: 1, hoursCommitted: 0 }),
    ).toBe(1);
    expect(
      freeSlots(offer({ maxConcurrent: 1 }), { activeEngagements: 2, openProposals: 0, hoursCommitted: 0 }),
    ).toBe(0);
    expect(
      freeHours(offer({ hoursPerMonth: 20 }), { activeEngagements: 1, openProposals: 0, hoursCommitted: 15 }),
    ).toBe(5);
  });
  it("asks for a share of the need's monthly effort", () => {
    expect(requiredFreeHours(need({ effortHours: null }), NOW, cfg)).toBe(cfg.capacity.minFreeHours);
    // 80 h over ~2 months → 40 h/month, a quarter of it must be free
    expect(requiredFreeHours(need({ effortHours: 80, wantedBy: days(60) }), NOW, cfg)).toBeCloseTo(10);
    expect(requiredFreeHours(need({ effortHours: 30, wantedBy: null }), NOW, cfg)).toBeCloseTo(2.5);
  });
  it("overlaps availability with the need's window", () => {
    expect(availabilityOverlaps(need(), offer(), NOW)).toBe(true);
    expect(availabilityOverlaps(need({ wantedBy: days(10) }), offer({ availableFrom: days(20) }), NOW)).toBe(
      false,
    );
    expect(availabilityOverlaps(need({ wantedBy: null }), offer({ availableFrom: days(200) }), NOW)).toBe(
      true,
    );
    expect(availabilityOverlaps(need(), offer({ availableTo: days(-1) }), NOW)).toBe(false);
    expect(availabilityOverlaps(need({ wantedBy: days(-3) }), offer(), NOW)).toBe(true);
  });
  it("requires trusted experts for secretariat-only needs and repressive countries", () => {
    expect(needRequiresTrustedExpert({ visibility: "network" }, "open")).toBe(false);
    expect(needRequiresTrustedExpert({ visibility: "network" }, "obstructed")).toBe(false);
    expect(needRequiresTrustedExpert({ visibility: "secretariat" }, "open")).toBe(true);
    expect(needRequiresTrustedExpert({ visibility: "network" }, "repressed")).toBe(true);
    expect(needRequiresTrustedExpert({ visibility: "network" }, "closed")).toBe(true);
  });
});

describe("config", () => {
  it("merges overrides one level deep and validates", () => {
    const c = resolveMatchingConfig({ fairness: { perLoad: 5 }, urgency: { targetDays: { critical: 1 } } });
    expect(c.fairness).toEqual({ perLoad: 5, maxPenalty: cfg.fairness.maxPenalty });
    expect(c.urgency.targetDays.critical).toBe(1);
    expect(c.urgency.targetDays.low).toBe(60);
    expect(() => resolveMatchingConfig({ proposalsPerNeed: -1 })).toThrow(RangeError);
    expect(() =>
      resolveMatchingConfig({ weights: { topic: 0, language: 0, geography: 0, urgency: 0, quality: 0 } }),
    ).toThrow();
    expect(Object.isFrozen(cfg)).toBe(true);
  });
});
