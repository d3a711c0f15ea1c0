// The secretariat edits the taxonomy (issue 17): adds, renames, merges and retires categories and topics.
// A term is usable only with its labels in English, Spanish and French, so every add and rename needs all
// three. Retiring keeps the term on the records that carry it (no new use); merging moves the records to
// the other term and retires the merged one. Every change is audited, in the caller's transaction, and the
// records it touched are re-indexed for search; after commit the caller calls `taxonomyChanged()` so that
// every process (web and worker) reads the new taxonomy without a deploy.
import type { Tx } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { enqueueMany } from "~/utils/outbox.server";
import type { Labels } from "./editing-schema";

export { labelsSchema, type Labels } from "./editing-schema";

export type TaxonomyRefusal =
  "exists" | "notFound" | "retired" | "sameTerm" | "otherCategory" | "lastCategory";

export class TaxonomyRefusedError extends Error {
  constructor(readonly code: TaxonomyRefusal) {
    super(`taxonomy change refused: ${code}`);
    this.name = "TaxonomyRefusedError";
  }
  get status() {
    return this.code === "notFound" ? 404 : 409;
  }
}

export type TermKind = "category" | "topic";
export type TaxonomyActor = { userId: string; ip?: string | null };

async function findTerm(tx: Tx, kind: TermKind, id: string) {
  return kind === "category"
    ? tx.category.findUnique({ where: { id }, select: { id: true, retiredAt: true } })
    : tx.topic.findUnique({ where: { id }, select: { id: true, retiredAt: true, categoryId: true } });
}

async function record(
  tx: Tx,
  actor: TaxonomyActor,
  action: string,
  kind: TermKind,
  id: string,
  metadata: Record<string, string | number> = {},
) {
  await audit(tx, {
    actorId: actor.userId,
    action: `taxonomy.${kind}_${action}`,
    entityType: kind,
    entityId: id,
    ip: actor.ip ?? null,
    metadata,
  });
}

/** Re-indexes (search) the records carrying any of these terms: their labels travel in the documents. */
async function reindexCarriers(tx: Tx, termIds: string[]) {
  const [needs, offers, resources] = await Promise.all([
    tx.need.findMany({
      where: { OR: [{ categoryId: { in: termIds } }, { topicIds: { hasSome: termIds } }] },
      select: { id: true },
    }),
    tx.offer.findMany({
      where: { OR: [{ categoryIds: { hasSome: termIds } }, { topicIds: { hasSome: termIds } }] },
      select: { id: true },
    }),
    tx.resource.findMany({
      where: { OR: [{ categoryIds: { hasSome: termIds } }, { topicIds: { hasSome: termIds } }] },
      select: { id: true },
    }),
  ]);
  await enqueueMany(tx, "search.index", [
    ...needs.map((n) => ({ entityType: "need" as const, entityId: n.id })),
    ...offers.map((o) => ({ entityType: "offer" as const, entityId: o.id })),
    ...resources.map((r) => ({ entityType: "resource" as const, entityId: r.id })),
  ]);
}

export async function addCategory(tx: Tx, actor: TaxonomyActor, input: { key: string; labels: Labels }) {
  if (await tx.category.findUnique({ where: { id: input.key }, select: { id: true } }))
    throw new TaxonomyRefusedError("exists");
  const last = await tx.category.aggregate({ _max: { position: true } });
  await tx.category.create({
    data: { id: input.key, labels: input.labels, position: (last._max.position ?? 0) + 1 },
  });
  await record(tx, actor, "added", "category", input.key);
  return input.key;
}

export async function addTopic(
  tx: Tx,
  actor: TaxonomyActor,
  input: { categoryId: string; key: string; labels: Labels },
) {
  const category = await findTerm(tx, "category", input.categoryId);
  if (!category) throw new TaxonomyRefusedError("notFound");
  if (category.retiredAt) throw new TaxonomyRefusedError("retired");
  const id = `${input.categoryId}.${input.key}`;
  if (await tx.topic.findUnique({ where: { id }, select: { id: true } }))
    throw new TaxonomyRefusedError("exists");
  const last = await tx.topic.aggregate({
    where: { categoryId: input.categoryId },
    _max: { position: true },
  });
  await tx.topic.create({
    data: {
      id,
      categoryId: input.categoryId,
      labels: input.labels,
      position: (last._max.position ?? 0) + 1,
    },
  });
  await record(tx, actor, "added", "topic", id, { categoryId: input.categoryId });
  return id;
}

