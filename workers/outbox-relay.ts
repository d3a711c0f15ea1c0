// Relays outbox rows to BullMQ. Rows are locked with SKIP LOCKED so several workers can relay side by
// side; each job's id is derived from its row, so a crash between "added" and "marked relayed" re-adds
// the same jobId, which BullMQ ignores: every row reaches the queue exactly once.
import type { PrismaClient } from "~/generated/prisma/client";
import { isJobName, queueOf, type QueueName } from "~/utils/jobs";
import type { Queues } from "./queues";

type Row = { id: bigint; queue: string; name: string; payload: unknown; dedupeKey: string | null };

export function outboxJobId(id: bigint | number | string) {
  return `outbox-${id}`;
}

export async function relayOutboxOnce(db: PrismaClient, queues: Queues, batchSize = 200): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Row[]>`
        SELECT id, queue, name, payload, "dedupeKey" FROM "OutboxEvent"
        WHERE "relayedAt" IS NULL ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, Row[]>();
      const unknown: bigint[] = [];
      for (const row of rows) {
        if (!isJobName(row.name)) {
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
            opts: {
              jobId: outboxJobId(row.id),
              ...(row.dedupeKey ? { deduplication: { id: `${row.name}-${row.dedupeKey}` } } : {}),
            },
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
  options: { idleMs?: number; onError?: (e: unknown) => void } = {},
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
