// The secretariat's taxonomy editing (issue 17) against a real database and Redis: adds need all three
// labels; every refusal leaves the database exactly as it was; retiring keeps the term on old records and
// drops it from what forms offer; merging moves the records (and re-indexes them for search); and another
// process sees a change within seconds, without a deploy.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  addCategory,
  addTopic,
  labelsSchema,
  mergeTerm,
  renameTerm,
  retireTerm,
  TaxonomyRefusedError,
} from "~/features/taxonomy/editing.server";
import { loadTaxonomy, resetReferenceCache, taxonomyChanged } from "~/features/taxonomy/reference.server";
import { db, type Tx } from "~/utils/db.server";
import { closeWebRedis, readyWebRedis, redisPrefix } from "~/utils/redis.server";
import { createNeed, createNetwork, createOffer, resetMarketplace } from "../support/factories";

const tx = <T>(fn: (tx: Tx) => Promise<T>) => db().$transaction(fn);
const labels = { en: "Media freedom", es: "Libertad de prensa", fr: "Liberté de la presse" };

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TaxonomyRefusedError) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** Everything a refused change could have touched. */
async function snapshot() {
  const [categories, topics, needs, offers, audits, outbox] = await Promise.all([
    db().category.findMany({ orderBy: { id: "asc" } }),
    db().topic.findMany({ orderBy: { id: "asc" } }),
    db().need.findMany({ orderBy: { id: "asc" }, select: { id: true, categoryId: true, topicIds: true } }),
    db().offer.findMany({ orderBy: { id: "asc" }, select: { id: true, categoryIds: true, topicIds: true } }),
    db().auditEvent.count(),
    db().outboxEvent.count(),
  ]);
  return { categories, topics, needs, offers, audits, outbox };
}

let actor: { userId: string };
let net: Awaited<ReturnType<typeof createNetwork>>;

beforeEach(async () => {
  await resetMarketplace();
  await db().topic.deleteMany({ where: { id: { startsWith: "media" } } });
  await db().category.deleteMany({ where: { id: { startsWith: "media" } } });
  await db().category.updateMany({ data: { retiredAt: null, mergedIntoId: null } });
  await db().topic.updateMany({ data: { retiredAt: null, mergedIntoId: null } });
  net = await createNetwork();
  actor = { userId: net.secretariatUser.id };
  resetReferenceCache();
});

afterAll(async () => {
  await closeWebRedis();
});

