// Retention of a need's confidential material (issue 16): CONFIDENTIAL_RETENTION_DAYS (default 180) after
// a need is closed and its last engagement has closed, its confidential text (details, outcome wanted,
// engagement updates and milestones, outcome notes, feedback comments) and its documents are destroyed;
// the coalition may ask for it earlier from the need's page. What the gap map and the insight pages
// read stays: category, country, topics, dates, status, outcomes, ratings, hours, title and summary
// (the shareable part). Destroying the need's data key is what makes it final, also in copies of the
// database taken afterwards (ADR 0008); the columns are emptied as well so pages can say so plainly.
// Idempotent: a destroyed need is never selected again, and each need is one transaction.
import { deleteScopeDocuments } from "~/features/documents/index.server";
import type { NeedStatus } from "~/generated/prisma/enums";
import { Prisma } from "~/generated/prisma/client";
import { audit } from "~/utils/audit.server";
import { destroyDataKey } from "~/utils/crypto/data-keys.server";
import type { Db, Tx } from "~/utils/db.server";
import { hasActiveEngagement } from "./need-page.server";

/** Statuses in which a need is over: nothing confidential will be written to it again. */
export const closedNeedStatuses: NeedStatus[] = ["completed", "closed_unmet", "withdrawn", "declined"];

export type DestroyReason = "retention" | "requested";

/** What retention destroyed for one need (counts only: the audit event's metadata). */
export type DestroyedParts = Record<string, number>;

/**
 * The parts of a need that hold confidential material, each destroying its own inside the need's
 * transaction and returning how many items it destroyed. Documents attached to the need and to its
 * engagements are destroyed through the documents feature (their keys go with them).
 * Conversations: each thread of the need (proposal and engagement threads) has its own data key; it is
 * destroyed with the thread's attachments (scope `thread:<id>`), which makes every message noise (the
 * thread page shows them as destroyed).
 */
const needRetentionParts: Array<{
  name: string;
  destroy: (tx: Tx, need: { id: string; engagementIds: string[]; proposalIds: string[] }) => Promise<number>;
}> = [
  {
    name: "documents",
    destroy: async (tx, need) => {
      let count = await deleteScopeDocuments(tx, `need:${need.id}`);
      for (const id of need.engagementIds) count += await deleteScopeDocuments(tx, `engagement:${id}`);
      return count;
    },
  },
  {
    name: "threads",
    destroy: async (tx, need) => {
      const threads = await tx.thread.findMany({
        where: { needId: need.id },
        select: { id: true, dataKeyId: true },
      });
      for (const t of threads) await deleteScopeDocuments(tx, `thread:${t.id}`);
      const { count } = await tx.dataKey.deleteMany({
        where: { id: { in: threads.map((t) => t.dataKeyId) } },
      });
      return count;
    },
  },
  {
    name: "updates",
    destroy: async (tx, need) =>
      need.engagementIds.length
        ? tx.$executeRaw`
            UPDATE "EngagementUpdate" SET body = '', milestone = NULL
            WHERE "engagementId" IN (${Prisma.join(need.engagementIds)}) AND (body <> '' OR milestone IS NOT NULL)`
        : 0,
  },
  {
    name: "outcomeNotes",
    destroy: async (tx, need) =>
      tx.$executeRaw`UPDATE "Engagement" SET "outcomeNote" = NULL WHERE "needId" = ${need.id} AND "outcomeNote" IS NOT NULL`,
  },
  {
    name: "closeRequestNotes",
    destroy: async (tx, need) =>
      need.engagementIds.length
        ? tx.$executeRaw`
            UPDATE "EngagementCloseRequest" SET note = NULL, "answerNote" = NULL
            WHERE "engagementId" IN (${Prisma.join(need.engagementIds)})
              AND (note IS NOT NULL OR "answerNote" IS NOT NULL)`
        : 0,
  },
  {
    name: "feedback",
    destroy: async (tx, need) =>
      need.engagementIds.length
        ? tx.$executeRaw`
            UPDATE "EngagementFeedback" SET comment = ''
            WHERE "engagementId" IN (${Prisma.join(need.engagementIds)}) AND comment <> ''`
        : 0,
  },
];

export class RetentionRefusedError extends Error {
  constructor(
    readonly needId: string,
    readonly why: "notFound" | "notClosed" | "engagementActive",
  ) {
    super(`confidential material of need ${needId} cannot be destroyed: ${why}`);
    this.name = "RetentionRefusedError";
  }
}

/**
 * Destroys one need's confidential material. Returns null when it was already destroyed (idempotent);
 * refuses while the need is not closed or one of its engagements is still active.
 */
