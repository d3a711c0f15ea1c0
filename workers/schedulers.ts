// Repeating work, registered idempotently with BullMQ job schedulers (upsert: restarting the worker or
// running several workers never creates duplicate schedules).
import type { WorkerEnv } from "~/utils/env-schema";
import type { Queues } from "./queues";

export type ScheduleDefinition = {
  id: string;
  queue: keyof Queues;
  jobName: string;
  pattern: (env: WorkerEnv) => string;
  /** The job's payload (default: none). */
  data?: Record<string, unknown>;
};

export const schedules: ScheduleDefinition[] = [];

export async function registerSchedulers(queues: Queues, env: WorkerEnv) {
  for (const s of schedules) {
    await queues[s.queue].upsertJobScheduler(s.id, { pattern: s.pattern(env) }, { name: s.jobName, data: s.data ?? {} });
  }
}