export async function renameTerm(
  tx: Tx,
  actor: TaxonomyActor,
  input: { kind: TermKind; id: string; labels: Labels },
) {
  const term = await findTerm(tx, input.kind, input.id);
  if (!term) throw new TaxonomyRefusedError("notFound");
  if (input.kind === "category")
    await tx.category.update({ where: { id: input.id }, data: { labels: input.labels } });
  else await tx.topic.update({ where: { id: input.id }, data: { labels: input.labels } });
  await record(tx, actor, "renamed", input.kind, input.id);
  await reindexCarriers(tx, [input.id]);
}

export async function retireTerm(
  tx: Tx,
  actor: TaxonomyActor,
  input: { kind: TermKind; id: string },
  now = new Date(),
) {
  const term = await findTerm(tx, input.kind, input.id);
  if (!term) throw new TaxonomyRefusedError("notFound");
  if (term.retiredAt) throw new TaxonomyRefusedError("retired");
  if (input.kind === "category") {
    const active = await tx.category.count({ where: { retiredAt: null } });
    if (active <= 1) throw new TaxonomyRefusedError("lastCategory");
    await tx.category.update({ where: { id: input.id }, data: { retiredAt: now } });
    // Its topics go with it: nothing new can be filed under a retired category.
    await tx.topic.updateMany({
      where: { categoryId: input.id, retiredAt: null },
      data: { retiredAt: now },
    });
  } else {
    await tx.topic.update({ where: { id: input.id }, data: { retiredAt: now } });
  }
  await record(tx, actor, "retired", input.kind, input.id);
}

/**
 * Merges `fromId` into `intoId`: every need, offer, resource and digest filter carrying `fromId` carries `intoId`
 * instead (each term once), a merged category's topics move to the other category, and `fromId` is
 * retired with `mergedIntoId`. Topics merge within one category only (a record's topics belong to its
 * categories).
 */
export async function mergeTerm(
  tx: Tx,
  actor: TaxonomyActor,
  input: { kind: TermKind; fromId: string; intoId: string },
  now = new Date(),
) {
  if (input.fromId === input.intoId) throw new TaxonomyRefusedError("sameTerm");
  const [from, into] = await Promise.all([
    findTerm(tx, input.kind, input.fromId),
    findTerm(tx, input.kind, input.intoId),
  ]);
  if (!from || !into) throw new TaxonomyRefusedError("notFound");
  if (from.retiredAt || into.retiredAt) throw new TaxonomyRefusedError("retired");
  if (
    input.kind === "topic" &&
    (from as { categoryId: string }).categoryId !== (into as { categoryId: string }).categoryId
  )
    throw new TaxonomyRefusedError("otherCategory");
  // The carriers before the move, to re-index them afterwards.
  const column = input.kind === "category" ? "categoryIds" : "topicIds";
  const replaced = (table: string, col: string) =>
    tx.$executeRawUnsafe(
      `UPDATE "${table}" SET "${col}" = ARRAY(SELECT DISTINCT e FROM unnest(array_replace("${col}", $1, $2)) AS e ORDER BY e)
       WHERE $1 = ANY("${col}")`,
      input.fromId,
      input.intoId,
    );
  await reindexCarriers(tx, [input.fromId]);
  // Open needs carrying the merged term are matched again: their category or topic overlap changed.
  const open = await tx.need.findMany({
    where: {
      status: { in: ["open", "matching"] },
      ...(input.kind === "category" ? { categoryId: input.fromId } : { topicIds: { has: input.fromId } }),
    },
    select: { id: true },
  });
  if (open.length)
    await enqueueMany(
      tx,
      "matching.need",
      open.map((n) => ({ needId: n.id })),
      { dedupeKey: (p) => p.needId },
    );
  if (input.kind === "category") {
    await tx.need.updateMany({ where: { categoryId: input.fromId }, data: { categoryId: input.intoId } });
    await tx.topic.updateMany({ where: { categoryId: input.fromId }, data: { categoryId: input.intoId } });
    await tx.category.update({
      where: { id: input.fromId },
      data: { retiredAt: now, mergedIntoId: input.intoId },
    });
  } else {
    await replaced("Need", "topicIds");
    await tx.topic.update({
      where: { id: input.fromId },
      data: { retiredAt: now, mergedIntoId: input.intoId },
    });
  }
  await replaced("Offer", column);
  await replaced("Resource", column);
  // Digest subscribers who followed the merged term now follow the other one.
  await replaced("DigestSubscription", column);
  await record(tx, actor, "merged", input.kind, input.fromId, { intoId: input.intoId });
}
