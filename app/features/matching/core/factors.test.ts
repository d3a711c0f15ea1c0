import { describe, expect, it } from "vitest";
import { needRequiresTrustedExpert } from "~/features/auth/policy";
import { DEFAULT_MATCHING_CONFIG as cfg, resolveMatchingConfig } from "./config";
import {
  availabilityOverlaps,
  availabilityShare,
  bayesianQuality,
  coverageLevel,
  factorMultipliers,
  fairnessMarginal,
  fairnessPenaltyTotal,
  formatValue,
  freeHours,
  freeSlots,
  geographyValue,
  hoursValue,
  languageValue,
  monthlyDemandHours,
  offerFairnessMarginal,
  referenceLoadOf,
  requiredFreeHours,
  scorePair,
  targetResponseDays,
  topicValue,
  urgencyValue,
} from "./factors";
import { runMatching } from "./match";
import { days, input, need, NOW, offer } from "../../../../tests/support/matching/fixtures";
import type { OfferLoad, OutcomeHistory } from "./types";

const score = (n = need(), o = offer(), history?: OutcomeHistory, offerLoad?: OfferLoad) =>
  scorePair(n, o, { now: NOW, config: cfg, history, offerLoad });

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
    expect(full.contribution).toBeCloseTo(factorMultipliers(cfg).topic, 10);
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
    for (const ref of [1, 2.5, 7]) {
      let prev = -1;
      for (let l = 0; l < 60; l++) {
        const m = fairnessMarginal(l, ref, cfg);
        expect(m).toBeGreaterThanOrEqual(prev);
        expect(m).toBeLessThanOrEqual(cfg.fairness.maxPenalty);
        prev = m;
      }
    }
    expect(fairnessMarginal(0, 1, cfg)).toBe(0);
    expect(fairnessPenaltyTotal(2, 3, 1.5, cfg)).toBe(
      fairnessMarginal(2, 1.5, cfg) + fairnessMarginal(3, 1.5, cfg) + fairnessMarginal(4, 1.5, cfg),
    );
  });
  it("grows with the organisation's share of the current load, not its absolute load", () => {
    // the same load weighs twice as much where the network average is half
    expect(fairnessMarginal(6, 2, cfg)).toBeCloseTo(2 * fairnessMarginal(6, 4, cfg), 10);
    expect(fairnessMarginal(6, 2, cfg)).toBeCloseTo((cfg.fairness.perShare * 6) / 2, 10);
    // the reference never falls below the floor (an idle network does not make every load "huge")
    expect(referenceLoadOf(0, cfg)).toBe(cfg.fairness.minReferenceLoad);
    expect(referenceLoadOf(undefined, cfg)).toBe(cfg.fairness.minReferenceLoad);
    expect(referenceLoadOf(3.5, cfg)).toBe(3.5);
  });
  it("also counts per offer: grows with the share of the offer's slots in use", () => {
    expect(offerFairnessMarginal(0, 4, cfg)).toBe(0);
    expect(offerFairnessMarginal(2, 4, cfg)).toBeCloseTo(cfg.fairness.perOfferUse / 2, 10);
    expect(offerFairnessMarginal(3, 4, cfg)).toBeGreaterThan(offerFairnessMarginal(2, 4, cfg));
    expect(offerFairnessMarginal(1, 2, cfg)).toBeGreaterThan(offerFairnessMarginal(1, 5, cfg));
  });
  it("is subtracted from the proposal score and grows with the expert organisation's share of load", () => {
    const idle = runMatching(input()).proposals[0]!;
    const busy = runMatching(
      input({ expertLoads: { "exp-1": { activeEngagements: 6, openProposals: 4 } }, referenceLoad: 2 }),
    ).proposals[0]!;
    const busierNetwork = runMatching(
      input({ expertLoads: { "exp-1": { activeEngagements: 6, openProposals: 4 } }, referenceLoad: 5 }),
    ).proposals[0]!;
    expect(idle.breakdown.fairnessPenalty).toBe(0);
    expect(busy.breakdown.fairness.organisation).toBe(fairnessMarginal(10, 2, cfg));
    expect(busierNetwork.breakdown.fairness.organisation).toBe(fairnessMarginal(10, 5, cfg));
    expect(busierNetwork.breakdown.fairness.organisation).toBeLessThan(busy.breakdown.fairness.organisation);
    expect(busy.score).toBeCloseTo(busy.breakdown.baseScore - busy.breakdown.fairnessPenalty, 10);
    expect(busy.breakdown.details).toMatchObject({ expertLoadBefore: 10, referenceLoad: 2 });
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
    // and the offer's own share of slots in use: 2 of 3
    expect(p.breakdown.fairness.offer).toBeCloseTo(offerFairnessMarginal(2, 3, cfg), 10);
  });
});

