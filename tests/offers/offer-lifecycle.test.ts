import { describe, expect, it } from "vitest";
import { AppError } from "~/utils/lifecycle";
import { loadOfferCapacities, offerCapacity } from "~/features/offers/services/capacity.server";
import {
  activateOffer,
  createOffer as createOfferService,
  offerTransitions,
  pauseOffer,
  resumeOffer,
  retireOffer,
  updateOffer,
  type OfferAction,
  type OfferInput,
} from "~/features/offers/services/offer-lifecycle.server";
import type { OfferStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import {
  createEngagement,
  createNeed,
  createNetwork,
  createOffer,
  createProposal,
} from "../support/factories";

const input: OfferInput = {
  title: "Legal review",
  description: "Review of draft laws",
  contentLanguage: "en",
  categoryIds: ["legal"],
  topicIds: ["legal.registration"],
  coverageGlobal: false,
  coverageCountries: ["MX"],
  coverageRegions: ["latin_america_caribbean"],
  languages: ["es", "en"],
  hoursPerMonth: 10,
  maxConcurrent: 2,
  availableFrom: new Date("2026-01-01"),
  availableTo: null,
  format: "remote",
  responseTimeDays: 3,
  terms: "pro_bono",
  peerKinds: [],
};

const actions: Record<OfferAction, typeof activateOffer> = {
  activate: activateOffer,
  pause: pauseOffer,
  resume: resumeOffer,
  retire: retireOffer,
};
const statuses: OfferStatus[] = ["draft", "active", "paused", "retired"];

describe("offer lifecycle", () => {
  it("creates a draft and activates it, publishing it and telling the matcher", async () => {
    const n = await createNetwork();
    const offer = await db().$transaction((tx) =>
      createOfferService(tx, {
        organisationId: n.expert.id,
        actor: { userId: n.expertUser.id },
        input,
        activate: true,
      }),
    );
    const row = await db().offer.findUniqueOrThrow({ where: { id: offer.id } });
    expect(row.status).toBe("active");
    expect(row.publishedAt).toBeInstanceOf(Date);
    expect(await db().outboxEvent.count({ where: { name: "matching.offer", dedupeKey: offer.id } })).toBe(1);
    expect(await db().outboxEvent.count({ where: { name: "search.index" } })).toBe(2);
  });

  for (const action of Object.keys(offerTransitions) as OfferAction[]) {
    it(`${action}: legal from ${offerTransitions[action].from.join(", ")}; refused otherwise`, async () => {
      const n = await createNetwork();
      for (const status of statuses) {
        const offer = await createOffer({
          organisationId: n.expert.id,
          createdById: n.expertUser.id,
          status,
        });
        const before = await db().offer.findUniqueOrThrow({ where: { id: offer.id } });
        const outboxBefore = await db().outboxEvent.count();
        const run = () =>
          db().$transaction((tx) => actions[action](tx, { userId: n.expertUser.id }, offer.id));
        if (offerTransitions[action].from.includes(status)) {
          await run();
          expect((await db().offer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe(
            offerTransitions[action].to,
          );
          expect(
            await db().auditEvent.count({ where: { entityId: offer.id, action: `offer.${action}` } }),
          ).toBe(1);
          expect(
            await db().outboxEvent.count({ where: { name: "matching.offer", dedupeKey: offer.id } }),
          ).toBe(1);
        } else {
          const error = await run().catch((e: unknown) => e);
          expect(error, `${action} from ${status}`).toBeInstanceOf(AppError);
          expect((error as AppError).messageKey).toBe("offers:errors.transitionRefused");
          expect(await db().offer.findUniqueOrThrow({ where: { id: offer.id } })).toEqual(before);
          expect(await db().outboxEvent.count()).toBe(outboxBefore);
        }
      }
    });
  }

  it("edits an active offer (re-matching) but not a retired one", async () => {
    const n = await createNetwork();
    const active = await createOffer({
      organisationId: n.expert.id,
      createdById: n.expertUser.id,
      status: "active",
    });
    await db().$transaction((tx) =>
      updateOffer(tx, { userId: n.expertUser.id }, active.id, { ...input, coverageGlobal: true }),
    );
    const row = await db().offer.findUniqueOrThrow({ where: { id: active.id } });
    expect(row).toMatchObject({
      title: "Legal review",
      coverageGlobal: true,
      coverageCountries: [],
      coverageRegions: [],
    });
    expect(await db().outboxEvent.count({ where: { name: "matching.offer", dedupeKey: active.id } })).toBe(1);
    const retired = await createOffer({
      organisationId: n.expert.id,
      createdById: n.expertUser.id,
      status: "retired",
    });
    await expect(
      db().$transaction((tx) => updateOffer(tx, { userId: n.expertUser.id }, retired.id, input)),
    ).rejects.toBeInstanceOf(AppError);
  });
});

describe("capacity arithmetic", () => {
  it("is pure arithmetic with floors at zero", () => {
    expect(
      offerCapacity({ hoursPerMonth: 20, maxConcurrent: 3 }, { activeEngagements: 1, hoursThisMonth: 7.5 }),
    ).toEqual({
      slotsTotal: 3,
      slotsUsed: 1,
      slotsLeft: 2,
      hoursTotal: 20,
      hoursUsed: 7.5,
      hoursLeft: 12.5,
      full: false,
    });
    expect(
      offerCapacity({ hoursPerMonth: 10, maxConcurrent: 1 }, { activeEngagements: 2, hoursThisMonth: 0 }),
    ).toMatchObject({ slotsLeft: 0, full: true });
    expect(
      offerCapacity({ hoursPerMonth: 10, maxConcurrent: 4 }, { activeEngagements: 0, hoursThisMonth: 12 }),
    ).toMatchObject({ hoursLeft: 0, full: true });
  });

  it("counts active engagements and this month's hours on them, for many offers in one go", async () => {
    const n = await createNetwork();
    const now = new Date("2026-11-21T12:00:00Z");
    const a = await createOffer({
      organisationId: n.expert.id,
      createdById: n.expertUser.id,
      hoursPerMonth: 20,
      maxConcurrent: 3,
    });
    const b = await createOffer({
      organisationId: n.expert.id,
      createdById: n.expertUser.id,
      hoursPerMonth: 8,
      maxConcurrent: 1,
    });
    const c = await createOffer({
      organisationId: n.expert.id,
      createdById: n.expertUser.id,
      hoursPerMonth: 5,
      maxConcurrent: 1,
    });
    async function engage(offerId: string, status: "active" | "closed", hours: Array<[number, string]>) {
      const need = await createNeed({
        organisationId: n.coalition.id,
        createdById: n.coalitionUser.id,
        status: "engaged",
      });
      const p = await createProposal({
        needId: need.id,
        offerId,
        expertOrganisationId: n.expert.id,
        status: "confirmed",
      });
      const e = await createEngagement({
        needId: need.id,
        offerId,
        proposalId: p.id,
        expertOrganisationId: n.expert.id,
        coalitionOrganisationId: n.coalition.id,
        status,
      });
      for (const [h, at] of hours) {
        await db().engagementUpdate.create({
          data: {
            engagementId: e.id,
            authorId: n.expertUser.id,
            organisationId: n.expert.id,
            body: "work",
            hours: h,
            createdAt: new Date(at),
          },
        });
      }
    }
    await engage(a.id, "active", [
      [3, "2026-11-02T10:00:00Z"],
      [2.5, "2026-11-20T10:00:00Z"],
      [10, "2026-10-31T23:00:00Z"], // last month: not counted
    ]);
    await engage(a.id, "active", [[1, "2026-11-01T00:00:00Z"]]);
    await engage(a.id, "closed", [[6, "2026-11-10T00:00:00Z"]]); // closed: neither a slot nor hours
    await engage(b.id, "active", []);
    const caps = await loadOfferCapacities([a, b, c], now);
    expect(caps.get(a.id)).toMatchObject({
      slotsUsed: 2,
      slotsLeft: 1,
      hoursUsed: 6.5,
      hoursLeft: 13.5,
      full: false,
    });
    expect(caps.get(b.id)).toMatchObject({ slotsUsed: 1, slotsLeft: 0, hoursLeft: 8, full: true });
    expect(caps.get(c.id)).toMatchObject({ slotsUsed: 0, slotsLeft: 1, hoursLeft: 5, full: false });
  });
});
