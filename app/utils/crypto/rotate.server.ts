// Re-wrapping data keys under the current master key (`npm run keys:rotate`). Without downtime: every
// process is configured with both the new key (first) and the old ones, so each data key opens whether
// or not it has been re-wrapped yet; batches are short transactions that lock only their own rows
// (SKIP LOCKED: several runs, or a live request destroying a key, never wait long on each other).
// Resumable and idempotent: the state is the table itself — a key wrapped under the current master is
// never touched again, and a run stopped halfway continues where it stopped.
import { Prisma } from "~/generated/prisma/client";
import { db, type Db } from "../db.server";
import { unwrapDataKey, wrapDataKey, UnknownMasterKeyError } from "./data-keys.server";
import { masterKeys } from "./keyring.server";
import type { MasterKeys } from "./master-keys";

export type RotationProgress = { rewrapped: number; batches: number; lastId: string | null };
export type RotationResult = RotationProgress & {
  /** Data keys still under another master key, by master key id (unknown ones cannot be re-wrapped). */
  remaining: Record<string, number>;
};

type Row = { id: string; masterKeyId: string; wrapped: Uint8Array };

export async function rotateDataKeys(
  options: {
    keys?: MasterKeys;
    batchSize?: number;
    client?: Db;
    /** Stop after this many batches (a later run resumes). */
    maxBatches?: number;
    onBatch?: (progress: RotationProgress) => void;
  } = {},
): Promise<RotationResult> {
  const keys = options.keys ?? masterKeys();
  const client = options.client ?? db();
  const batchSize = options.batchSize ?? 500;
  const progress: RotationProgress = { rewrapped: 0, batches: 0, lastId: null };
  const unknown = new Set<string>();
  while (options.maxBatches === undefined || progress.batches < options.maxBatches) {
    const after = progress.lastId;
    const done = await client.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<Row[]>`
          SELECT id, "masterKeyId", wrapped FROM "DataKey"
          WHERE "masterKeyId" <> ${keys.current.id} ${after === null ? Prisma.empty : Prisma.sql`AND id > ${after}`}
          ORDER BY id LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED`;
        for (const row of rows) {
          let dataKey;
          try {
            dataKey = unwrapDataKey(keys, row);
          } catch (error) {
            if (!(error instanceof UnknownMasterKeyError)) throw error;
            unknown.add(row.masterKeyId);
            continue;
          }
          const { count } = await tx.dataKey.updateMany({
            where: { id: row.id, masterKeyId: row.masterKeyId },
            data: {
              masterKeyId: keys.current.id,
              wrapped: wrapDataKey(keys.current, dataKey),
              rewrappedAt: new Date(),
            },
          });
          progress.rewrapped += count;
          dataKey.key.fill(0);
        }
        if (rows.length) progress.lastId = rows[rows.length - 1].id;
        return rows.length < batchSize;
      },
      { timeout: 60_000, maxWait: 15_000 },
    );
    progress.batches++;
    options.onBatch?.({ ...progress });
    if (done) break;
  }
  const groups = await client.dataKey.groupBy({
    by: ["masterKeyId"],
    where: { masterKeyId: { not: keys.current.id } },
    _count: { _all: true },
  });
  return {
    ...progress,
    remaining: Object.fromEntries(groups.map((g) => [g.masterKeyId, g._count._all])),
  };
}

/** Data keys per master key id (what `keys:rotate` reports, so an old key is removed only when unused). */
export async function dataKeysByMasterKey(client: Db = db()): Promise<Record<string, number>> {
  const groups = await client.dataKey.groupBy({ by: ["masterKeyId"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.masterKeyId, g._count._all]));
}
