// Issue 19 through PostgreSQL: event-driven runs that do not starve later needs (movable proposals
// re-decided, with the reason recorded; approved ones never moved), convergence after a rebalance whatever
// the order needs opened in, one proposal per organisation and need, and a write path whose number of SQL
// statements does not grow with the number of needs.
import { beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { runMatchForNeeds } from "~/features/matching/services/matching.server";
import { db } from "~/utils/db.server";
import {
  createNeed,
  createOffer,
  createOrganisation,
  createUser,
  resetMarketplace,
} from "../support/factories";

beforeEach(() => resetMarketplace());

async function expert(name: string, vettingLevel: "verified" | "trusted" = "trusted") {
  const org = await createOrganisation({ kind: "EXPERT", vettingLevel, name });
  const user = await createUser({}, { organisationId: org.id });
  return { org, user };
}

async function coalition(country: string) {
  const org = await createOrganisation({ kind: "COALITION", countryCode: country });
  const user = await createUser({}, { organisationId: org.id });
  return { org, user };
}

/** Live proposals as "need title → offer title", sorted. */
async function liveAssignment() {
  const rows = await db().proposal.findMany({
    where: { status: { in: ["proposed", "approved", "accepted"] } },
    select: { need: { select: { title: true } }, offer: { select: { title: true } } },
  });
  return rows.map((r) => `${r.need.title} → ${r.offer.title}`).sort();
}

describe("event-driven runs do not starve later needs", () => {
  /**
   * X: one slot, covers Mexico and Guatemala directly, Spanish and English. Y: one slot, Latin America as
   * a region, Spanish only. "first" (Mexico, Spanish) prefers X but can use Y; "later" (Guatemala,
   * English) can only use X.
   */
  async function scenario() {
    const ex = await expert("Expert X");
    const ey = await expert("Expert Y");
    const X = await createOffer({
      organisationId: ex.org.id,
      createdById: ex.user.id,
      title: "X",
      maxConcurrent: 1,
      coverageCountries: ["MX", "GT"],
      coverageRegions: [],
      languages: ["es", "en"],
    });
    const Y = await createOffer({
      organisationId: ey.org.id,
      createdById: ey.user.id,
      title: "Y",
      maxConcurrent: 1,
      coverageRegions: ["latin_america_caribbean"],
      languages: ["es"],
    });
    const mx = await coalition("MX");
    const gt = await coalition("GT");
    const first = await createNeed({
      organisationId: mx.org.id,
      createdById: mx.user.id,
      title: "first",
      openedAt: new Date(Date.now() - 5 * 86_400_000),
    });
    const later = await createNeed({
      organisationId: gt.org.id,
      createdById: gt.user.id,
      title: "later",
      countryCode: "GT",
      languages: ["en"],
    });
    return { X, Y, first, later };
  }
  const k1 = { config: { proposalsPerNeed: 1 } };

  it("gives the later need the slot it needs, moving the first need's unreviewed proposal to its alternative", async () => {
    const { X, first, later } = await scenario();
    await runMatchForNeeds(db(), "need_changed", [first.id], k1);
    expect(await liveAssignment()).toEqual(["first → X"]);

    const run = await runMatchForNeeds(db(), "need_changed", [later.id], k1);
    expect(await liveAssignment()).toEqual(["first → Y", "later → X"]);
    expect(run).toMatchObject({ proposalsCreated: 2, proposalsReassigned: 1, proposalsWithdrawn: 0 });

    // the moved proposal is recorded, with its reason, and may come back (it is not a declined pair)
    const moved = await db().proposal.findUniqueOrThrow({
      where: { needId_offerId: { needId: first.id, offerId: X.id } },
    });
    expect(moved).toMatchObject({ status: "withdrawn", closedReason: "reassigned" });
    const event = await db().auditEvent.findFirstOrThrow({
      where: { action: "proposal.reassigned", entityId: moved.id },
    });
    expect(event.metadata).toMatchObject({
      reason: "slot_reassigned",
      takenByNeedId: later.id,
      needId: first.id,
      matchRunId: run.matchRunId,
    });
    for (const id of [first.id, later.id])
      expect((await db().need.findUniqueOrThrow({ where: { id } })).status).toBe("matching");

    // the next rebalance finds the same assignment: nothing moves
    const rebalance = await runMatchForNeeds(db(), "rebalance", "all", k1);
    expect(rebalance).toMatchObject({ proposalsCreated: 0, proposalsReassigned: 0, proposalsWithdrawn: 0 });
    expect(await liveAssignment()).toEqual(["first → Y", "later → X"]);

    // and when "later" goes, its slot returns to "first" on the old row
    await db().need.update({ where: { id: later.id }, data: { status: "withdrawn" } });
    await runMatchForNeeds(db(), "rebalance", "all", k1);
    await runMatchForNeeds(db(), "need_changed", [later.id], k1);
    await runMatchForNeeds(db(), "rebalance", "all", k1);
    expect(await liveAssignment()).toEqual(["first → X"]);
    expect((await db().proposal.findUniqueOrThrow({ where: { id: moved.id } })).status).toBe("proposed");
  });

  it("never moves a proposal the secretariat approved (the expert may have seen it)", async () => {
    const { X, first, later } = await scenario();
    await runMatchForNeeds(db(), "need_changed", [first.id], k1);
    await db().proposal.update({
      where: { needId_offerId: { needId: first.id, offerId: X.id } },
      data: { status: "approved", reviewedAt: new Date() },
    });
    const run = await runMatchForNeeds(db(), "need_changed", [later.id], k1);
    expect(run).toMatchObject({ proposalsCreated: 0, proposalsReassigned: 0 });
    expect(await liveAssignment()).toEqual(["first → X"]);
    await runMatchForNeeds(db(), "rebalance", "all", k1);
    expect(await liveAssignment()).toEqual(["first → X"]);
  });

  it("never moves a proposal made by hand", async () => {
    const { X, first, later } = await scenario();
    const ex = await db().offer.findUniqueOrThrow({ where: { id: X.id } });
    await db().proposal.create({
      data: {
        needId: first.id,
        offerId: X.id,
        expertOrganisationId: ex.organisationId,
        score: 50,
        breakdown: {},
        source: "secretariat",
      },
    });
    await runMatchForNeeds(db(), "need_changed", [later.id], k1);
    expect(await liveAssignment()).toEqual(["first → X"]);
  });
});

describe("hand-made proposals", () => {
  it("are withdrawn, with the reason, once they no longer hold — never reassigned", async () => {
    const e = await expert("Expert H");
    const offer = await createOffer({ organisationId: e.org.id, createdById: e.user.id, maxConcurrent: 1 });
    const mx = await coalition("MX");
    const need = await createNeed({ organisationId: mx.org.id, createdById: mx.user.id, status: "matching" });
    const p = await db().proposal.create({
      data: {
        needId: need.id,
        offerId: offer.id,
        expertOrganisationId: e.org.id,
        score: 50,
        breakdown: {},
        source: "secretariat",
      },
    });
    await runMatchForNeeds(db(), "rebalance", "all");
    expect((await db().proposal.findUniqueOrThrow({ where: { id: p.id } })).status).toBe("proposed");
    await db().offer.update({ where: { id: offer.id }, data: { status: "paused" } });
    const run = await runMatchForNeeds(db(), "need_changed", [need.id]);
    expect(run.proposalsWithdrawn).toBe(1);
    expect(await db().proposal.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
      status: "withdrawn",
      closedReason: "The offer is no longer active.",
    });
    expect((await db().need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe("open");
    expect(await db().auditEvent.count({ where: { action: "proposal.withdrawn", entityId: p.id } })).toBe(1);
  });
});

describe("whatever the order needs open in, the next rebalance gives the global assignment", () => {
  async function network() {
    const offers = [];
    for (let i = 0; i < 5; i++) {
      const e = await expert(`Expert ${i}`);
      offers.push(
        await createOffer({
          organisationId: e.org.id,
          createdById: e.user.id,
          title: `offer-${i}`,
          maxConcurrent: 1 + (i % 2),
          coverageCountries: i % 2 ? ["MX"] : ["MX", "GT", "KE"],
          coverageRegions: i === 4 ? ["latin_america_caribbean"] : [],
          languages: i === 3 ? ["en"] : ["es", "en"],
          topicIds: i < 2 ? ["legal.registration"] : ["legal.registration", "legal.foreign_funding"],
          format: i === 2 ? "in_person" : "either",
        }),
      );
    }
    const needs = [];
    const places = ["MX", "GT", "KE", "MX", "MX", "GT", "MX"];
    for (let i = 0; i < places.length; i++) {
      const c = await coalition(places[i]!);
      needs.push(
        await createNeed({
          organisationId: c.org.id,
          createdById: c.user.id,
          title: `need-${i}`,
          countryCode: places[i],
          languages: i % 3 === 2 ? ["en"] : ["es", "en"],
          topicIds: i % 2 ? ["legal.foreign_funding"] : ["legal.registration"],
          format: i === 1 ? "remote" : "either",
          openedAt: new Date(Date.now() - (10 + i) * 86_400_000),
        }),
      );
    }
    return { offers, needs };
  }

  async function restart(needIds: string[]) {
    await db().proposal.deleteMany();
    await db().need.updateMany({ where: { id: { in: needIds } }, data: { status: "open" } });
  }

  it("converges for two opening orders and equals a rebalance from scratch", async () => {
    const { needs } = await network();
    const ids = needs.map((n) => n.id);

    for (const id of ids) await runMatchForNeeds(db(), "need_changed", [id]);
    await runMatchForNeeds(db(), "rebalance", "all");
    const inOrder = await liveAssignment();

    await restart(ids);
    for (const id of [...ids].reverse()) await runMatchForNeeds(db(), "need_changed", [id]);
    await runMatchForNeeds(db(), "rebalance", "all");
    const reversed = await liveAssignment();

    await restart(ids);
    for (const id of [ids[3], ids[0], ids[6], ids[1], ids[5], ids[2], ids[4]])
      await runMatchForNeeds(db(), "need_changed", [id!]);
    await runMatchForNeeds(db(), "rebalance", "all");
    const shuffled = await liveAssignment();

    await restart(ids);
    await runMatchForNeeds(db(), "rebalance", "all");
    const global = await liveAssignment();

    expect(global.length).toBeGreaterThan(5);
    expect(inOrder).toEqual(global);
    expect(reversed).toEqual(global);
    expect(shuffled).toEqual(global);
  });
});

describe("one proposal per organisation and need", () => {
  it("spreads a Senegalese digital-security need over three organisations, not one", async () => {
    const big = await expert("Big digital-security helper");
    for (const title of ["Device security", "Device security", "Incident response"])
      await createOffer({
        organisationId: big.org.id,
        createdById: big.user.id,
        title,
        categoryIds: ["digital_security"],
        topicIds: ["digital_security.devices", "digital_security.incident_response"],
        coverageCountries: ["SN"],
        coverageRegions: [],
        languages: ["fr"],
      });
    for (const name of ["Second helper", "Third helper"]) {
      const e = await expert(name);
      await createOffer({
        organisationId: e.org.id,
        createdById: e.user.id,
        categoryIds: ["digital_security"],
        topicIds: ["digital_security.devices"],
        coverageRegions: ["sub_saharan_africa"],
        languages: ["fr", "en"],
      });
    }
    const sn = await coalition("SN");
    const need = await createNeed({
      organisationId: sn.org.id,
      createdById: sn.user.id,
      categoryId: "digital_security",
      topicIds: ["digital_security.devices"],
      countryCode: "SN",
      languages: ["fr"],
    });
    await runMatchForNeeds(db(), "need_changed", [need.id]);
    const proposals = await db().proposal.findMany({ where: { needId: need.id } });
    expect(proposals).toHaveLength(3);
    expect(new Set(proposals.map((p) => p.expertOrganisationId)).size).toBe(3);
  });
});

describe("the database path is set-based", () => {
  /** A client that counts every query it sends (model operations and raw SQL), inside transactions too. */
  function counting() {
    let n = 0;
    const client = db().$extends({
      query: {
        async $allOperations({ args, query }) {
          n++;
          return query(args);
        },
      },
    }) as unknown as PrismaClient;
    return { client, count: () => n };
  }

  async function market(needs: number) {
    const offers = Math.ceil(needs / 2);
    for (let i = 0; i < offers; i++) {
      const e = await expert(`Expert ${needs}-${i}`);
      await createOffer({ organisationId: e.org.id, createdById: e.user.id, maxConcurrent: 3 });
    }
    const c = await coalition("MX");
    await db().need.createMany({
      data: Array.from({ length: needs }, (_, i) => ({
        organisationId: c.org.id,
        createdById: c.user.id,
        title: `Need ${i}`,
        summary: "Legal help",
        categoryId: "legal",
        topicIds: ["legal.registration"],
        countryCode: "MX",
        languages: ["es"],
        status: "open" as const,
        openedAt: new Date(Date.now() - i * 60_000),
      })),
    });
  }

  it("sends as many statements for 60 needs as for 6 (no per-need loop inside the lock)", async () => {
    await market(6);
    const small = counting();
    const a = await runMatchForNeeds(small.client, "rebalance", "all");
    await resetMarketplace();
    await market(60);
    const large = counting();
    const b = await runMatchForNeeds(large.client, "rebalance", "all");
    expect(a.proposalsCreated).toBeGreaterThan(5);
    expect(b.proposalsCreated).toBeGreaterThan(50);
    console.info(`statements: ${small.count()} for 6 needs, ${large.count()} for 60`);
    expect(small.count()).toBeGreaterThan(10);
    expect(large.count()).toBe(small.count());
    // every need that got a proposal moved to "matching", each with its audit event and search update
    const matched = (await db().proposal.groupBy({ by: ["needId"] })).length;
    expect(await db().need.count({ where: { status: "matching" } })).toBe(matched);
    const needIds = (await db().need.findMany({ select: { id: true } })).map((n) => n.id);
    expect(
      await db().auditEvent.count({ where: { action: "need.mark_matching", entityId: { in: needIds } } }),
    ).toBe(matched);
    expect(await db().outboxEvent.count({ where: { name: "search.index" } })).toBe(matched);
  });
});
