import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { createNetwork, createNeed, createOffer, createProposal } from "../support/factories";

describe("database", () => {
  it("has every migration applied, with reference data", async () => {
    const applied = await db().$queryRaw<Array<{ migration_name: string }>>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
    expect(applied.map((m) => m.migration_name)).toEqual(
      expect.arrayContaining(["20261121000000_init", "20261121000100_reference_data"]),
    );
    expect(await db().country.count()).toBeGreaterThan(190);
    expect(await db().category.count()).toBe(3);
    expect(await db().topic.count()).toBe(24);
  });

  it("keeps the audit log append-only", async () => {
    const event = await db().auditEvent.create({ data: { action: "test.event", entityType: "test" } });
    await expect(
      db().auditEvent.update({ where: { id: event.id }, data: { action: "changed" } }),
    ).rejects.toThrow();
    await expect(db().auditEvent.delete({ where: { id: event.id } })).rejects.toThrow();
    expect((await db().auditEvent.findUniqueOrThrow({ where: { id: event.id } })).action).toBe("test.event");
  });

  it("allows one proposal per need and offer", async () => {
    const n = await createNetwork();
    const need = await createNeed({ organisationId: n.coalition.id, createdById: n.coalitionUser.id });
    const offer = await createOffer({ organisationId: n.expert.id, createdById: n.expertUser.id });
    await createProposal({ needId: need.id, offerId: offer.id, expertOrganisationId: n.expert.id });
    await expect(
      createProposal({ needId: need.id, offerId: offer.id, expertOrganisationId: n.expert.id }),
    ).rejects.toThrow();
  });

  it("allows one digest delivery per user and period", async () => {
    const n = await createNetwork();
    await db().digestDelivery.create({ data: { userId: n.expertUser.id, period: "weekly:2026-W47" } });
    await expect(
      db().digestDelivery.create({ data: { userId: n.expertUser.id, period: "weekly:2026-W47" } }),
    ).rejects.toThrow();
  });
});