export async function destroyNeedConfidential(
  tx: Tx,
  needId: string,
  cause: { reason: DestroyReason; actorId: string | null; ip?: string | null; days?: number },
  now = new Date(),
): Promise<DestroyedParts | null> {
  const [need] = await tx.$queryRaw<
    {
      id: string;
      status: NeedStatus;
      organisationId: string;
      dataKeyId: string | null;
      confidentialDestroyedAt: Date | null;
    }[]
  >`SELECT id, status, "organisationId", "dataKeyId", "confidentialDestroyedAt" FROM "Need" WHERE id = ${needId} FOR UPDATE`;
  if (!need) throw new RetentionRefusedError(needId, "notFound");
  if (need.confidentialDestroyedAt) return null;
  if (!closedNeedStatuses.includes(need.status)) throw new RetentionRefusedError(needId, "notClosed");
  const engagements = await tx.engagement.findMany({
    where: { needId },
    select: { id: true, status: true },
  });
  if (engagements.some((e) => e.status === "active"))
    throw new RetentionRefusedError(needId, "engagementActive");
  const proposals = await tx.proposal.findMany({ where: { needId }, select: { id: true } });
  const scope = {
    id: needId,
    engagementIds: engagements.map((e) => e.id),
    proposalIds: proposals.map((p) => p.id),
  };
  const parts: DestroyedParts = {};
  for (const part of needRetentionParts) parts[part.name] = await part.destroy(tx, scope);
  // Raw: the need's updatedAt is about its shareable record, which does not change.
  await tx.$executeRaw`
    UPDATE "Need" SET details = '', "outcomeWanted" = '', "dataKeyId" = NULL, "confidentialDestroyedAt" = ${now}
    WHERE id = ${needId}`;
  parts.dataKey = need.dataKeyId && (await destroyDataKey(tx, need.dataKeyId)) ? 1 : 0;
  await audit(tx, {
    actorId: cause.actorId,
    organisationId: need.organisationId,
    action: "need.confidential_destroyed",
    entityType: "need",
    entityId: needId,
    ip: cause.ip ?? null,
    metadata: { reason: cause.reason, ...(cause.days !== undefined ? { days: cause.days } : {}), ...parts },
  });
  return parts;
}

/**
 * Needs whose confidential material is due: closed, every engagement closed, the later of the need's and
 * its engagements' closing at least `days` ago, not yet destroyed. Oldest first.
 */
export async function needsDueForRetention(client: Db | Tx, days: number, now = new Date(), limit = 500) {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const rows = await client.$queryRaw<{ id: string }[]>`
    SELECT n.id FROM "Need" n
    WHERE n."confidentialDestroyedAt" IS NULL
      AND n.status::text IN (${Prisma.join(closedNeedStatuses)})
      AND n."closedAt" <= ${cutoff}
      AND NOT EXISTS (
        SELECT 1 FROM "Engagement" e
        WHERE e."needId" = n.id AND (e.status = 'active' OR e."closedAt" IS NULL OR e."closedAt" > ${cutoff}))
    ORDER BY n."closedAt", n.id
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/** The scheduled job's work: destroys every due need's material, one transaction per need. */
export async function applyNeedRetention(client: Db, days: number, now = new Date()) {
  let destroyed = 0;
  const failed: string[] = [];
  for (;;) {
    const due = (await needsDueForRetention(client, days, now)).filter((id) => !failed.includes(id));
    if (!due.length) break;
    for (const id of due) {
      try {
        const parts = await client.$transaction((tx) =>
          destroyNeedConfidential(tx, id, { reason: "retention", actorId: null, days }, now),
        );
        if (parts) destroyed++;
      } catch (error) {
        // A need that changed meanwhile (reopened engagement...) is left for the next run.
        if (!(error instanceof RetentionRefusedError)) throw error;
        failed.push(id);
      }
    }
    if (due.length < 500) break;
  }
  return { destroyed, skipped: failed.length };
}

/** When a closed need's material is due (for the need page); null when not closed yet or already gone. */
export async function retentionDueAt(
  client: Db,
  need: { id: string; status: NeedStatus; closedAt: Date | null; confidentialDestroyedAt: Date | null },
  days: number,
): Promise<Date | null> {
  if (need.confidentialDestroyedAt || !need.closedAt || !closedNeedStatuses.includes(need.status))
    return null;
  const last = await client.engagement.aggregate({ where: { needId: need.id }, _max: { closedAt: true } });
  if (await hasActiveEngagement(client, need.id)) return null;
  const from = Math.max(need.closedAt.getTime(), last._max.closedAt?.getTime() ?? 0);
  return new Date(from + days * 86_400_000);
}