describe("format factor (soft)", () => {
  it("fits when either side says either or both say the same; a remote-only offer does not fit in person", () => {
    expect(formatValue("in_person", "in_person", cfg)).toBe(cfg.format.fit);
    expect(formatValue("in_person", "either", cfg)).toBe(cfg.format.fit);
    expect(formatValue("either", "remote", cfg)).toBe(cfg.format.fit);
    expect(formatValue("in_person", "remote", cfg)).toBe(cfg.format.mismatch);
    expect(formatValue("remote", "in_person", cfg)).toBe(cfg.format.mismatch);
  });
  it("ranks an 'either' offer above a remote-only one for an in-person need, without excluding it", () => {
    const n = need({ format: "in_person" });
    const either = score(n, offer({ format: "either" }));
    const remote = score(n, offer({ format: "remote" }));
    expect(either.baseScore - remote.baseScore).toBeCloseTo(factorMultipliers(cfg).format, 10);
    const r = runMatching(input({ needs: [n], offers: [offer({ format: "remote" })] }));
    expect(r.proposals).toHaveLength(1); // soft: still proposed when nothing better exists
  });
});

describe("partial fits are graded", () => {
  it("availability: the share of the need's window [now, wanted-by] the offer covers", () => {
    const now = NOW.getTime();
    const end = days(60).getTime();
    expect(availabilityShare(now, end, -Infinity, Infinity)).toBe(1);
    expect(availabilityShare(now, end, -Infinity, days(15).getTime())).toBeCloseTo(0.25, 10);
    expect(availabilityShare(now, end, days(30).getTime(), Infinity)).toBeCloseTo(0.5, 10);
    expect(availabilityShare(now, now, -Infinity, Infinity)).toBe(1); // overdue need, available now
    const n = need({ wantedBy: days(60) });
    const full = score(n, offer());
    const ends = score(n, offer({ availableTo: days(15) }));
    expect(full.factors.availability.value).toBe(1);
    expect(ends.factors.availability.value).toBeCloseTo(0.25, 10);
    expect(full.baseScore).toBeGreaterThan(ends.baseScore);
    // a need without a date is judged over the configured horizon
    const open = score(need({ wantedBy: null }), offer({ availableTo: days(45) }));
    expect(open.factors.availability.value).toBeCloseTo(45 / cfg.availability.openEndedDays, 10);
  });
  it("hours: the share of the need's monthly effort the offer's free hours cover", () => {
    expect(monthlyDemandHours(need({ effortHours: null }), NOW, cfg)).toBeNull();
    expect(monthlyDemandHours(need({ effortHours: 80, wantedBy: days(60) }), NOW, cfg)).toBeCloseTo(40);
    expect(hoursValue(10, 40)).toBe(0.25);
    expect(hoursValue(50, 40)).toBe(1);
    expect(hoursValue(3, null)).toBe(1);
    const n = need({ effortHours: 80, wantedBy: days(60) }); // 40 h a month
    const plenty = score(n, offer({ hoursPerMonth: 40 }));
    const quarter = score(n, offer({ hoursPerMonth: 40 }), undefined, {
      activeEngagements: 1,
      openProposals: 0,
      hoursCommitted: 30,
    });
    expect(plenty.factors.hours.value).toBe(1);
    expect(quarter.factors.hours.value).toBeCloseTo(0.25, 10);
    expect(plenty.baseScore).toBeGreaterThan(quarter.baseScore);
  });
  it("a partial fit no longer ties with a full fit: the full fit is proposed first", () => {
    const n = need({ wantedBy: days(60), effortHours: 80 });
    const offers = [
      offer({ id: "a-partial-hours", organisationId: "exp-a", hoursPerMonth: 10 }),
      offer({ id: "b-partial-dates", organisationId: "exp-b", hoursPerMonth: 40, availableTo: days(20) }),
      offer({ id: "c-full", organisationId: "exp-c", hoursPerMonth: 40 }),
    ];
    const r = runMatching(input({ needs: [n], offers }));
    expect(r.proposals[0]!.offerId).toBe("c-full");
    expect(r.proposals.map((p) => p.offerId)).toHaveLength(3);
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
      weights: {
        topic: 1,
        language: 0,
        geography: 0,
        urgency: 0,
        quality: 0,
        format: 0,
        availability: 0,
        hours: 0,
      },
    });
    expect(scorePair(need(), offer(), { now: NOW, config: topicOnly }).baseScore).toBeCloseTo(100, 10);
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
    const c = resolveMatchingConfig({ fairness: { perShare: 5 }, urgency: { targetDays: { critical: 1 } } });
    expect(c.fairness).toEqual({ ...cfg.fairness, perShare: 5 });
    expect(c.urgency.targetDays.critical).toBe(1);
    expect(c.urgency.targetDays.low).toBe(60);
    expect(() => resolveMatchingConfig({ proposalsPerNeed: -1 })).toThrow(RangeError);
    expect(() =>
      resolveMatchingConfig({
        weights: {
          topic: 0,
          language: 0,
          geography: 0,
          urgency: 0,
          quality: 0,
          format: 0,
          availability: 0,
          hours: 0,
        },
      }),
    ).toThrow();
    expect(() => resolveMatchingConfig({ fairness: { minReferenceLoad: 0 } })).toThrow(RangeError);
    expect(Object.isFrozen(cfg)).toBe(true);
  });
});
