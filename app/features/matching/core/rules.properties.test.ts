/**
 * Property tests of issue 19's per-pair and tie rules, over random pairs (rules.test.ts has one scenario
 * each; properties.test.ts the network-wide properties): format is a soft factor, partial availability and
 * partial hours are graded (never above a full fit, monotone in how much fits), ties go to the less loaded
 * organisation, then to the need that has waited longest — whatever the ids.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY, NOW, input, need, offer } from "../../../../tests/support/matching/fixtures";
import { resolveMatchingConfig } from "./config";
import { checkHardFilters, scorePair } from "./factors";
import { runMatching } from "./match";
import type { MatchNeed, MatchOffer, OfferLoad, WorkFormat } from "./types";

const cfg = resolveMatchingConfig();
const at = (d: number) => new Date(NOW.getTime() + d * DAY);
const base = (n: MatchNeed, o: MatchOffer, load?: OfferLoad) =>
  scorePair(n, o, { now: NOW, config: cfg, offerLoad: load }).baseScore;
const passes = (n: MatchNeed, o: MatchOffer, load?: OfferLoad) =>
  checkHardFilters(n, o, { now: NOW, config: cfg, offerLoad: load }).length === 0;
const format = fc.constantFrom<WorkFormat>("remote", "in_person", "either");
const fits = (a: WorkFormat, b: WorkFormat) => a === "either" || b === "either" || a === b;
/** A need in Mexico with random topics-independent details: urgency, date, effort, format. */
const needArb = fc.record({
  urgency: fc.constantFrom("critical", "high", "normal", "low" as const),
  wantedIn: fc.integer({ min: 5, max: 200 }),
  effortHours: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }),
  format,
});
const mkNeed = (x: {
  urgency: MatchNeed["urgency"];
  wantedIn: number;
  effortHours: number | null;
  format: WorkFormat;
}) => need({ urgency: x.urgency, wantedBy: at(x.wantedIn), effortHours: x.effortHours, format: x.format });

describe("issue 19 rules, as properties over random pairs", () => {
  it("format is soft: a fitting format always scores above a mismatch by the format weight, and neither is excluded", () => {
    fc.assert(
      fc.property(needArb, format, format, (nx, fa, fb) => {
        const n = mkNeed(nx);
        const a = offer({ format: fa, hoursPerMonth: 200 });
        const b = offer({ format: fb, hoursPerMonth: 200 });
        expect(passes(n, a)).toBe(passes(n, b)); // never a hard filter
        const d = base(n, a) - base(n, b);
        if (fits(n.format, fa) === fits(n.format, fb)) expect(d).toBeCloseTo(0, 9);
        else if (fits(n.format, fa)) expect(d).toBeGreaterThan(0);
        else expect(d).toBeLessThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("availability is graded: an offer ending later never scores lower, and one ending before the need's date scores below a full fit", () => {
    fc.assert(
      fc.property(
        needArb,
        fc.integer({ min: 1, max: 250 }),
        fc.integer({ min: 1, max: 250 }),
        (nx, endA, endB) => {
          const n = mkNeed(nx);
          const [early, late] = endA <= endB ? [endA, endB] : [endB, endA];
          const o = (end: number | null) =>
            offer({ availableTo: end === null ? null : at(end), hoursPerMonth: 400 });
          expect(base(n, o(late))).toBeGreaterThanOrEqual(base(n, o(early)) - 1e-9);
          expect(base(n, o(null))).toBeGreaterThanOrEqual(base(n, o(late)) - 1e-9);
          if (early < nx.wantedIn) expect(base(n, o(early))).toBeLessThan(base(n, o(null)));
          else expect(base(n, o(early))).toBeCloseTo(base(n, o(null)), 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("hours are graded: more free hours never score lower, and partial cover scores below full cover", () => {
    fc.assert(
      fc.property(
        needArb.filter((x) => x.effortHours !== null),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        (nx, ha, hb) => {
          const n = mkNeed(nx);
          const [less, more] = ha <= hb ? [ha, hb] : [hb, ha];
          // free hours = hoursPerMonth − hoursCommitted: the same offer, more or less committed
          const load = (committed: number): OfferLoad => ({
            activeEngagements: 0,
            openProposals: 0,
            hoursCommitted: committed,
          });
          const o = offer({ hoursPerMonth: 1_000 });
          const sLess = base(n, o, load(1_000 - less));
          const sMore = base(n, o, load(1_000 - more));
          const sFull = base(n, o, load(0));
          expect(sMore).toBeGreaterThanOrEqual(sLess - 1e-9);
          const cover = scorePair(n, o, { now: NOW, config: cfg, offerLoad: load(1_000 - less) }).factors
            .hours.value;
          if (cover < 1) expect(sLess).toBeLessThan(sFull);
          else expect(sLess).toBeCloseTo(sFull, 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a tie between equally good offers goes to the less loaded organisation, whatever the ids", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (low, extra, lowFirst) => {
          const [lowOrg, highOrg] = lowFirst ? ["exp-a", "exp-z"] : ["exp-z", "exp-a"];
          const r = runMatching(
            input({
              offers: [
                offer({ id: `o-${lowOrg}`, organisationId: lowOrg }),
                offer({ id: `o-${highOrg}`, organisationId: highOrg }),
              ],
              expertLoads: {
                [lowOrg]: { activeEngagements: low, openProposals: 0 },
                [highOrg]: { activeEngagements: low + extra, openProposals: 0 },
              },
            }),
            { proposalsPerNeed: 1, fairness: { perShare: 0, perOfferUse: 0 } },
          );
          expect(r.proposals.map((p) => p.expertOrganisationId)).toEqual([lowOrg]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a tie for the last free slot goes to the need that has waited longest, whatever the ids", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.boolean(),
        (youngAge, older, olderFirst) => {
          const [oldId, youngId] = olderFirst ? ["n-a", "n-z"] : ["n-z", "n-a"];
          const r = runMatching(
            input({
              needs: [
                need({ id: youngId, openedAt: at(-youngAge) }),
                need({ id: oldId, openedAt: at(-youngAge - older) }),
              ],
              offers: [offer({ maxConcurrent: 1 })],
            }),
            { fairness: { perShare: 0, perOfferUse: 0 } },
          );
          expect(r.proposals.map((p) => p.needId)).toEqual([oldId]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
