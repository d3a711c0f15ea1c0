/** Builders for the matching tests (test support only). */
import type { MatchInput, MatchNeed, MatchOffer } from "~/features/matching/core";

export const NOW = new Date("2025-06-02T09:00:00Z");
export const DAY = 86_400_000;
export const days = (n: number) => new Date(NOW.getTime() + n * DAY);

/** A need in Mexico that the base offer fits on every hard filter. */
export function need(overrides: Partial<MatchNeed> = {}): MatchNeed {
  return {
    id: "need-1",
    organisationId: "coal-mx",
    status: "open",
    categoryId: "legal",
    topicKeys: ["legal.registration", "legal.foreign_funding"],
    countryCode: "MX",
    regionCode: "LAC",
    languages: ["es", "en"],
    urgency: "normal",
    wantedBy: days(60),
    effortHours: 20,
    format: "either",
    openedAt: days(-10),
    requiresTrusted: false,
    excludedOrganisationIds: [],
    ...overrides,
  };
}

/** An active, verified offer covering Mexico directly, in Spanish, on the need's topics. */
export function offer(overrides: Partial<MatchOffer> = {}): MatchOffer {
  return {
    id: "offer-1",
    organisationId: "exp-1",
    organisationVetting: "verified",
    status: "active",
    categoryIds: ["legal"],
    topicKeys: ["legal.registration", "legal.foreign_funding"],
    coverageGlobal: false,
    coverageCountries: ["MX"],
    coverageRegions: [],
    languages: ["es"],
    hoursPerMonth: 20,
    maxConcurrent: 3,
    availableFrom: days(-30),
    availableTo: null,
    responseTimeDays: 5,
    format: "either",
    ...overrides,
  };
}

export function input(overrides: Partial<MatchInput> = {}): MatchInput {
  return { now: NOW, needs: [need()], offers: [offer()], ...overrides };
}
