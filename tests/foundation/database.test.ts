import { afterAll, describe, expect, it } from "vitest";
import { getViewer } from "~/features/auth/services/session.server";
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { closeSqlPools, sqlRows } from "~/utils/sql.server";
import { createNetwork, createNeed, createOffer, createProposal } from "../support/factories";
import { createTestSession } from "../support/sessions";

// The fast pools of this file's database are closed before the database is dropped.
afterAll(() => closeSqlPools());

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

  it("reads timestamps on the fast pool as the same instants Prisma stores, whatever the time zone", async () => {
    const previous = process.env.TZ;
    process.env.TZ = "America/Mexico_City"; // UTC−6: a local-time reading would be six hours off
    try {
      const n = await createNetwork();
      const at = new Date("2026-03-01T23:30:00.123Z");
      await db().membership.update({
        where: { userId_organisationId: { userId: n.coalitionUser.id, organisationId: n.coalition.id } },
        data: { createdAt: at },
      });
      const [row] = await sqlRows<{ createdAt: Date }>(
        Prisma.sql`SELECT "createdAt" FROM "Membership" WHERE "userId" = ${n.coalitionUser.id}`,
      );
      expect(row.createdAt.toISOString()).toBe(at.toISOString());
      const { cookie } = await createTestSession(n.coalitionUser.id);
      const viewer = await getViewer(new Request("http://localhost/", { headers: { cookie } }));
      expect(viewer?.memberships.map((m) => m.createdAt.toISOString())).toEqual([at.toISOString()]);
      const user = await db().user.findUniqueOrThrow({ where: { id: n.coalitionUser.id } });
      expect(viewer?.user.createdAt.toISOString()).toBe(user.createdAt.toISOString());
    } finally {
      process.env.TZ = previous;
    }
  });
});
