import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { seed } from "../../prisma/seed";

describe("demo seed", () => {
  // Two full seeds (argon2 hashes, encryption, the search index): seconds alone, far more on a loaded machine.
  it("builds a believable network and runs twice without error or change", async () => {
    const first = await seed(process.env.DATABASE_URL);
    const second = await seed(process.env.DATABASE_URL);
    expect(second).toEqual(first);

    const coalitions = await db().organisation.findMany({
      where: { kind: "COALITION" },
      include: { country: true },
    });
    expect(coalitions.length).toBeGreaterThanOrEqual(12);
    const regions = new Set(coalitions.map((c) => c.country?.region));
    for (const r of ["latin_america_caribbean", "sub_saharan_africa", "asia_pacific", "europe_central_asia"])
      expect(regions).toContain(r);
    expect(new Set(coalitions.map((c) => c.country?.civicSpaceRating)).size).toBeGreaterThanOrEqual(3);
    expect(coalitions.some((c) => c.languages.includes("es"))).toBe(true);
    expect(coalitions.some((c) => c.languages.includes("fr"))).toBe(true);

    const experts = await db().offer.groupBy({ by: ["organisationId"], where: { status: "active" } });
    expect(experts.length).toBeGreaterThanOrEqual(10);
    const categories = new Set(
      (await db().offer.findMany({ select: { categoryIds: true } })).flatMap((o) => o.categoryIds),
    );
    expect([...categories].sort()).toEqual(["advocacy", "digital_security", "legal"]);

    expect(await db().need.count()).toBeGreaterThanOrEqual(60);
    expect(await db().offer.count()).toBeGreaterThanOrEqual(40);
    const needStatuses = new Set(
      (await db().need.findMany({ select: { status: true } })).map((n) => n.status),
    );
    expect(needStatuses.size).toBeGreaterThanOrEqual(9);
    expect(
      await db().engagement.count({ where: { status: "closed", outcome: { not: null } } }),
    ).toBeGreaterThan(0);
    expect(
      await db().user.count({
        where: {
          memberships: { some: { organisation: { kind: "SECRETARIAT" } } },
          totpEnabledAt: { not: null },
        },
      }),
    ).toBeGreaterThan(0);
    // Issue 17: a peer offer, an exclusion and a pending application.
    expect(await db().offer.count({ where: { status: "active", organisation: { kind: "COALITION" } } })).toBe(
      1,
    );
    expect(await db().exclusion.count()).toBeGreaterThanOrEqual(1);
    expect(await db().membershipApplication.count({ where: { status: "pending" } })).toBeGreaterThanOrEqual(
      1,
    );
  }, 120_000);
});
