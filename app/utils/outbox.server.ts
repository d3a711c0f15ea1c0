// Work that must reach the queue is written to the outbox in the same transaction as the change
// that causes it; the worker relays it to BullMQ. A Redis outage therefore delays jobs, never loses them.
import { jobPayloads, queueOf, type JobName, type JobPayload } from "./jobs";
import type { Tx } from "./db.server";

export async function enqueue<N extends JobName>(
  tx: Tx,
  name: N,
  payload: JobPayload<N>,
  options: { dedupeKey?: string } = {},
) {
  const data = jobPayloads[name].parse(payload);
  return tx.outboxEvent.create({
    data: { queue: queueOf(name), name, payload: data as object, dedupeKey: options.dedupeKey ?? null },
    select: { id: true },
  });
}

/** The same job for many payloads in one insert (set-based callers: the matcher, batch transitions). */
export async function enqueueMany<N extends JobName>(
  tx: Tx,
  name: N,
  payloads: readonly JobPayload<N>[],
  options: { dedupeKey?: (payload: JobPayload<N>) => string } = {},
) {
  if (payloads.length === 0) return { count: 0 };
  return tx.outboxEvent.createMany({
    data: payloads.map((payload) => ({
      queue: queueOf(name),
      name,
      payload: jobPayloads[name].parse(payload) as object,
      dedupeKey: options.dedupeKey?.(payload) ?? null,
    })),
  });
}