describe("adding and renaming", () => {
  it("needs the three labels", () => {
    expect(labelsSchema.safeParse(labels).success).toBe(true);
    expect(labelsSchema.safeParse({ en: "Media", es: "Prensa" }).success).toBe(false);
    expect(labelsSchema.safeParse({ en: "Media", es: "Prensa", fr: "  " }).success).toBe(false);
  });

  it("adds a category and a topic, audited, and forms offer them", async () => {
    await tx((t) => addCategory(t, actor, { key: "media", labels }));
    const topicId = await tx((t) => addTopic(t, actor, { categoryId: "media", key: "journalists", labels }));
    expect(topicId).toBe("media.journalists");
    await taxonomyChanged();
    const taxonomy = await loadTaxonomy("es");
    const media = taxonomy.find((c) => c.id === "media");
    expect(media?.label).toBe("Libertad de prensa");
    expect(media?.topics.map((tp) => tp.id)).toEqual(["media.journalists"]);
    const actions = await db().auditEvent.findMany({
      where: { action: { startsWith: "taxonomy." } },
      orderBy: { createdAt: "asc" },
      select: { action: true, entityId: true, actorId: true },
    });
    expect(actions).toEqual([
      { action: "taxonomy.category_added", entityId: "media", actorId: actor.userId },
      { action: "taxonomy.topic_added", entityId: "media.journalists", actorId: actor.userId },
    ]);
  });

  it("refuses a key in use, an unknown or retired category, an unknown term: nothing changes", async () => {
    await tx((t) => addCategory(t, actor, { key: "media", labels }));
    await tx((t) => retireTerm(t, actor, { kind: "category", id: "media" }));
    const before = await snapshot();
    expect(await refusal(tx((t) => addCategory(t, actor, { key: "legal", labels })))).toBe("exists");
    expect(
      await refusal(tx((t) => addTopic(t, actor, { categoryId: "legal", key: "registration", labels }))),
    ).toBe("exists");
    expect(await refusal(tx((t) => addTopic(t, actor, { categoryId: "nope", key: "x1", labels })))).toBe(
      "notFound",
    );
    expect(await refusal(tx((t) => addTopic(t, actor, { categoryId: "media", key: "x1", labels })))).toBe(
      "retired",
    );
    expect(await refusal(tx((t) => renameTerm(t, actor, { kind: "topic", id: "legal.nope", labels })))).toBe(
      "notFound",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("renames a term: labels change, the records carrying it are re-indexed for search", async () => {
    const need = await createNeed({
      organisationId: net.coalition.id,
      createdById: net.coalitionUser.id,
      topicIds: ["legal.registration"],
    });
    await tx((t) => renameTerm(t, actor, { kind: "topic", id: "legal.registration", labels }));
    const topic = await db().topic.findUniqueOrThrow({ where: { id: "legal.registration" } });
    expect(topic.labels).toEqual(labels);
    const jobs = await db().outboxEvent.findMany({ where: { name: "search.index" } });
    expect(jobs.map((j) => j.payload)).toContainEqual({ entityType: "need", entityId: need.id });
  });
});

describe("retiring", () => {
  it("keeps the term on old records, drops it from forms, and retires a category's topics", async () => {
    const need = await createNeed({
      organisationId: net.coalition.id,
      createdById: net.coalitionUser.id,
      categoryId: "advocacy",
    });
    await tx((t) => retireTerm(t, actor, { kind: "category", id: "advocacy" }));
    await taxonomyChanged();
    expect((await loadTaxonomy("en")).map((c) => c.id)).not.toContain("advocacy");
    expect(await db().topic.count({ where: { categoryId: "advocacy", retiredAt: null } })).toBe(0);
    expect((await db().need.findUniqueOrThrow({ where: { id: need.id } })).categoryId).toBe("advocacy");
    expect(
      await db().auditEvent.count({ where: { action: "taxonomy.category_retired", entityId: "advocacy" } }),
    ).toBe(1);
  });

  it("refuses to retire a retired term, or the last category: nothing changes", async () => {
    await tx((t) => retireTerm(t, actor, { kind: "topic", id: "legal.registration" }));
    let before = await snapshot();
    expect(await refusal(tx((t) => retireTerm(t, actor, { kind: "topic", id: "legal.registration" })))).toBe(
      "retired",
    );
    expect(await snapshot()).toEqual(before);
    const others = await db().category.findMany({ where: { id: { not: "legal" } }, select: { id: true } });
    for (const c of others) await tx((t) => retireTerm(t, actor, { kind: "category", id: c.id }));
    before = await snapshot();
    expect(await refusal(tx((t) => retireTerm(t, actor, { kind: "category", id: "legal" })))).toBe(
      "lastCategory",
    );
    expect(await snapshot()).toEqual(before);
  });
});

describe("merging", () => {
  it("moves needs and offers to the other topic (each once) and retires the merged one", async () => {
    const need = await createNeed({
      organisationId: net.coalition.id,
      createdById: net.coalitionUser.id,
      topicIds: ["legal.registration", "legal.foreign_funding"],
    });
    const offer = await createOffer({
      organisationId: net.expert.id,
      createdById: net.expertUser.id,
      topicIds: ["legal.registration"],
    });
    await tx((t) =>
      mergeTerm(t, actor, { kind: "topic", fromId: "legal.registration", intoId: "legal.foreign_funding" }),
    );
    expect((await db().need.findUniqueOrThrow({ where: { id: need.id } })).topicIds).toEqual([
      "legal.foreign_funding",
    ]);
    expect((await db().offer.findUniqueOrThrow({ where: { id: offer.id } })).topicIds).toEqual([
      "legal.foreign_funding",
    ]);
    const merged = await db().topic.findUniqueOrThrow({ where: { id: "legal.registration" } });
    expect(merged.mergedIntoId).toBe("legal.foreign_funding");
    expect(merged.retiredAt).not.toBeNull();
    const payloads = (await db().outboxEvent.findMany({ where: { name: "search.index" } })).map(
      (j) => j.payload,
    );
    expect(payloads).toContainEqual({ entityType: "need", entityId: need.id });
    expect(payloads).toContainEqual({ entityType: "offer", entityId: offer.id });
    // The need (open) is matched again with its new topic.
    const rematch = await db().outboxEvent.findMany({ where: { name: "matching.need" } });
    expect(rematch.map((j) => j.payload)).toContainEqual({ needId: need.id });
  });

  it("moves a category's needs, offers and topics", async () => {
    const need = await createNeed({
      organisationId: net.coalition.id,
      createdById: net.coalitionUser.id,
      categoryId: "advocacy",
    });
    const offer = await createOffer({
      organisationId: net.expert.id,
      createdById: net.expertUser.id,
      categoryIds: ["advocacy", "legal"],
    });
    const topics = await db().topic.count({ where: { categoryId: "advocacy" } });
    await tx((t) => mergeTerm(t, actor, { kind: "category", fromId: "advocacy", intoId: "legal" }));
    expect((await db().need.findUniqueOrThrow({ where: { id: need.id } })).categoryId).toBe("legal");
    expect((await db().offer.findUniqueOrThrow({ where: { id: offer.id } })).categoryIds).toEqual(["legal"]);
    expect(await db().topic.count({ where: { categoryId: "advocacy" } })).toBe(0);
    expect(topics).toBeGreaterThan(0);
  });

  it("refuses a term into itself, across categories, unknown or retired terms: nothing changes", async () => {
    await tx((t) => retireTerm(t, actor, { kind: "topic", id: "legal.assembly" }));
    await createNeed({
      organisationId: net.coalition.id,
      createdById: net.coalitionUser.id,
      topicIds: ["legal.registration"],
    });
    const before = await snapshot();
    const other = (await db().topic.findFirstOrThrow({ where: { categoryId: { not: "legal" } } })).id;
    const cases: Array<[string, string, string]> = [
      ["legal.registration", "legal.registration", "sameTerm"],
      ["legal.registration", other, "otherCategory"],
      ["legal.registration", "legal.nope", "notFound"],
      ["legal.registration", "legal.assembly", "retired"],
    ];
    for (const [fromId, intoId, code] of cases)
      expect(await refusal(tx((t) => mergeTerm(t, actor, { kind: "topic", fromId, intoId })))).toBe(code);
    expect(await snapshot()).toEqual(before);
  });
});

describe("without a deploy", () => {
  it("another process's change shows within seconds (the shared version in Redis)", async () => {
    expect((await loadTaxonomy("en")).find((c) => c.id === "legal")?.label).toBe("Legal");
    // Another process renames the category and bumps the shared version; this one kept its copy.
    await db().category.update({
      where: { id: "legal" },
      data: { labels: { en: "Law", es: "Derecho", fr: "Droit" } },
    });
    expect((await loadTaxonomy("en")).find((c) => c.id === "legal")?.label).toBe("Legal");
    await (await readyWebRedis()).incr(`${redisPrefix()}:taxonomy:version`);
    await new Promise((r) => setTimeout(r, 3_200));
    expect((await loadTaxonomy("en")).find((c) => c.id === "legal")?.label).toBe("Law");
    await db().category.update({
      where: { id: "legal" },
      data: { labels: { en: "Legal", es: "Jurídico", fr: "Juridique" } },
    });
  });
});
