// Relays outbox rows to BullMQ. Rows are locked with SKIP LOCKED so several workers can relay side by
// side; each job's id is derived from its row, so a crash between "added" and "marked relayed" re-adds
// the same jobId, which BullMQ ignores: every row reaches the queue exactly once.
//
// The id carries the row's creation time as well as its number: restoring a backup rewinds the id
// sequence, and new rows then reuse numbers that jobs still kept in Redis (completed jobs stay a day)
// already carry. With the number alone BullMQ took the new jobs for those and dropped them.
import type { PrismaClient } from "~/generated/prisma/client";
import { jobNamed } from "~/jobs.server";
import { queueOf, type QueueName } from "~/utils/jobs";
import type { Queues } from "./queues";

type Row = {
  id: bigint;
  createdMs: bigint;
  queue: string;
  name: string;
  payload: unknown;
  dedupeKey: string | null;
};

/**
 * The job id of a row's `handover`-th hand-over to BullMQ (1: the relay; 2, 3…: re-enqueued by the
 * sweeper). Deterministic, so a crash before the row is updated re-adds the same id.
 */
export function outboxJobId(id: bigint | number | string, createdMs: bigint | number, handover = 1) {
  return handover > 1 ? `outbox-${id}-${createdMs}-${handover}` : `outbox-${id}-${createdMs}`;
}

/** The row a job id names, or null for jobs that do not come from the outbox. */
export function parseOutboxJobId(jobId: string | undefined): { id: bigint; createdMs: bigint } | null {
  const m = /^outbox-(\d+)-(\d+)(?:-\d+)?$/.exec(jobId ?? "");
  return m ? { id: BigInt(m[1]!), createdMs: BigInt(m[2]!) } : null;
}

/** BullMQ options for a row's job: its id and, for rows that ask for it, deduplication. */
export function outboxJobOptions(
  row: Pick<Row, "id" | "createdMs" | "name" | "dedupeKey">,
  handover: number,
) {
  return {
    jobId: outboxJobId(row.id, row.createdMs, handover),
    ...(row.dedupeKey ? { deduplication: { id: `${row.name}-${row.dedupeKey}` } } : {}),
  };
}

/** SQL for a row's creation time in epoch milliseconds (Prisma stores UTC in timestamp(3)). */
export const CREATED_MS = `(extract(epoch FROM "createdAt") * 1000)::bigint`;

export async function relayOutboxOnce(db: PrismaClient, queues: Queues, batchSize = 200): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRawUnsafe<Row[]>(
        `SELECT id, ${CREATED_MS} AS "createdMs", queue, name, payload, "dedupeKey" FROM "OutboxEvent"
         WHERE "relayedAt" IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        batchSize,
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, Row[]>();
      const unknown: bigint[] = [];
      for (const row of rows) {
        if (!jobNamed(row.name)) {
          unknown.push(row.id);
          continue;
        }
        const q = queueOf(row.name);
        byQueue.set(q, [...(byQueue.get(q) ?? []), row]);
      }
      for (const [queue, list] of byQueue) {
        await queues[queue].addBulk(
          list.map((row) => ({
            name: row.name,
            data: row.payload,
            opts: outboxJobOptions(row, 1),
          })),
        );
      }
      const ids = rows.map((r) => r.id);
      await tx.$executeRaw`UPDATE "OutboxEvent" SET "relayedAt" = now(), attempts = attempts + 1 WHERE id = ANY(${ids}::bigint[])`;
      if (unknown.length) {
        await tx.$executeRaw`UPDATE "OutboxEvent" SET "lastError" = 'unknown job name' WHERE id = ANY(${unknown}::bigint[])`;
      }
      return rows.length;
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

/** Relays until stopped; backs off while Redis or the database is unreachable. */
export function startOutboxRelay(
  db: PrismaClient,
  queues: Queues,
  options: { idleMs?: number; onError?: (e: unknown) => void; onRecovered?: () => void } = {},
) {
  let stopped = false;
  let wake: (() => void) | undefined;
  const idleMs = options.idleMs ?? 250;
  const done = (async () => {
    let failures = 0;
    while (!stopped) {
      let relayed = 0;
      try {
        relayed = await relayOutboxOnce(db, queues);
        if (failures) options.onRecovered?.();
        failures = 0;
      } catch (error) {
        failures++;
        options.onError?.(error);
      }
      if (relayed === 0 || failures > 0) {
        const delay = failures ? Math.min(idleMs * 2 ** failures, 5_000) : idleMs;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, delay);
        });
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
