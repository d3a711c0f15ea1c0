// Work that must reach the queue is written to the outbox in the same transaction as the change
// that causes it; the worker relays it to BullMQ. A Redis outage therefore delays jobs, never loses them.
import { checkedPayload, type JobName, type JobPayload } from "~/jobs.server";
import { queueOf } from "./jobs";
import type { Tx } from "./db.server";

export async function enqueue<N extends JobName>(
  tx: Tx,
  name: N,
  payload: JobPayload<N>,
  options: { dedupeKey?: string } = {},
) {
  const data = checkedPayload(name, payload);
  return tx.outboxEvent.create({
    data: { queue: queueOf(name), name, payload: data as object, dedupeKey: options.dedupeKey ?? null },
    select: { id: true },
  });
}

/**
 * The same job for many payloads, set-based (the matcher's batch transitions): payloads checked like
 * `enqueue`'s, then inserted 2,000 rows per statement (Prisma's createMany is an order of magnitude slower
 * at thousands of rows).
 */
export async function enqueueMany<N extends JobName>(
  tx: Tx,
  name: N,
  payloads: readonly JobPayload<N>[],
  options: { dedupeKey?: (payload: JobPayload<N>) => string } = {},
) {
  let count = 0;
  for (let i = 0; i < payloads.length; i += 2_000) {
    const part = payloads.slice(i, i + 2_000);
    count += await tx.$executeRaw`
      INSERT INTO "OutboxEvent" (queue, name, payload, "dedupeKey")
      SELECT ${queueOf(name)}, ${name}, v.payload::jsonb, v.key
      FROM unnest(${part.map((p) => JSON.stringify(checkedPayload(name, p)))}::text[],
                  ${part.map((p) => options.dedupeKey?.(p) ?? null)}::text[]) AS v(payload, key)`;
  }
  return { count };
}
